import type { Result } from '../engine/types.js';
import { TOOL_NAME } from '../paths.js';
import { coverageRows, isIncomplete } from './coverage.js';
import { reachJson, refJson } from './reach-json.js';
import { sortReach } from './reach-rows.js';
import { compareText, countBySeverity, countByStatus, isFinding, sortResults } from './results.js';
import { ruleFrameworks } from './rule-text.js';
import type { AccountReport, FailedAccount, ReportInput } from './types.js';

/** Bumped on any incompatible change of findings.json (documented in docs/findings-json.md). */
export const FINDINGS_SCHEMA_VERSION = 1;

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

function accountJson(account: AccountReport): Record<string, unknown> {
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
  const byState = { new: 0, unchanged: 0, absent: 0 };
  for (const r of findings) if (r.baseline_state) byState[r.baseline_state] += 1;
  return {
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
      total: results.length,
      by_status: countByStatus(results),
      findings_by_severity: countBySeverity(findings.filter((r) => r.status === 'fail')),
      baseline: { new: byState.new, unchanged: byState.unchanged, fixed: (account.fixedSinceBaseline ?? []).length },
    },
    results: results.map(resultJson),
    fixed: sortResults(account.fixedSinceBaseline ?? []).map(resultJson),
    ...(account.reach ? { reach: sortReach(account.reach).map(reachJson) } : {}),
    suppressions: {
      expired: account.suppressions.expired.map((s) => ({ ...s })),
      unmatched: account.suppressions.unmatched.map((s) => ({ ...s })),
    },
  };
}

/** Accounts the run could not report, in account-id order. */
function failedJson(failed: readonly FailedAccount[]): Record<string, unknown>[] {
  return [...failed].sort((a, b) => compareText(a.accountId, b.accountId)).map((f) => ({
    account_id: f.accountId, account_name: f.accountName ?? null, stage: f.stage, message: f.message,
  }));
}

/** `findings.json`: every result of every account (all statuses), for scripts. See docs/findings-json.md. */
export function renderFindingsJson(input: ReportInput): string {
  const rules = [...input.rules].sort((a, b) => compareText(a.id, b.id)).map((rule) => ({
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    resource_type: rule.resource,
    frameworks: Object.fromEntries(ruleFrameworks(rule).map((f) => [f.key, f.controls])),
    aliases: [...(rule.aliases ?? [])].sort(compareText),
    deprecated: rule.deprecated ?? false,
    builtin: rule.builtin,
  }));
  const doc = {
    schema_version: FINDINGS_SCHEMA_VERSION,
    tool: { name: TOOL_NAME, version: input.toolVersion },
    generated_at: input.generatedAt,
    baseline: input.baseline ? { source: input.baseline.source } : null,
    accounts: [...input.accounts].sort((a, b) => compareText(a.accountId, b.accountId)).map(accountJson),
    ...(input.failedAccounts?.length ? { failed_accounts: failedJson(input.failedAccounts) } : {}),
    rules,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
