import { isFinding, type Result } from '../engine/types.js';
import { TOOL_NAME } from '../paths.js';
import { coverageRows, isIncomplete } from './coverage.js';
import { reachJson, refJson } from './reach-json.js';
import { sortReach } from './reach-rows.js';
import { compareText, countBySeverity, sortResults } from './results.js';
import { isPassing, passingCounts, statusCounts } from './passing.js';
import { ruleFrameworks } from './rule-text.js';
import { jsonChunks, streamed } from './json-chunks.js';
import type { AccountReport, FailedAccount, ReportInput } from './types.js';
import type { FindingsAccount, FindingsDocument, FindingsFailedAccount, FindingsRule } from './findings-document.js';

/**
 * Bumped on any incompatible change of findings.json (documented in docs/findings-json.md).
 * 2: pass and not_applicable results are counted in `passing`, listed in `results` only with --include-passing.
 */
export const FINDINGS_SCHEMA_VERSION = 2;

/** One result with its keys in a fixed order; optional keys are present only when set. */
function resultJson(r: Result): Record<string, unknown> {
  const out: Record<string, unknown> = {
    rule_id: r.rule_id,
    status: r.status,
    severity: r.severity,
    account_id: r.account_id,
    resource_type: r.resource_type,
    resource_id: r.resource_id,
    resource_name: r.resource_name,
    file: r.file,
  };
  if (r.zone_id) out.zone_id = r.zone_id;
  if (r.application) out.application = { id: r.application.id, name: r.application.name };
  out.fingerprint = r.fingerprint;
  out.message = r.message;
  out.evidence = r.evidence.map((e) => ({ path: e.path, value: e.value ?? null }));
  if (r.exposes && r.exposes.length > 0) out.exposes = r.exposes.map(refJson);
  if (r.suppression) {
    out.suppression = {
      reason: r.suppression.reason,
      ...(r.suppression.expires ? { expires: r.suppression.expires } : {}),
      original_status: r.suppression.original_status,
    };
  }
  if (r.detail) out.detail = r.detail;
  if (r.baseline_state) out.baseline_state = r.baseline_state;
  return out;
}

/** One account's object, its results streamed (each serialised only while written). */
function accountJson(account: AccountReport, includePassing: boolean): Record<string, unknown> {
  const results = sortResults(account.results);
  const findings = results.filter(isFinding);
  const coverage = coverageRows(account.manifest).map((row) => ({
    scope: row.scope,
    scope_id: row.scopeId,
    resource_type: row.type,
    status: row.status,
    count: row.count,
    requests: row.requests,
    ...(row.httpStatus !== undefined ? { http_status: row.httpStatus } : {}),
    ...(row.endpoint !== undefined ? { endpoint: row.endpoint } : {}),
    ...(row.message !== undefined ? { message: row.message } : {}),
    permission: row.permission,
  }));
  const byStatus = statusCounts(account);
  const byState = { new: 0, unchanged: 0, absent: 0 };
  for (const r of findings) if (r.baseline_state) byState[r.baseline_state] += 1;
  const head: Omit<FindingsAccount, 'results' | 'fixed' | 'reach' | 'suppressions'> = {
    account_id: account.accountId,
    account_name: account.accountName ?? null,
    snapshot: {
      dir: account.snapshotDir,
      collected_at: account.manifest.collected_at,
      base_url: account.manifest.base_url,
      zone_ids: [...account.manifest.zone_ids].sort(compareText),
      complete: !coverage.some((c) => isIncomplete(c.status)),
    },
    coverage,
    counts: {
      total: Object.values(byStatus).reduce((sum, n) => sum + n, 0),
      by_status: byStatus,
      findings_by_severity: countBySeverity(findings.filter((r) => r.status === 'fail')),
      baseline: { new: byState.new, unchanged: byState.unchanged, fixed: (account.fixedSinceBaseline ?? []).length },
    },
    passing: passingCounts(account),
  };
  const tail = {
    fixed: sortResults(account.fixedSinceBaseline ?? []).map(resultJson),
    ...(account.reach ? { reach: sortReach(account.reach).map(reachJson) } : {}),
    suppressions: {
      expired: account.suppressions.expired.map((s) => ({ ...s })),
      unmatched: account.suppressions.unmatched.map((s) => ({ ...s })),
    },
  };
  const listed = includePassing ? results : results.filter((r) => !isPassing(r));
  return { ...head, results: streamed(listed, resultJson), ...tail };
}

/** Accounts the run could not report, in account-id order. */
function failedJson(failed: readonly FailedAccount[]): FindingsFailedAccount[] {
  return [...failed]
    .sort((a, b) => compareText(a.accountId, b.accountId))
    .map((f) => ({
      account_id: f.accountId,
      account_name: f.accountName ?? null,
      stage: f.stage,
      message: f.message,
    }));
}

/**
 * `findings.json` in pieces (each a whole number of results, so a scrubber sees every string whole): failing,
 * suppressed, unknown and error results in full, pass and not_applicable counted per rule and type (listed too
 * with `input.includePassing`). See docs/findings-json.md.
 */
export function* findingsJsonChunks(input: ReportInput): Generator<string> {
  const rules = [...input.rules]
    .sort((a, b) => compareText(a.id, b.id))
    .map((rule): FindingsRule => ({
      id: rule.id,
      title: rule.title,
      severity: rule.severity,
      resource_type: rule.resource,
      frameworks: Object.fromEntries(ruleFrameworks(rule).map((f) => [f.key, f.controls])),
      aliases: [...(rule.aliases ?? [])].sort(compareText),
      deprecated: rule.deprecated ?? false,
      builtin: rule.builtin,
    }));
  const includePassing = input.includePassing === true;
  const head: Pick<FindingsDocument, 'schema_version' | 'tool' | 'generated_at' | 'baseline' | 'include_passing'> = {
    schema_version: FINDINGS_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: input.toolVersion },
    generated_at: input.generatedAt,
    baseline: input.baseline ? { source: input.baseline.source } : null,
    include_passing: includePassing,
  };
  const tail = {
    ...(input.failedAccounts?.length ? { failed_accounts: failedJson(input.failedAccounts) } : {}),
    rules,
  };
  const accounts = [...input.accounts].sort((a, b) => compareText(a.accountId, b.accountId));
  yield* jsonChunks({ ...head, accounts: streamed(accounts, (a) => accountJson(a, includePassing)), ...tail });
  yield '\n';
}

/** `findings.json` as one string (tests, `--out -`); the CLI writes it piece by piece (findingsJsonChunks). */
export function renderFindingsJson(input: ReportInput): string {
  return [...findingsJsonChunks(input)].join('');
}
