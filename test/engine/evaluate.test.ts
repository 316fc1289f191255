import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { evaluateNaive, evaluateSnapshot, fingerprint } from '../../src/engine/evaluate.js';
import { loadAllRules } from '../../src/engine/load-rules.js';
import { caseSnapshot } from '../../src/engine/rule-cases.js';
import { RuleConfigError } from '../../src/engine/errors.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { rule } from './helpers.js';
import { syntheticSnapshot } from './synthetic-snapshot.js';

const now = new Date('2026-01-15T00:00:00Z');

function snapshotOf(apps: Record<string, unknown>[], extra: Partial<Snapshot['resources']> = {}): Snapshot {
  const base = rule();
  const { snapshot } = caseSnapshot(base, { name: 's', resource: apps[0]! });
  snapshot.resources.access_application = apps.map((data) => ({
    type: 'access_application',
    key: String(data.id),
    scope: { kind: 'account', id: snapshot.manifest.account_id },
    file: `access_application/${String(data.id)}.json`,
    data,
  }));
  Object.assign(snapshot.resources, extra);
  return snapshot;
}

const apps = [
  { id: 'a1', name: 'one', flag: true },
  { id: 'a2', name: 'two', flag: false, nested: { x: [1, 2] } },
  { id: 'a3', name: 'three' },
  { id: 'a4', flag: false },
];

describe('evaluateSnapshot', () => {
  it('maps check results to statuses, with message, evidence and fingerprint', async () => {
    const r = rule({
      check: `'$isKnown(flag) ? flag = true : undefined'`,
      message: `"App '{{$name}}' ({{$id}}) has flag {{flag}}, nested {{nested}}, missing {{nope.x}}."`,
    });
    const { results } = await evaluateSnapshot(snapshotOf(apps), [r], { now });
    const byId = Object.fromEntries(results.map((x) => [x.resource_id, x]));
    expect(byId.a1!.status).toBe('pass');
    expect(byId.a3!.status).toBe('not_applicable');
    expect(byId.a2).toMatchObject({
      status: 'fail',
      severity: 'medium',
      resource_name: 'two',
      file: 'access_application/a2.json',
      message: `App 'two' (a2) has flag false, nested 1 setting, missing (unset).`,
      evidence: [{ path: 'flag', value: false }],
    });
    expect(byId.a4!.message).toBe(`App 'a4' (a4) has flag false, nested (unset), missing (unset).`);
    const account = results[0]!.account_id;
    expect(byId.a2!.fingerprint).toBe(
      createHash('sha256').update(`access-application-test-rule\n${account}\naccess_application\na2`).digest('hex'),
    );
    expect(fingerprint('r', 'acc', 'access_application', 'x')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a custom evidence expression and $options in messages', async () => {
    const r = rule({
      options: '\n  limit: { type: number, default: 3, description: "Upper limit for the test." }',
      check: '$count(nested.x) < $options.limit',
      evidence: `'[{"path": "nested.x", "value": nested.x}]'`,
      message: `"App {{$id}} has {{nested.x}} over {{$options.limit}}."`,
    });
    const { results } = await evaluateSnapshot(snapshotOf([{ id: 'a', nested: { x: [1, 2, 3] } }]), [r], {
      now,
      ruleOptions: { [r.id]: { limit: 2 } },
    });
    expect(results[0]).toMatchObject({
      status: 'fail',
      message: 'App a has 1, 2, 3 over 2.',
      evidence: [{ path: 'nested.x', value: [1, 2, 3] }],
    });
  });

  it('errors are attributed to the resource that threw; non-boolean results are errors', async () => {
    const throwing = rule({ check: '$number(val) > 0' });
    const many = Array.from({ length: 600 }, (_, i) => ({
      id: `x${String(i).padStart(3, '0')}`,
      val: i === 317 ? 'abc' : String(i + 1),
    }));
    for (const evaluate of [evaluateSnapshot, evaluateNaive]) {
      const { results } = await evaluate(snapshotOf(many), [throwing], { now });
      const errors = results.filter((x) => x.status === 'error');
      expect(errors.map((e) => e.resource_id)).toEqual(['x317']);
      expect(errors[0]!.detail).toMatch(/D3030/);
      expect(results.filter((x) => x.status === 'pass')).toHaveLength(599);
    }
    const odd = rule({ check: 'name' });
    const { results } = await evaluateSnapshot(snapshotOf(apps), [odd], { now });
    expect(results.find((x) => x.resource_id === 'a1')).toMatchObject({
      status: 'error',
      detail: expect.stringMatching(/returned "one"/),
    });
    expect(results.find((x) => x.resource_id === 'a4')!.status).toBe('not_applicable');
  });

  it('rules reading $$ still evaluate per resource', async () => {
    const r = rule({ check: '$count($$) = 1 and flag = true' });
    const { results } = await evaluateSnapshot(snapshotOf(apps), [r], { now });
    expect(results.find((x) => x.resource_id === 'a1')!.status).toBe('pass');
  });

  it(
    'incomplete coverage of a joined type: no pass, no fail; ' + 'one type-wide unknown and the would-be fails unknown',
    async () => {
      const r = rule({ uses: '[identity_provider]', check: 'flag = true' });
      const snap = snapshotOf(apps);
      snap.manifest.coverage.identity_provider = {
        status: 'forbidden',
        count: 0,
        requests: 1,
        message: 'token lacks Access: Organizations Read',
      };
      const { results } = await evaluateSnapshot(snap, [r], { now });
      expect(results.some((x) => x.status === 'pass')).toBe(false);
      const typeWide = results.filter((x) => x.status === 'unknown' && x.resource_id === '*');
      expect(typeWide).toHaveLength(1);
      expect(typeWide[0]).toMatchObject({ file: null, resource_name: null });
      expect(typeWide[0]!.detail).toMatch(/identity_provider is forbidden: token lacks/);
      expect(results.filter((x) => x.status === 'fail')).toEqual([]);
      const perResource = results.filter((x) => x.status === 'unknown' && x.resource_id !== '*');
      expect(perResource.map((x) => x.resource_id)).toEqual(['a2', 'a3', 'a4']);
    },
  );

  it(
    'a 404 (feature absent) is an empty, complete list: not ' + 'applicable for its own rules, no unknown for joins',
    async () => {
      const own = rule({ check: 'flag = true' });
      const absent = snapshotOf(apps);
      absent.resources.access_application = [];
      absent.manifest.coverage.access_application = {
        status: 'not_collected',
        count: 0,
        requests: 1,
        http_status: 404,
        message: 'not enabled',
      };
      for (const evaluate of [evaluateSnapshot, evaluateNaive]) {
        const { results } = await evaluate(absent, [own], { now });
        expect(results).toHaveLength(1);
        expect(results[0]).toMatchObject({
          status: 'not_applicable',
          resource_id: '*',
          file: null,
          detail: 'not enabled',
        });
      }

      const joined = snapshotOf(apps);
      joined.manifest.coverage.identity_provider = { status: 'not_collected', count: 0, requests: 1, http_status: 404 };
      const { results } = await evaluateSnapshot(
        joined,
        [rule({ uses: '[identity_provider]', check: 'flag = true' })],
        {
          now,
        },
      );
      expect(results.filter((x) => x.status === 'unknown')).toEqual([]);
      expect(results.find((x) => x.resource_id === 'a1')!.status).toBe('pass');
    },
  );

  it('a type missing from the manifest is unknown, never a pass', async () => {
    const snap = snapshotOf(apps);
    delete (snap.manifest.coverage as Partial<typeof snap.manifest.coverage>).identity_provider;
    const { results } = await evaluateSnapshot(snap, [rule({ uses: '[identity_provider]', check: 'flag = true' })], {
      now,
    });
    expect(results.some((x) => x.status === 'pass')).toBe(false);
    expect(results.find((x) => x.status === 'unknown')!.detail).toMatch(
      /identity_provider is missing from the snapshot manifest/,
    );
  });

  it('zone-scoped records carry zone_id; zone coverage problems report unknown', async () => {
    const snap = snapshotOf(apps);
    snap.resources.access_application[1] = {
      ...snap.resources.access_application[1]!,
      scope: { kind: 'zone', id: 'zone-1' },
    };
    snap.manifest.zone_coverage = { 'zone-1': { access_application: { status: 'error', count: 1, requests: 3 } } };
    const { results } = await evaluateSnapshot(snap, [rule()], { now });
    expect(results.find((x) => x.resource_id === 'a2')!.zone_id).toBe('zone-1');
    expect(results.find((x) => x.status === 'unknown')!.detail).toMatch(/zone zone-1/);
  });

  it('sorts by severity, rule id, type, resource id; applies overrides and disabled rules', async () => {
    const low = rule(
      { id: 'access-application-aaa', severity: 'low' },
      '/r/access_application/access-application-aaa.yaml',
    );
    const high = rule(
      { id: 'access-application-zzz', severity: 'high' },
      '/r/access_application/access-application-zzz.yaml',
    );
    const off = rule({ id: 'access-application-off' }, '/r/access_application/access-application-off.yaml');
    const { results } = await evaluateSnapshot(snapshotOf(apps), [low, off, high], {
      now,
      severityOverrides: { 'access-application-aaa': 'critical' },
      disabledRules: ['access-application-off'],
    });
    expect(results.map((x) => `${x.severity} ${x.rule_id} ${x.resource_id}`)).toEqual([
      'critical access-application-aaa a1',
      'critical access-application-aaa a2',
      'critical access-application-aaa a3',
      'critical access-application-aaa a4',
      'high access-application-zzz a1',
      'high access-application-zzz a2',
      'high access-application-zzz a3',
      'high access-application-zzz a4',
    ]);
    await expect(evaluateSnapshot(snapshotOf(apps), [low], { now, disabledRules: ['nope'] })).rejects.toThrow(
      RuleConfigError,
    );
    await expect(
      evaluateSnapshot(snapshotOf(apps), [low], { now, ruleOptions: { 'access-application-aaa': { x: 1 } } }),
    ).rejects.toThrow(/no option "x"/);
  });

  it('suppressions: by id or alias, by resource or *, expired and unmatched reported', async () => {
    const r = rule({ aliases: '[access-application-old-name]' });
    const { results, suppressions } = await evaluateSnapshot(snapshotOf(apps), [r], {
      now,
      suppressions: [
        { rule: 'access-application-old-name', resource: 'a2', reason: 'accepted risk', expires: '2026-01-15' },
        { rule: r.id, resource: 'a4', reason: 'old', expires: '2026-01-14' },
        { rule: r.id, resource: 'a1', reason: 'passes anyway' },
        { rule: 'other-rule', resource: '*', reason: 'nothing' },
      ],
    });
    expect(results.find((x) => x.resource_id === 'a2')).toMatchObject({
      status: 'suppressed',
      suppression: { reason: 'accepted risk', expires: '2026-01-15', original_status: 'fail' },
    });
    expect(results.find((x) => x.resource_id === 'a4')!.status).toBe('fail');
    expect(suppressions.expired.map((e) => e.resource)).toEqual(['a4']);
    expect(suppressions.unmatched.map((e) => e.resource)).toEqual(['a1', '*']);
  });

  it('the fast and the jsonata engine give identical results for every built-in rule', async () => {
    const rules = await loadAllRules();
    const snap = syntheticSnapshot({ apps: 40, policies: 40, groups: 20, targets: 100, idps: 6, tokens: 10 }, 7);
    const fast = await evaluateSnapshot(snap, rules, { now });
    const naive = await evaluateSnapshot(snap, rules, { now, engine: 'jsonata' });
    expect(fast.results.length).toBeGreaterThan(500);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(naive));
    expect(fast.results.filter((x) => x.status === 'error')).toEqual([]);
    expect(new Set(fast.results.map((x) => x.status))).toEqual(new Set(['pass', 'fail', 'not_applicable']));
  });

  it('evaluating a few thousand resources with every built-in rule completes', async () => {
    const rules = await loadAllRules();
    const snap = syntheticSnapshot({ apps: 100, policies: 200, groups: 100, targets: 2000 }, 3);
    const { results } = await evaluateSnapshot(snap, rules, { now });
    expect(results.length).toBeGreaterThan(5000);
  });
});
