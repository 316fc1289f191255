import { RESOURCE_TYPES, RESOURCE_TYPE_SPECS, type ResourceType } from '../catalog/resource-types.js';
import type { Snapshot } from '../snapshot/types.js';

/**
 * The fewest requests that can read `count` items of `type`: one per page at the endpoint's largest
 * page size (at least one), plus one per item for types whose list omits detail-only fields; one per item
 * for a type read per parent item (parents that have none are not asked).
 */
export function minimumRequests(type: ResourceType, count: number): number {
  const spec = RESOURCE_TYPE_SPECS[type];
  if (spec.perParent) return count;
  const pages = spec.paging === 'paged' ? Math.max(1, Math.ceil(count / (spec.maxPerPage ?? 1))) : 1;
  return pages + (spec.detailFields ? count : 0);
}

/** Minimum requests to collect a whole snapshot's account scope, per type and in total. */
export function minimumRequestsFor(snapshot: Snapshot): { total: number; byType: Record<ResourceType, number> } {
  const byType = {} as Record<ResourceType, number>;
  let total = 0;
  for (const type of RESOURCE_TYPES) {
    const count = snapshot.resources[type].filter((r) => r.scope.kind === 'account').length;
    byType[type] = minimumRequests(type, count);
    total += byType[type];
  }
  return { total, byType };
}
