import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAjv } from '../../src/common/ajv.js';
import { evaluateSnapshots } from '../../src/cli/pipeline/evaluate-accounts.js';
import { ProgressReporter } from '../../src/cli/progress.js';
import { loadAllRules } from '../../src/engine/load-rules.js';
import { DEMO_ACCOUNT_DIR, SCHEMAS_DIR } from '../../src/paths.js';
import { PRINCIPAL_CLASSES } from '../../src/reach/classes.js';
import { REACH_TYPES } from '../../src/reach/model.js';
import { DECISIONS } from '../../src/reach/policies.js';
import { DEAD_REASONS } from '../../src/reach/ways.js';
import { findingsJsonChunks, renderFindingsJson } from '../../src/renderers/findings-json.js';
import { ACCOUNT_ID, GENERATED_AT, makeAccount, makeInput, makeResult, makeRichInput } from './fixtures.js';
import { makeReachInput } from './reach-fixtures.js';

const schema = JSON.parse(readFileSync(path.join(SCHEMAS_DIR, 'findings.schema.json'), 'utf8')) as Record<string, any>;
const validate = createAjv({ strict: true }).compile(schema);

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

  it('lists failing, suppressed, unknown and error results, counts the rest per rule and type', () => {
    const doc = parse(renderFindingsJson(makeRichInput()));
    expect(doc).toMatchObject({
      schema_version: 2,
      tool: { name: 'cf-access-audit', version: '0.1.0' },
      generated_at: '2026-01-15T06:00:00.000Z',
      include_passing: false,
    });
    const account = doc.accounts[0];
    expect(account.account_id).toBe(ACCOUNT_ID);
    expect(account.results.map((r: any) => r.status)).toEqual([
      'unknown',
      'fail',
      'suppressed',
      'fail',
      'fail',
      'fail',
      'error',
      'fail',
    ]);
    expect(account.counts.total).toBe(10);
    expect(account.counts.by_status).toEqual({
      pass: 1,
      fail: 5,
      not_applicable: 1,
      unknown: 1,
      error: 1,
      suppressed: 1,
    });
    const rule = makeRichInput().accounts[0]!.results.find((r) => r.status === 'pass')!.rule_id;
    expect(account.passing).toEqual([
      { rule_id: rule, resource_type: 'access_application', pass: 1, not_applicable: 1 },
    ]);
    expect(account.counts.findings_by_severity).toEqual({ critical: 0, high: 1, medium: 2, low: 1, info: 1 });
    expect(account.snapshot.complete).toBe(false);
    expect(account.coverage.find((c: any) => c.resource_type === 'access_policy')).toMatchObject({
      status: 'forbidden',
      http_status: 403,
    });
    expect(account.suppressions.expired).toHaveLength(1);
    expect(doc.rules.map((r: any) => r.id)).toContain('access-policy-no-everyone');
  });

  it('lists every result of every status with --include-passing', () => {
    const doc = parse(renderFindingsJson({ ...makeRichInput(), includePassing: true }));
    expect(doc.include_passing).toBe(true);
    expect(doc.accounts[0].results.map((r: any) => r.status)).toEqual([
      'unknown',
      'fail',
      'suppressed',
      'fail',
      'fail',
      'pass',
      'not_applicable',
      'fail',
      'error',
      'fail',
    ]);
    expect(doc.accounts[0].passing).toMatchObject([{ pass: 1, not_applicable: 1 }]);
  });

  it('writes in pieces of whole results exactly what JSON.stringify writes, for 0, 1 and 2 accounts', () => {
    const rich = makeRichInput();
    const two = { ...rich, accounts: [rich.accounts[0]!, { ...makeAccount(), accountId: 'f'.repeat(32) }] };
    for (const input of [makeInput({ accounts: [] }), rich, { ...rich, includePassing: true }, two]) {
      const pieces = [...findingsJsonChunks(input)];
      const text = pieces.join('');
      expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
      expect(text).toBe(renderFindingsJson(input));
      const results = input.accounts.reduce(
        (n, a) => n + JSON.parse(text).accounts.find((x: any) => x.account_id === a.accountId).results.length,
        0,
      );
      expect(pieces.length).toBeGreaterThanOrEqual(results);
    }
  });

  it('keeps null evidence values and omits unset optional keys', () => {
    const doc = parse(
      renderFindingsJson(
        makeInput({
          accounts: [makeAccount({ results: [makeResult({ evidence: [{ path: 'x', value: undefined }] })] })],
        }),
      ),
    );
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

  it('writes reach per resource, broadest first, and exposes on results, valid against the schema', () => {
    const doc = parse(renderFindingsJson(makeReachInput()));
    const account = doc.accounts[0];
    expect(Object.keys(account)).toEqual([
      'account_id',
      'account_name',
      'snapshot',
      'coverage',
      'counts',
      'passing',
      'results',
      'fixed',
      'reach',
      'suppressions',
    ]);
    expect(account.reach.map((r: any) => `${r.broadest}/${r.type}/${r.id}`)).toEqual([
      'internet/access_application/app-grafana',
      'any_email/access_application/app-xss',
      'email_domain/access_application/app-portal',
      'email_domain/mcp_server/srv-tools',
      'named/access_application/app-ssh',
      'named/access_application/app-1',
      'named/infrastructure_target/tgt-db',
      'nobody/mcp_portal/portal-support',
    ]);
    const grafana = account.reach[0];
    expect(grafana.dead).toEqual([expect.objectContaining({ reason: 'shadowed', shadowed_by: 'pol-health' })]);
    expect(Object.keys(grafana.ways[0])).toEqual([
      'policy',
      'policy_name',
      'decision',
      'class',
      'identity',
      'idps',
      'credentials',
      'conditions',
      'unknown',
      'groups',
      'has_exceptions',
    ]);
    expect(account.reach.find((r: any) => r.id === 'tgt-db').ways[0].through).toEqual({
      type: 'access_application',
      id: 'app-ssh',
      name: 'Production servers (SSH)',
    });
    const policy = account.results.find((r: any) => r.resource_id === 'pol-health');
    expect(policy.exposes.map((e: any) => e.id)).toEqual(['app-grafana', 'app-ssh', 'tgt-db']);
    expect(account.results.find((r: any) => r.resource_id === 'app-1')).not.toHaveProperty('exposes');
    expect(doc.accounts[0]).not.toHaveProperty('idp_names');
    expect(parse(renderFindingsJson(makeRichInput())).accounts[0]).not.toHaveProperty('reach');
  });

  it('takes the enums of reach from the code (classes, types, decisions, dead reasons)', () => {
    const defs = schema.definitions;
    expect(defs.principal_class.enum).toEqual([...PRINCIPAL_CLASSES]);
    expect(defs.reach_type.enum).toEqual([...REACH_TYPES]);
    expect(defs.way_in.properties.decision.enum).toEqual(DECISIONS.filter((d) => d !== 'deny'));
    expect(defs.dead_policy.properties.reason.enum).toEqual([...DEAD_REASONS]);
  });

  it('validates the demo account’s report, reach included', async () => {
    const rules = await loadAllRules();
    const setup = {
      rules,
      ruleOptions: {},
      disabledRules: [],
      severityOverrides: {},
      suppressions: [],
      baseline: undefined,
      configSource: 'test',
    };
    const progress = new ProgressReporter({ stream: { write: () => true, isTTY: false }, env: {}, verbosity: 'quiet' });
    const input = await evaluateSnapshots(
      [{ target: { id: 'demo' }, dir: DEMO_ACCOUNT_DIR }],
      setup,
      DEMO_ACCOUNT_DIR,
      new Date(GENERATED_AT),
      progress,
    );
    const doc = parse(renderFindingsJson(input));
    expect(doc.accounts[0].reach.length).toBeGreaterThan(0);
    expect(doc.accounts[0].results.some((r: any) => r.exposes)).toBe(true);
  }, 60_000);
});
