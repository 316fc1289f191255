import { RESULT_STATUSES, SEVERITIES, type Result, type ResultStatus, type Severity } from '../engine/types.js';
import { severityRank, statusRank } from './severity.js';

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Most severe first, then by status, rule, resource type, resource id and fingerprint: a total, stable order. */
export function compareResults(a: Result, b: Result): number {
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    statusRank(a.status) - statusRank(b.status) ||
    compareText(a.rule_id, b.rule_id) ||
    compareText(a.resource_type, b.resource_type) ||
    compareText(a.zone_id ?? '', b.zone_id ?? '') ||
    compareText(a.resource_id, b.resource_id) ||
    compareText(a.fingerprint, b.fingerprint)
  );
}

export function sortResults(results: readonly Result[]): Result[] {
  return [...results].sort(compareResults);
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

/** A result that is reported as a finding (SARIF result, table row): failed or failed-but-suppressed. */
export function isFinding(result: Result): boolean {
  return result.status === 'fail' || result.status === 'suppressed';
}
