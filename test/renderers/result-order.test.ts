import { describe, expect, it } from 'vitest';
import { tallyRun } from '../../src/cli/run-tally.js';
import { findingsTable } from '../../src/cli/findings-table.js';
import type { Result } from '../../src/engine/types.js';
import { renderFindingsJson } from '../../src/renderers/findings-json.js';
import { buildHtmlViewModel } from '../../src/renderers/html-view-model.js';
import { isFinding } from '../../src/engine/types.js';
import { compareResults, sortResults } from '../../src/renderers/results.js';
import { buildSarifLog } from '../../src/renderers/sarif.js';
import { renderSummaryMarkdown } from '../../src/renderers/summary-markdown.js';
import type { ReportInput } from '../../src/renderers/types.js';
import { makeAccount, makeInput, makeManifest, makeResult } from './fixtures.js';

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);

/** Each result's message is a marker (M01…) that every output prints; markers are numbered in input order. */
function results(account: string, first: number): Result[] {
  const specs: Partial<Result>[] = [
    { rule_id: 'service-token-expiry', severity: 'low', resource_type: 'service_token', resource_id: 'tok-1' },
    { rule_id: 'access-application-http-only-cookie', resource_id: 'app-2' },
    {
      rule_id: 'access-policy-no-everyone',
      severity: 'critical',
      resource_type: 'access_policy',
      resource_id: 'pol-1',
    },
    { rule_id: 'access-application-http-only-cookie', resource_id: 'app-1', zone_id: 'zone-b' },
    {
      rule_id: 'access-application-session-duration',
      severity: 'high',
      resource_id: 'app-1',
      status: 'suppressed',
      suppression: { reason: 'accepted', original_status: 'fail' },
    },
    { rule_id: 'access-application-http-only-cookie', resource_id: 'app-1', zone_id: 'zone-a' },
    { rule_id: 'access-application-session-duration', severity: 'high', resource_id: 'app-3' },
    { rule_id: 'access-application-logo-https', severity: 'info', resource_id: 'app-1' },
    {
      rule_id: 'access-application-http-only-cookie',
      resource_id: 'app-0',
      status: 'unknown',
      detail: 'not collected',
    },
  ];
  return specs.map((spec, i) =>
    makeResult({
      ...spec,
      account_id: account,
      message: `M${String(first + i).padStart(2, '0')}`,
      evidence: [],
    }),
  );
}

function twoAccountInput(): ReportInput {
  // B before A, so outputs must sort the accounts themselves.
  return makeInput({
    sarifSuppressed: true,
    accounts: [
      makeAccount({ accountId: B, manifest: makeManifest({}, B), results: results(B, 20), snapshotDir: 'snap-b' }),
      makeAccount({ accountId: A, manifest: makeManifest({}, A), results: results(A, 1), snapshotDir: 'snap-a' }),
    ],
  });
}

function markers(text: string): string[] {
  return [...text.matchAll(/\bM\d\d\b/g)].map((m) => m[0]);
}

/** The expected order of reports that group by account: accounts by id, each account's results by compareResults. */
function perAccount(input: ReportInput, keep: (r: Result) => boolean): string[] {
  return [...input.accounts]
    .sort((x, y) => (x.accountId < y.accountId ? -1 : 1))
    .flatMap((account) =>
      sortResults(account.results)
        .filter(keep)
        .map((r) => r.message),
    );
}

/** The expected order of flat lists over every account: compareResults alone. */
function flat(input: ReportInput, keep: (r: Result) => boolean): string[] {
  return sortResults(input.accounts.flatMap((a) => a.results))
    .filter(keep)
    .map((r) => r.message);
}

const failing = (r: Result): boolean => r.status === 'fail';

describe('one result order in every output', () => {
  it('orders by severity, status, rule, account, resource type, zone and resource id', () => {
    const input = twoAccountInput();
    const ordered = sortResults(input.accounts.flatMap((a) => a.results));
    const key = (r: Result): string =>
      `${r.severity} ${r.status} ${r.rule_id} ${r.account_id.slice(0, 1)} ${r.zone_id ?? ''} ${r.resource_id}`;
    expect(ordered.slice(0, 8).map(key)).toEqual([
      'critical fail access-policy-no-everyone a  pol-1',
      'critical fail access-policy-no-everyone b  pol-1',
      'high fail access-application-session-duration a  app-3',
      'high fail access-application-session-duration b  app-3',
      'high suppressed access-application-session-duration a  app-1',
      'high suppressed access-application-session-duration b  app-1',
      'medium fail access-application-http-only-cookie a  app-2',
      'medium fail access-application-http-only-cookie a zone-a app-1',
    ]);
    for (let i = 1; i < ordered.length; i += 1) expect(compareResults(ordered[i - 1]!, ordered[i]!)).toBeLessThan(0);
  });

  it('SARIF lists each run in that order', () => {
    const input = twoAccountInput();
    const log = buildSarifLog(input);
    const listed = log.runs.flatMap((run) => (run.results ?? []).map((r) => markers(r.message.text ?? '')[0]));
    expect(listed).toEqual(perAccount(input, isFinding));
  });

  it('findings.json lists each account in that order', () => {
    const input = twoAccountInput();
    const doc = JSON.parse(renderFindingsJson(input)) as { accounts: { results: { message: string }[] }[] };
    expect(doc.accounts.flatMap((a) => a.results.map((r) => r.message))).toEqual(perAccount(input, () => true));
  });

  it("summary.md lists each account's top findings in that order", () => {
    const input = twoAccountInput();
    const md = renderSummaryMarkdown(input);
    const tops = md
      .split('### Top findings')
      .slice(1)
      .map((section) => section.split('\n## ')[0]!);
    expect(tops).toHaveLength(2);
    expect(tops.flatMap(markers)).toEqual(perAccount(input, failing));
  });

  it('report.html lists the findings of each account in that order, and the verdict across accounts', () => {
    const input = twoAccountInput();
    const view = buildHtmlViewModel(input);
    expect(view.data.findings.map((f) => f.m)).toEqual(perAccount(input, () => true));
    const top = view.verdict.top.map((t) => t.message);
    expect(top.length).toBeGreaterThan(2);
    expect(top).toEqual(flat(input, failing).slice(0, top.length));
  });

  it('the CLI findings table lists open findings across accounts in that order', () => {
    const input = twoAccountInput();
    const table = findingsTable(input, tallyRun(input.accounts), { color: false });
    expect(markers(table)).toEqual(flat(input, failing));
  });
});
