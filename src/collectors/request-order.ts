import type { ResourceTypeSpec } from '../snapshot/resource-types.js';

/**
 * Requests a full listing of `spec` can need after its first answer: the continuation pages at the
 * documented object-count limit, or (for types read item by item) at least one per-item read. 0 when the
 * first answer always ends it.
 */
export function possibleFollowUps(spec: ResourceTypeSpec): number {
  const pages = spec.paging === 'paged' && spec.maxPerPage && spec.accountLimit
    ? Math.ceil(spec.accountLimit / spec.maxPerPage)
    : 1;
  return pages - 1 + (spec.detailFields ? Math.max(1, spec.accountLimit ?? 1) : 0);
}

/**
 * Orders collection jobs so that those whose first answer may reveal more requests start first (most
 * follow-ups first, otherwise catalog order): their second round trip then starts as early as it can.
 */
export function followUpsFirst<T extends { spec: ResourceTypeSpec }>(jobs: readonly T[]): T[] {
  return jobs
    .map((job, index) => ({ job, index, rank: possibleFollowUps(job.spec) }))
    .sort((a, b) => b.rank - a.rank || a.index - b.index)
    .map(({ job }) => job);
}
