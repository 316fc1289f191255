/** One account's card in report.html: snapshot facts, status tiles, coverage, suppressions and baseline counts. */
import type { ResultStatus } from '../engine/types.js';
import { anchorFor } from './anchors.js';
import { coverageRows, isIncomplete } from './coverage.js';
import { humanAge, humanDuration, humanTime } from './human-time.js';
import type { StatusCounts } from './results.js';
import { STATUS_ORDER } from './severity.js';
import type { AccountReport } from './types.js';

export const STATUS_LABELS: Record<ResultStatus, string> = {
  fail: 'Fail',
  suppressed: 'Suppressed',
  error: 'Error',
  unknown: 'Unknown',
  pass: 'Pass',
  not_applicable: 'Not applicable',
};

export interface Tile {
  key: string;
  label: string;
  count: number;
  cls: string;
}

export interface CoverageRowView {
  scope: string;
  type: string;
  label: string;
  status: string;
  ok: boolean;
  count: number;
  requests: number;
  /**
   * Could not be read (`forbidden`, `error`): rules on it are unknown. `not_collected` (404, feature absent) is not.
   */
  incomplete: boolean;
  /** CSS modifier: `ok`, `absent` or `bad`. */
  tone: 'ok' | 'absent' | 'bad';
  why: string;
  permission: string;
}

export interface AccountView {
  id: string;
  name: string | null;
  anchor: string;
  baseUrl: string;
  snapshotDir: string;
  /** ISO time, the same for people, how long before the report, and how long collection took. */
  collectedIso: string;
  collectedAt: string;
  collectedAge: string;
  collectionTook: string;
  complete: boolean;
  problemCount: number;
  tiles: Tile[];
  coverage: CoverageRowView[];
  expiredSuppressions: { rule: string; resource: string; reason: string; expires: string }[];
  unmatchedSuppressions: { rule: string; resource: string; reason: string }[];
  baseline: { new: number; unchanged: number; fixed: number } | null;
}

export function statusTiles(counts: StatusCounts): Tile[] {
  return STATUS_ORDER.map((s) => ({ key: s, label: STATUS_LABELS[s], count: counts[s], cls: `st-${s}` }));
}

function coverageView(account: AccountReport): CoverageRowView[] {
  return coverageRows(account.manifest).map((row) => {
    const ok = row.status === 'ok';
    const parts = ok
      ? []
      : [row.httpStatus !== undefined ? `HTTP ${row.httpStatus}` : '', row.endpoint ?? '', row.message ?? ''].filter(
          Boolean,
        );
    const incomplete = isIncomplete(row.status);
    return {
      scope: row.scope === 'zone' ? `zone ${row.scopeId}` : 'account',
      type: row.type,
      label: row.label,
      status: row.status,
      ok,
      incomplete,
      tone: ok ? 'ok' : incomplete ? 'bad' : 'absent',
      count: row.count,
      requests: row.requests,
      why: parts.join(' · '),
      permission: incomplete ? row.permission : '',
    };
  });
}

/** `counts`: the account's results per status (`statusCounts`), which the caller needs as well. */
export function accountView(
  account: AccountReport,
  counts: StatusCounts,
  withBaseline: boolean,
  generatedAt: string,
): AccountView {
  const coverage = coverageView(account);
  const findings = account.results.filter((r) => r.status === 'fail' || r.status === 'suppressed');
  return {
    id: account.accountId,
    name: account.accountName ?? null,
    anchor: anchorFor('account', account.accountId),
    collectedIso: account.manifest.collected_at,
    collectedAt: humanTime(account.manifest.collected_at),
    collectedAge: humanAge(account.manifest.collected_at, generatedAt),
    collectionTook: humanDuration(account.manifest.requests?.duration_ms ?? Number.NaN),
    baseUrl: account.manifest.base_url,
    snapshotDir: account.snapshotDir,
    complete: !coverage.some((c) => c.incomplete),
    problemCount: coverage.filter((c) => c.incomplete).length,
    tiles: statusTiles(counts),
    coverage,
    expiredSuppressions: account.suppressions.expired.map((s) => ({
      rule: s.rule,
      resource: s.resource,
      reason: s.reason,
      expires: s.expires ? humanTime(s.expires) : '',
    })),
    unmatchedSuppressions: account.suppressions.unmatched.map((s) => ({
      rule: s.rule,
      resource: s.resource,
      reason: s.reason,
    })),
    baseline: withBaseline
      ? {
          new: findings.filter((r) => r.baseline_state === 'new').length,
          unchanged: findings.filter((r) => r.baseline_state === 'unchanged').length,
          fixed: (account.fixedSinceBaseline ?? []).length,
        }
      : null,
  };
}
