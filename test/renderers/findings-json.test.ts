import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { SCHEMAS_DIR } from '../../src/paths.js';
import { renderFindingsJson } from '../../src/renderers/findings-json.js';
import { ACCOUNT_ID, makeAccount, makeInput, makeResult, makeRichInput } from './fixtures.js';

const schema = JSON.parse(readFileSync(path.join(SCHEMAS_DIR, 'findings.schema.json'), 'utf8')) as object;
const ajv = new Ajv.default({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(schema);

function parse(text: string): Record<string, any> {
  const doc = JSON.parse(text) as Record<string, any>;
  const valid = validate(doc);
  expect(validate.errors ?? [], 'findings.json must match schemas/findings.schema.json').toEqual([]);
  expect(valid).toBe(true);
  return doc;
}

describe('renderFindingsJson', () => {
  it('validates against its schema for a rich, a clean and a baseline report', () => {
    parse(renderFindingsJson(makeRichInput()));
    parse(renderFindingsJson(makeInput()));
    const input = makeRichInput();
    input.baseline = { source: 'old/findings.json' };
    input.accounts[0]!.fixedSinceBaseline = [makeResult({ resource_id: 'gone', baseline_state: 'absent' })];
    const doc = parse(renderFindingsJson(input));
    expect(doc.baseline).toEqual({ source: 'old/findings.json' });
    expect(doc.accounts[0].fixed[0]).toMatchObject({ resource_id: 'gone', baseline_state: 'absent' });
  });

  it('includes every result of every status, sorted, with counts and coverage', () => {
    const doc = parse(renderFindingsJson(makeRichInput()));
    expect(doc).toMatchObject({ schema_version: 1, tool: { name: 'cf-access-audit', version: '0.1.0' }, generated_at: '2026-01-15T06:00:00.000Z' });
    const account = doc.accounts[0];
    expect(account.account_id).toBe(ACCOUNT_ID);
    expect(account.results).toHaveLength(10);
    expect(account.results.map((r: any) => r.status)).toEqual(
      ['unknown', 'fail', 'suppressed', 'fail', 'fail', 'pass', 'not_applicable', 'fail', 'error', 'fail'],
    );
    expect(account.counts.by_status).toEqual({ pass: 1, fail: 5, not_applicable: 1, unknown: 1, error: 1, suppressed: 1 });
    expect(account.counts.findings_by_severity).toEqual({ critical: 0, high: 1, medium: 2, low: 1, info: 1 });
    expect(account.snapshot.complete).toBe(false);
    expect(account.coverage.find((c: any) => c.resource_type === 'access_policy')).toMatchObject({ status: 'forbidden', http_status: 403 });
    expect(account.suppressions.expired).toHaveLength(1);
    expect(doc.rules.map((r: any) => r.id)).toContain('access-policy-no-everyone');
  });

  it('keeps null evidence values and omits unset optional keys', () => {
    const doc = parse(renderFindingsJson(makeInput({ accounts: [makeAccount({ results: [makeResult({ evidence: [{ path: 'x', value: undefined }] })] })] })));
    const result = doc.accounts[0].results[0];
    expect(result.evidence).toEqual([{ path: 'x', value: null }]);
    expect(Object.keys(result)).not.toContain('suppression');
    expect(Object.keys(result)).not.toContain('baseline_state');
  });

  it('is byte-identical for the same input, whatever the input order', () => {
    const a = makeRichInput();
    const b = makeRichInput();
    b.accounts[0]!.results.reverse();
    b.rules.reverse();
    expect(renderFindingsJson(a)).toBe(renderFindingsJson(b));
  });
});
