import { compareText } from '../common/order.js';
import { compareSeverity, SEVERITIES, type Severity } from '../common/severity.js';
import { RESULT_STATUSES, type Result, type ResultStatus } from '../engine/types.js';
import { statusRank } from './severity.js';

/**
 * The one order of results in every report and table: most severe first, then by status, rule, account, resource
 * type, zone, resource id and fingerprint (a total, stable order). Reports that group by account list the
 * accounts by id and each account's results in this order.
 */
export function compareResults(a: Result, b: Result): number {
  return (
    compareSeverity(a.severity, b.severity) ||
    statusRank(a.status) - statusRank(b.status) ||
    compareText(a.rule_id, b.rule_id) ||
    compareText(a.account_id, b.account_id) ||
    compareText(a.resource_type, b.resource_type) ||
    compareText(a.zone_id ?? '', b.zone_id ?? '') ||
    compareText(a.resource_id, b.resource_id) ||
    compareText(a.fingerprint, b.fingerprint)
  );
}

export function sortResults(results: readonly Result[]): Result[] {
  return [...results].sort(compareResults);
}

/**
 * The `n` worst of `kept` and `more` together, in report order (on a tie, `kept` first): for keeping the worst
 * findings of a run while its accounts go by one at a time. `resultOf` finds the result in an item.
 */
export function keepWorst<T>(kept: readonly T[], more: readonly T[], n: number, resultOf: (item: T) => Result): T[] {
  return [...kept, ...more].sort((a, b) => compareResults(resultOf(a), resultOf(b))).slice(0, n);
}

export { compareText };

export type StatusCounts = Record<ResultStatus, number>;
export type SeverityCounts = Record<Severity, number>;

export function countByStatus(results: readonly Result[]): StatusCounts {
  const counts = Object.fromEntries(RESULT_STATUSES.map((s) => [s, 0])) as StatusCounts;
  for (const r of results) counts[r.status] += 1;
  return counts;
}

export function countBySeverity(results: readonly Result[]): SeverityCounts {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
  for (const r of results) counts[r.severity] += 1;
  return counts;
}
