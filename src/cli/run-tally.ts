import { RESULT_STATUSES, SEVERITIES, type Result } from '../engine/types.js';
import { keepWorst, type SeverityCounts, type StatusCounts } from '../renderers/results.js';
import type { AccountReport } from '../renderers/types.js';

/** What the terminal's table, summary line, verdict and exit code need from a run's results. */
export interface RunTally {
  /** Listed results per status (pass and not_applicable only with --include-passing). */
  statuses: StatusCounts;
  /** Open findings (status fail) per severity. */
  open: SeverityCounts;
  /** Open findings new since the baseline. */
  newOpen: number;
  /** Findings of the baseline no longer found. */
  fixed: number;
  /** The worst open findings, in report order: at most `keep` of them. */
  worst: Result[];
}

/**
 * Counts the results of every account, reading one account at a time (spilled accounts are loaded once each),
 * and keeps only the `keep` worst open findings.
 */
export function tallyRun(accounts: readonly AccountReport[], keep = Number.POSITIVE_INFINITY): RunTally {
  const statuses = Object.fromEntries(RESULT_STATUSES.map((s) => [s, 0])) as StatusCounts;
  const open = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as SeverityCounts;
  let newOpen = 0;
  let fixed = 0;
  let worst: Result[] = [];
  for (const account of accounts) {
    const fails: Result[] = [];
    for (const r of account.results) {
      statuses[r.status] += 1;
      if (r.status !== 'fail') continue;
      open[r.severity] += 1;
      if (r.baseline_state === 'new') newOpen += 1;
      fails.push(r);
    }
    fixed += account.fixedSinceBaseline?.length ?? 0;
    worst = keepWorst(worst, fails, keep, (r) => r);
  }
  return { statuses, open, newOpen, fixed, worst };
}

/** Total of a count per severity (or any record of counts). */
export function total(counts: Readonly<Record<string, number>>): number {
  return Object.values(counts).reduce((sum, n) => sum + n, 0);
}
