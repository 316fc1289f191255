import { describe, expect, it } from 'vitest';
import { setPassingAside, passingCounts, statusCounts } from '../../src/renderers/passing.js';
import { renderFindingsJson } from '../../src/renderers/findings-json.js';
import { renderHtml } from '../../src/renderers/html.js';
import { renderSarif } from '../../src/renderers/sarif.js';
import { renderSummaryMarkdown } from '../../src/renderers/summary-markdown.js';
import { resultRegions, snapshotDocuments } from '../../src/renderers/locations.js';
import { makeResourceRecord } from '../../src/snapshot/layout.js';
import { RESOURCE_TYPES } from '../../src/catalog/resource-types.js';
import type { ReportInput } from '../../src/renderers/types.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { makeRichInput, makeResult } from './fixtures.js';

/** The rich input with more passes, on two types, so that counts per rule and type are exercised. */
function fullInput(): ReportInput {
  const input = makeRichInput();
  const [account] = input.accounts;
  const passes = ['app-4', 'app-5'].map((id) =>
    makeResult({ resource_id: id, status: 'pass', message: '', evidence: [] }),
  );
  const token = makeResult({
    rule_id: 'service-token-expiry',
    severity: 'low',
    resource_type: 'service_token',
    resource_id: 'tok-3',
    status: 'not_applicable',
    message: '',
    evidence: [],
  });
  return { ...input, accounts: [{ ...account!, results: [...account!.results, ...passes, token] }] };
}

/** The same input as the pipeline keeps it: passes counted, not listed. */
function compact(input: ReportInput): ReportInput {
  return {
    ...input,
    accounts: input.accounts.map((account) => {
      const { listed, passing } = setPassingAside(account.results);
      return { ...account, results: listed, passing };
    }),
  };
}

describe('passes counted instead of listed', () => {
  it('sets pass and not-applicable results aside as counts per rule and type', () => {
    const { listed, passing } = setPassingAside(fullInput().accounts[0]!.results);
    expect(listed.map((r) => r.status)).not.toContain('pass');
    expect(listed.map((r) => r.status)).not.toContain('not_applicable');
    expect(passing).toEqual([
      {
        rule_id: 'access-application-http-only-cookie',
        resource_type: 'access_application',
        pass: 3,
        not_applicable: 1,
      },
      { rule_id: 'service-token-expiry', resource_type: 'service_token', pass: 0, not_applicable: 1 },
    ]);
  });

  it('counts the same whether results are listed or counted', () => {
    const full = fullInput().accounts[0]!;
    const small = compact(fullInput()).accounts[0]!;
    expect(statusCounts(small)).toEqual(statusCounts(full));
    expect(statusCounts(small).pass).toBe(3);
    expect(passingCounts(small)).toEqual(passingCounts(full));
  });

  it('gives byte-identical reports from counted passes', () => {
    const full = fullInput();
    const small = compact(full);
    expect(renderFindingsJson(small)).toBe(renderFindingsJson(full));
    expect(renderSarif(small)).toBe(renderSarif(full));
    expect(renderSummaryMarkdown(small)).toBe(renderSummaryMarkdown(full));
    expect(renderHtml(small)).toBe(renderHtml(full));
  });

  it('gives the same SARIF regions from regions computed at evaluation as from the snapshot files', () => {
    const record = makeResourceRecord(
      'access_application',
      { kind: 'account', id: 'a'.repeat(32) },
      {
        id: 'app-1',
        name: 'wiki',
        domain: 'wiki.example.com',
        http_only_cookie_attribute: false,
      },
    );
    const input = makeRichInput();
    const account = input.accounts[0]!;
    const resources = Object.fromEntries(RESOURCE_TYPES.map((t) => [t, t === 'access_application' ? [record] : []]));
    const documents = snapshotDocuments({ manifest: account.manifest, resources } as unknown as Snapshot);
    const withDocuments = { ...input, accounts: [{ ...account, documents }] };
    const regions = resultRegions(account.results, { manifest: account.manifest, documents });
    expect(regions.size).toBeGreaterThan(0);
    const withRegions = { ...input, accounts: [{ ...account, regions }] };
    const sarif = renderSarif(withRegions);
    expect(sarif).toBe(renderSarif(withDocuments));
    expect(sarif).not.toBe(renderSarif(input));
  });
});
