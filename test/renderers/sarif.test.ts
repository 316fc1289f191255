import { describe, expect, it } from 'vitest';
import { buildSarifLog, renderSarif } from '../../src/renderers/sarif.js';
import type { Result } from '../../src/engine/types.js';
import type { AccountReport, ReportInput, SnapshotDocuments } from '../../src/renderers/types.js';
import { formatJson } from '../../src/snapshot/write.js';
import { ACCOUNT_ID, makeAccount, makeInput, makeManifest, makeResult, makeRichInput, makeRule } from './fixtures.js';
import { runMultitool, sarifSchemaErrors } from './sarif-validators.js';
import { exposingResult, makeReachInput } from './reach-fixtures.js';

type Json = Record<string, any>;

function run0(log: Json): Json {
  return log.runs[0];
}

describe('renderSarif', () => {
  it('produces a schema-valid log that SARIF Multitool with the GitHub rules accepts', () => {
    const inputs = {
      rich: makeRichInput(),
      clean: makeInput(),
      baseline: (() => {
        const input = makeRichInput();
        input.baseline = { source: 'previous/findings.json' };
        input.accounts[0]!.results = input.accounts[0]!.results.map((r, i) => ({
          ...r,
          baseline_state: i % 2 ? 'new' : 'unchanged',
        }));
        return input;
      })(),
      clockSkew: makeInput({ generatedAt: '2026-01-15T05:00:00.000Z' }),
      located: locatedInput(),
      reach: makeReachInput(),
      featureAbsent: makeInput({
        accounts: [
          makeAccount({
            manifest: makeManifest({
              mcp_portal: { status: 'not_collected', count: 0, requests: 1, http_status: 404 },
            }),
          }),
        ],
      }),
      twoAccounts: makeInput({
        accounts: [
          makeAccount({
            accountId: 'b'.repeat(32),
            manifest: makeManifest({}, 'b'.repeat(32)),
            snapshotDir: 'snapshots/bbb',
            results: [makeResult({ account_id: 'b'.repeat(32) })],
          }),
          makeAccount({ results: [makeResult()], snapshotDir: 'snapshots/aaa' }),
        ],
      }),
    };
    // One Multitool process for all of them (it takes seconds to start): their runs in one log.
    const runs: Json[] = [];
    for (const [name, input] of Object.entries(inputs)) {
      const log = JSON.parse(renderSarif(input)) as Json;
      expect(sarifSchemaErrors(log), name).toEqual([]);
      runs.push(...log.runs);
    }
    const combined = JSON.stringify({ ...buildSarifLog(makeInput()), runs }, null, 2);
    expect(runMultitool(combined).filter((f) => f.level === 'error')).toEqual([]);
  });

  it('describes the tool, one run per account with a stable automation id, and every rule', () => {
    const log = buildSarifLog(makeRichInput());
    expect(log.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
    expect(log.version).toBe('2.1.0');
    const run = run0(log);
    expect(run.automationDetails).toEqual({ id: `cf-access-audit/${ACCOUNT_ID}/` });
    const driver = run.tool.driver;
    expect(driver).toMatchObject({ name: 'cf-access-audit', version: '0.1.0', semanticVersion: '0.1.0' });
    expect(driver.informationUri).toMatch(/^https:\/\//);
    expect(driver.rules.map((r: Json) => r.id)).toEqual([
      'access-application-http-only-cookie',
      'access-application-logo-https',
      'access-application-session-duration',
      'access-policy-no-everyone',
      'service-token-expiry',
    ]);
    const policy = driver.rules[3];
    expect(policy).toMatchObject({
      name: 'AccessPolicyNoEveryone',
      shortDescription: { text: 'Reusable Access policies do not allow everyone' },
      defaultConfiguration: { level: 'error' },
      deprecatedIds: ['access-policy-everyone-allowed'],
      helpUri: 'https://github.com/cf-access-audit/cf-access-audit/blob/main/docs/rules.md#access-policy-no-everyone',
    });
    expect(policy.properties['security-severity']).toBe('9.5');
    expect(policy.properties.tags).toEqual(['security', 'authorization', 'nist-800-53', 'soc2', 'access_policy']);
    for (const key of ['Dashboard', 'API', 'Terraform']) {
      expect(policy.help.text).toContain(`${key}:`);
      expect(policy.help.markdown).toContain(`**${key}:**`);
    }
    const info = driver.rules[1];
    expect(info.defaultConfiguration.level).toBe('note');
    expect(info.properties['security-severity']).toBeUndefined();
    expect(driver.rules.map((r: Json) => r.properties['security-severity'])).toEqual([
      '5.5',
      undefined,
      '8.0',
      '9.5',
      '3.0',
    ]);
  });

  it('reports only failed results, most severe first, each with both locations and fingerprints', () => {
    const run = run0(buildSarifLog(makeRichInput()));
    expect(run.results.map((r: Json) => [r.ruleId, r.level, r.properties.resourceId])).toEqual([
      ['access-application-session-duration', 'error', 'app-1'],
      ['access-application-http-only-cookie', 'warning', 'app-1'],
      ['access-application-http-only-cookie', 'warning', 'app-xss'],
      ['service-token-expiry', 'note', 'tok-1'],
      ['access-application-logo-https', 'note', 'app-1'],
    ]);
    const first = run.results[0];
    const fp = makeResult({ rule_id: 'access-application-session-duration', resource_id: 'app-1' }).fingerprint;
    expect(first.ruleIndex).toBe(2);
    expect(first.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: 'snapshot/access_application/app-1.json', uriBaseId: 'REPORTROOT' },
          region: { startLine: 1 },
        },
        logicalLocations: [
          { name: 'wiki', fullyQualifiedName: `accounts/${ACCOUNT_ID}/access/apps/app-1`, kind: 'resource' },
        ],
      },
    ]);
    expect(first.partialFingerprints).toEqual({
      primaryLocationLineHash: `${fp.slice(0, 16)}:1`,
      'cfAccessAudit/v1': fp,
    });
    expect(first.properties.evidence).toEqual([{ path: 'session_duration', value: '720h' }]);
  });

  it('leaves suppressed findings out by default (code scanning ignores suppressions) and counts them', () => {
    const run = run0(buildSarifLog(makeRichInput()));
    expect(run.results.map((r: Json) => r.properties.resourceId)).not.toContain('app-9');
    expect(run.results.every((r: Json) => r.suppressions === undefined)).toBe(true);
    expect(run.properties).toMatchObject({ suppressedCount: 1, suppressedIncluded: false });
  });

  it('with sarifSuppressed, keeps them and marks suppressions on every result of the run', () => {
    const run = run0(buildSarifLog({ ...makeRichInput(), sarifSuppressed: true }));
    expect(run.properties).toMatchObject({ suppressedCount: 1, suppressedIncluded: true });
    for (const r of run.results) expect(Array.isArray(r.suppressions)).toBe(true);
    const suppressed = run.results.filter((r: Json) => r.suppressions.length > 0);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0].suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: 'Kiosk app, replaced in Q2 (JIRA SEC-42)',
        properties: { expires: '2026-06-30' },
      },
    ]);
    const clean = run0(
      buildSarifLog(makeInput({ accounts: [makeAccount({ results: [makeResult()] })], sarifSuppressed: true })),
    );
    expect(clean.results[0].suppressions).toEqual([]);
  });

  it('sets baselineState on all results or none', () => {
    const input = makeInput({
      accounts: [
        makeAccount({ results: [makeResult({ baseline_state: 'unchanged' }), makeResult({ resource_id: 'app-2' })] }),
      ],
    });
    expect(run0(buildSarifLog(input)).results.map((r: Json) => r.baselineState)).toEqual(['unchanged', 'new']);
    const without = makeInput({ accounts: [makeAccount({ results: [makeResult()] })] });
    expect(run0(buildSarifLog(without)).results[0].baselineState).toBeUndefined();
  });

  it('marks incomplete collection and rule errors as an unsuccessful invocation with one notification each', () => {
    const run = run0(buildSarifLog(makeRichInput()));
    const invocation = run.invocations[0];
    expect(invocation.executionSuccessful).toBe(false);
    const notes = invocation.toolExecutionNotifications as Json[];
    const textOf = (id: string): string => notes.find((n) => n.descriptor.id === id)?.message.text ?? '';
    const coverage = notes.filter((n) => n.descriptor.id === 'collection-incomplete');
    expect(coverage).toHaveLength(1);
    expect(coverage[0]?.level).toBe('error');
    for (const part of ['access_policy', 'forbidden', 'HTTP 403', 'Access: Apps and Policies Read']) {
      expect(textOf('collection-incomplete')).toContain(part);
    }
    expect(notes.find((n) => n.descriptor.id === 'rule-error')).toMatchObject({
      associatedRule: { id: 'service-token-expiry', index: 4 },
    });
    expect(textOf('rule-unknown')).toContain('access-policy-no-everyone');
    expect(textOf('suppression-expired')).toContain('tok-9');
    const clean = run0(buildSarifLog(makeInput()));
    expect(clean.invocations[0].executionSuccessful).toBe(true);
    expect(clean.invocations[0].toolExecutionNotifications).toBeUndefined();
    expect(clean.results).toEqual([]);
  });

  it('a feature the account lacks (404, not_collected) is a note, not an incomplete collection', () => {
    const manifest = makeManifest({
      mcp_server: {
        status: 'not_collected',
        count: 0,
        requests: 1,
        http_status: 404,
        message: 'MCP servers are not available.',
      },
    });
    const log = buildSarifLog(makeInput({ accounts: [makeAccount({ manifest })] }));
    const invocation = run0(log).invocations[0];
    expect(invocation.executionSuccessful).toBe(true);
    const notes = invocation.toolExecutionNotifications as Json[];
    expect(notes.map((n) => [n.descriptor.id, n.level])).toEqual([['feature-absent', 'note']]);
    expect(notes[0]!.message.text).toContain('nothing to audit');
    expect(notes[0]!.message.text).not.toContain('permission');
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  it('never writes an invocation end time before its start time', () => {
    const input = makeInput({ generatedAt: '2026-01-15T05:00:00.000Z' });
    const invocation = run0(buildSarifLog(input)).invocations[0];
    expect(invocation.startTimeUtc).toBe('2026-01-15T05:59:30.000Z');
    expect(invocation.endTimeUtc).toBeUndefined();
    expect(run0(buildSarifLog(makeInput())).invocations[0].endTimeUtc).toBe('2026-01-15T06:00:00.000Z');
  });

  it('keeps the most severe results over the per-run limit and says so', () => {
    const results: Result[] = [];
    for (let i = 0; i < 30; i++) {
      const severity = i % 3 === 0 ? 'critical' : 'low';
      results.push(
        makeResult({
          rule_id: severity === 'critical' ? 'access-policy-no-everyone' : 'access-application-http-only-cookie',
          severity,
          resource_id: `r-${String(i).padStart(2, '0')}`,
        }),
      );
    }
    const run = run0(buildSarifLog(makeInput({ accounts: [makeAccount({ results })] }), { maxResultsPerRun: 12 }));
    expect(run.results).toHaveLength(12);
    expect(run.results.slice(0, 10).every((r: Json) => r.level === 'error')).toBe(true);
    const note = run.invocations[0].toolExecutionNotifications.find(
      (n: Json) => n.descriptor.id === 'results-truncated',
    );
    expect(note.message.text).toContain('18 of 30 results were left out');
  });

  it('cuts over-long descriptions and extra tags to GitHub limits and notes it', () => {
    const rule = makeRule({ description: 'word '.repeat(400), tags: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] });
    const log = buildSarifLog(makeInput({ rules: [rule] }));
    const descriptor = run0(log).tool.driver.rules[0];
    expect(descriptor.fullDescription.text.length).toBeLessThanOrEqual(1024);
    expect(descriptor.properties.tags).toHaveLength(10);
    const notes = run0(log).invocations[0].toolExecutionNotifications.map((n: Json) => n.message.text);
    expect(notes.some((t: string) => t.includes('description cut'))).toBe(true);
    expect(notes.some((t: string) => t.includes('dropped'))).toBe(true);
  });

  it('encodes awkward resource keys into valid relative URIs and points key-less results at the manifest', () => {
    const results = [
      makeResult({
        resource_type: 'access_tag',
        resource_id: 'prod: EU',
        file: 'access_tag/prod%3A%20EU.json',
        rule_id: 'access-application-http-only-cookie',
      }),
      makeResult({ resource_type: 'organization', resource_id: 'organization', file: null }),
    ];
    results.push(
      makeResult({
        resource_type: 'access_policy',
        resource_id: 'pol-1',
        file: 'access_application/app-7.json',
        application: { id: 'app-7', name: 'Wiki' },
      }),
    );
    const run = run0(
      buildSarifLog(makeInput({ accounts: [makeAccount({ results, snapshotDir: './out dir\\snap' })] })),
    );
    const uris = run.results.map((r: Json) => r.locations[0].physicalLocation.artifactLocation.uri).sort();
    expect(uris).toEqual([
      'out%20dir/snap/access_application/app-7.json',
      'out%20dir/snap/access_tag/prod%253A%2520EU.json',
      'out%20dir/snap/manifest.json',
    ]);
    const fqns = run.results.map((r: Json) => r.locations[0].logicalLocations[0].fullyQualifiedName).sort();
    expect(fqns).toEqual([
      `accounts/${ACCOUNT_ID}/access/apps/app-7/policies/pol-1`,
      `accounts/${ACCOUNT_ID}/access/organizations`,
      `accounts/${ACCOUNT_ID}/access/tags/prod: EU`,
    ]);
  });

  it('refuses a result whose rule is not in the catalog, naming the rule', () => {
    const input = makeInput({ accounts: [makeAccount({ results: [makeResult({ rule_id: 'no-such-rule' })] })] });
    expect(() => renderSarif(input)).toThrow(/no-such-rule/);
  });

  it('names what a finding exposes in its message and lists it in its properties', () => {
    const run = run0(buildSarifLog(makeReachInput()));
    const policy = run.results.find((r: Json) => r.properties.resourceId === 'pol-health');
    expect(policy.message.text).toBe(
      "Bypass policy 'Public health checks' (pol-health) admits everyone. " +
        "Exposes application 'Grafana' (app-grafana), application 'Production servers (SSH)' (app-ssh), " +
        "target 'db-01' (tgt-db).",
    );
    expect(policy.properties.exposes).toEqual(exposingResult().exposes);
    expect(policy.properties.exposesCount).toBe(3);
    const wiki = run.results.find((r: Json) => r.properties.resourceId === 'app-1');
    expect(wiki.properties).not.toHaveProperty('exposes');
  });

  it('does not repeat an exposed resource the message already names, and caps the list', () => {
    const own = makeResult({ exposes: [{ type: 'access_application', id: 'app-1', name: 'wiki' }] });
    const many = Array.from({ length: 150 }, (_, i) => ({
      type: 'infrastructure_target' as const,
      id: `t-${i}`,
      name: `host-${i}`,
    }));
    const wide = makeResult({ resource_id: 'app-2', resource_name: 'grafana', message: 'Opens hosts.', exposes: many });
    const run = run0(buildSarifLog(makeInput({ accounts: [makeAccount({ results: [own, wide] })] })));
    const [first, second] = run.results;
    expect(first.message.text).toBe(own.message);
    expect(first.properties.exposes).toEqual(own.exposes);
    expect(second.message.text).toBe(
      "Opens hosts. Exposes target 'host-0' (t-0), target 'host-1' (t-1), target 'host-2' (t-2) and 147 more.",
    );
    expect(second.properties.exposes).toHaveLength(100);
    expect(second.properties.exposesCount).toBe(150);
  });
});

describe('renderSarif locations', () => {
  const app = LOCATED_APP;
  const located = (overrides: Partial<AccountReport> = {}): Json =>
    run0(
      buildSarifLog(
        makeInput({
          accounts: [makeAccount({ results: [makeResult()], documents: documents(), ...overrides })],
        }),
      ),
    );

  it('without a repository root: URIs relative to the report folder, under a base id the run describes', () => {
    const run = located();
    expect(run.originalUriBaseIds).toEqual({
      REPORTROOT: { description: { text: 'The folder holding report.sarif; artifact URIs are relative to it.' } },
    });
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.results[0].locations[0].physicalLocation.artifactLocation).toEqual({
      uri: 'snapshot/access_application/app-1.json',
      uriBaseId: 'REPORTROOT',
    });
  });

  it('with a repository root: URIs relative to it under %SRCROOT%, with no machine-specific absolute path', () => {
    const run = located({ repoSnapshotDir: `cloudflare-access/${ACCOUNT_ID}` });
    expect(run.originalUriBaseIds).toEqual({
      '%SRCROOT%': { description: { text: 'The repository root (--sarif-root); artifact URIs are relative to it.' } },
    });
    expect(run.results[0].locations[0].physicalLocation.artifactLocation).toEqual({
      uri: `cloudflare-access/${ACCOUNT_ID}/access_application/app-1.json`,
      uriBaseId: '%SRCROOT%',
    });
    const atRoot = located({ repoSnapshotDir: '.' });
    expect(atRoot.results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('access_application/app-1.json');
  });

  it('points the region at the line of the evidence field in the file as written', () => {
    const region = located().results[0].locations[0].physicalLocation.region;
    expect(region).toEqual({ startLine: 5, startColumn: 3, endLine: 5, endColumn: 38 });
    const line = formatJson(app).split('\n')[region.startLine - 1]!;
    expect(line.slice(region.startColumn - 1, region.endColumn - 1)).toBe('"http_only_cookie_attribute": false');
  });

  it('keeps the same fingerprints whatever the region', () => {
    const withRegion = located().results[0].partialFingerprints;
    const without = run0(buildSarifLog(makeInput({ accounts: [makeAccount({ results: [makeResult()] })] })));
    expect(withRegion).toEqual(without.results[0].partialFingerprints);
  });

  it('is deterministic with regions, a repository root and suppressed findings kept (Multitool: first test)', () => {
    const text = renderSarif(locatedInput());
    expect(text).toBe(renderSarif(locatedInput()));
    const runs = JSON.parse(text).runs as Json[];
    expect(runs.map((run) => Object.keys(run.originalUriBaseIds))).toEqual([['%SRCROOT%'], ['REPORTROOT']]);
    expect(runs[0]!.results.some((r: Json) => r.suppressions.length > 0)).toBe(true);
  });
});

const LOCATED_APP = {
  id: 'app-1',
  name: 'wiki',
  domain: 'wiki.example.com',
  http_only_cookie_attribute: false,
  session_duration: '720h',
};

function documents(): SnapshotDocuments {
  return { files: new Map([['access_application/app-1.json', LOCATED_APP]]), embeddedPolicies: new Map() };
}

/** Two runs: one below a repository root, one below the report folder; regions known; suppressed findings kept. */
function locatedInput(): ReportInput {
  const rich = makeRichInput();
  return {
    ...rich,
    sarifSuppressed: true,
    accounts: [
      { ...rich.accounts[0]!, documents: documents(), repoSnapshotDir: `cloudflare-access/${ACCOUNT_ID}` },
      makeAccount({
        accountId: 'b'.repeat(32),
        manifest: makeManifest({}, 'b'.repeat(32)),
        documents: documents(),
        results: [makeResult({ account_id: 'b'.repeat(32) })],
      }),
    ],
  };
}
