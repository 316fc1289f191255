import { describe, expect, it } from 'vitest';
import { countEvaluations, firstDifference } from '../../bench/evaluate.js';
import { generateAccount } from '../../src/emulator/generate-account.js';
import { generateFindings } from '../../bench/lib/findings.js';
import { median } from '../../bench/lib/measure.js';
import { formatBenchResult, textTable } from '../../bench/lib/report.js';
import { renderInput, sarifCap } from '../../bench/render.js';
import { selectBenchmarks } from '../../bench/run.js';
import type { AccountEvaluation, Result } from '../../src/engine/types.js';
import { renderSarif } from '../../src/renderers/sarif.js';
import { makeRules } from '../renderers/fixtures.js';

describe('bench command line', () => {
  it('runs every benchmark by default and the named ones in canonical order', () => {
    expect(selectBenchmarks([])).toEqual(['collect', 'scan', 'evaluate', 'render', 'reach']);
    expect(selectBenchmarks(['reach', 'render', 'collect'])).toEqual(['collect', 'render', 'reach']);
    expect(() => selectBenchmarks(['colect'])).toThrow(
      /unknown benchmark "colect".*collect\|scan\|evaluate\|render\|reach/,
    );
  });
});

describe('bench helpers', () => {
  it('counts rule × resource pairs as the engine evaluates them (app-scoped policies included)', () => {
    const snapshot = generateAccount({
      apps: 3,
      policiesPerApp: 2,
      reusablePolicies: 4,
      groups: 1,
      idps: 1,
      serviceTokens: 1,
      targets: 1,
      mcpPortals: 1,
      mcpServers: 1,
      seed: 'count',
    });
    const rules = makeRules();
    const embedded = snapshot.resources.access_application.reduce(
      (n, app) =>
        n +
        (app.data.policies as { reusable?: boolean; id: string }[]).filter(
          (p) => p.reusable !== true && !snapshot.resources.access_policy.some((r) => r.key === p.id),
        ).length,
      0,
    );
    expect(embedded).toBe(6);
    const expected = rules.reduce(
      (n, r) => n + snapshot.resources[r.resource].length + (r.resource === 'access_policy' ? embedded : 0),
      0,
    );
    expect(countEvaluations(snapshot, rules)).toBe(expected);
  });

  it('takes the median of odd and even counts', () => {
    expect(median([30, 10, 20])).toBe(20);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });

  it('prints aligned tables and marks missed targets', () => {
    expect(
      textTable(
        ['a', 'value'],
        [
          ['long name', '1'],
          ['x', '22'],
        ],
      ),
    ).toBe('a          value\n---------  -----\nlong name  1\nx          22');
    const text = formatBenchResult({
      name: 'evaluate',
      title: 'T',
      setup: ['s'],
      details: {},
      metrics: [{ label: 'm', display: '1 ms', value: 1 }],
      targets: [{ label: 'fast', target: '< 1', actual: '2', met: false, note: 'why' }],
    });
    expect(text).toContain('== T ==');
    expect(text).toMatch(/fast\s+< 1\s+2\s+NO \(why\)/);
  });

  it('finds the first difference between two evaluations', () => {
    const result = {
      rule_id: 'r',
      status: 'pass',
      severity: 'low',
      account_id: 'a',
      resource_type: 'access_tag',
      resource_id: 'x',
      resource_name: 'x',
      file: 'access_tag/x.json',
      fingerprint: 'f',
      message: 'm',
      evidence: [],
    } satisfies Result;
    const a: AccountEvaluation = {
      account_id: 'a',
      results: [{ ...result, evidence: [] }],
      suppressions: { expired: [], unmatched: [] },
    };
    expect(firstDifference(a, structuredClone(a))).toBeNull();
    expect(firstDifference(a, { ...a, results: [{ ...result, evidence: [], status: 'fail' }] })).toMatch(
      /result 0 differs/,
    );
    expect(firstDifference(a, { ...a, results: [] })).toBe('1 results vs 0');
  });
});

describe('render benchmark input', () => {
  it('generates distinct, deterministic findings over the whole catalog', () => {
    const rules = makeRules();
    const findings = generateFindings(rules, 1000, 'acc');
    expect(findings).toHaveLength(1000);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(1000);
    expect(new Set(findings.map((f) => f.rule_id)).size).toBe(Math.min(1000, rules.length));
    expect(findings.filter((f) => f.status === 'suppressed')).toHaveLength(20);
    for (const f of findings) expect(rules.find((r) => r.id === f.rule_id)?.resource).toBe(f.resource_type);
    expect(generateFindings(rules, 1000, 'acc')).toEqual(findings);
  });

  it('reads the SARIF results count and the truncation notification', () => {
    const rules = makeRules();
    const input = renderInput(rules, 30);
    expect(sarifCap(renderSarif(input, { maxResultsPerRun: 10 }))).toEqual({ results: 10, truncationNoted: true });
    expect(sarifCap(renderSarif(input))).toEqual({ results: 30, truncationNoted: false });
  });
});
