import { RESOURCE_TYPES, RESOURCE_TYPE_SPECS, type ResourceTypeSpec } from '../snapshot/resource-types.js';

/**
 * Requests a full listing of `spec` can need after its first answer: the continuation pages at the
 * documented object-count limit, or (for types read item by item) at least one per-item read, plus the
 * reads of the types read per item of this one. 0 when the first answer always ends it; 0 for a type read
 * per parent item, whose reads wait for (and are counted with) its parent.
 */
export function possibleFollowUps(spec: ResourceTypeSpec): number {
  if (spec.perParent) return 0;
  const pages = spec.paging === 'paged' && spec.maxPerPage && spec.accountLimit
    ? Math.ceil(spec.accountLimit / spec.maxPerPage)
    : 1;
  const children = RESOURCE_TYPES.map((type) => RESOURCE_TYPE_SPECS[type])
    .filter((child) => child.perParent?.type === spec.type)
    .reduce((sum, child) => sum + Math.max(1, child.accountLimit ?? spec.accountLimit ?? 1), 0);
  return pages - 1 + (spec.detailFields ? Math.max(1, spec.accountLimit ?? 1) : 0) + children;
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
