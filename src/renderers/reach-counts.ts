/** Exposure counts: how many resources of each type each principal class reaches (its broadest class). */
import { PRINCIPAL_CLASSES, type PrincipalClass } from '../reach/classes.js';
import { REACH_TYPES, type PublicReach, type ReachType } from '../reach/model.js';

export interface ExposureRow {
  cls: PrincipalClass;
  counts: Record<ReachType, number>;
  total: number;
}

function emptyCounts(): Record<ReachType, number> {
  return Object.fromEntries(REACH_TYPES.map((t) => [t, 0])) as Record<ReachType, number>;
}

/** One row per class, broadest first, all zero: `countExposure` adds to them. */
export function emptyExposureRows(): ExposureRow[] {
  return PRINCIPAL_CLASSES.map((cls) => ({ cls, counts: emptyCounts(), total: 0 }));
}

/** Adds each resource of `reach` to the row of its broadest class. */
export function countExposure(rows: ExposureRow[], reach: readonly PublicReach[]): void {
  const byClass = new Map(rows.map((r) => [r.cls, r]));
  for (const r of reach) {
    const row = byClass.get(r.broadest);
    if (!row) continue;
    row.counts[r.type] += 1;
    row.total += 1;
  }
}

/** One row per class, broadest first; classes no resource has are left out unless `keepEmpty`. */
export function exposureRows(reach: readonly PublicReach[], keepEmpty = false): ExposureRow[] {
  const rows = emptyExposureRows();
  countExposure(rows, reach);
  return keepEmpty ? rows : rows.filter((r) => r.total > 0);
}
