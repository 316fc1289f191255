/**
 * Pass and not-applicable results, which outnumber findings about 15 to 1: counted per rule and resource type
 * instead of kept one by one (unless `--include-passing`), so a run holds only what its reports list.
 */
import type { Result, ResultStatus } from '../engine/types.js';
import type { PassingCount } from './findings-document.js';
import { compareText, countByStatus, type StatusCounts } from './results.js';
import type { AccountReport } from './types.js';

export function isPassing(r: Result): boolean {
  return r.status === 'pass' || r.status === 'not_applicable';
}

/** Adds the pass and not-applicable results of `results` to `rows` (rule id and type → counts). */
function tally(rows: Map<string, PassingCount>, results: Iterable<Result>): void {
  for (const r of results) {
    if (!isPassing(r)) continue;
    const key = `${r.rule_id}\u0000${r.resource_type}`;
    let row = rows.get(key);
    if (!row) {
      row = { rule_id: r.rule_id, resource_type: r.resource_type, pass: 0, not_applicable: 0 };
      rows.set(key, row);
    }
    row[r.status as 'pass' | 'not_applicable'] += 1;
  }
}

function sorted(rows: Map<string, PassingCount>): PassingCount[] {
  return [...rows.values()].sort(
    (a, b) => compareText(a.rule_id, b.rule_id) || compareText(a.resource_type, b.resource_type),
  );
}

/** `results` without its pass and not-applicable results, and those counted per rule and type. */
export function setPassingAside(results: readonly Result[]): { listed: Result[]; passing: PassingCount[] } {
  const rows = new Map<string, PassingCount>();
  tally(rows, results);
  return { listed: results.filter((r) => !isPassing(r)), passing: sorted(rows) };
}

/** Every pass and not-applicable result of the account, listed or counted, per rule and type (rule id order). */
export function passingCounts(account: Pick<AccountReport, 'results' | 'passing'>): PassingCount[] {
  const rows = new Map<string, PassingCount>();
  for (const row of account.passing ?? []) rows.set(`${row.rule_id}\u0000${row.resource_type}`, { ...row });
  tally(rows, account.results);
  return sorted(rows);
}

/** Results per status over every result of the account, counted ones included. */
export function statusCounts(account: Pick<AccountReport, 'results' | 'passing'>): StatusCounts {
  const counts = countByStatus(account.results);
  for (const row of account.passing ?? []) {
    counts.pass += row.pass;
    counts.not_applicable += row.not_applicable;
  }
  return counts;
}

/** Results counted rather than listed, of one rule, type and status. */
export interface CountedResults {
  ruleId: string;
  resourceType: PassingCount['resource_type'];
  status: ResultStatus;
  count: number;
}

/** The counted (unlisted) results, one entry per rule, type and status: for tallies over every result. */
export function* countedResults(account: Pick<AccountReport, 'passing'>): Generator<CountedResults> {
  for (const row of account.passing ?? []) {
    const of = { ruleId: row.rule_id, resourceType: row.resource_type };
    if (row.pass > 0) yield { ...of, status: 'pass', count: row.pass };
    if (row.not_applicable > 0) yield { ...of, status: 'not_applicable', count: row.not_applicable };
  }
}
