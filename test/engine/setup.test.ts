import { describe, expect, it } from 'vitest';
import { checkRule } from '../../src/engine/check-catalog.js';
import { evaluateNaive, evaluateSnapshot } from '../../src/engine/evaluate.js';
import { RuleLoadError } from '../../src/engine/errors.js';
import { caseSnapshot } from '../../src/engine/rule-cases.js';
import { rule } from './helpers.js';

const now = new Date('2026-01-15T00:00:00Z');

const apps = [
  { id: 'a1', name: 'one', team: 'x' },
  { id: 'a2', name: 'two', team: 'y' },
];
const groups = [{ id: 'g1', name: 'team-x' }];

function snapshot() {
  const base = rule();
  const { snapshot } = caseSnapshot(base, { name: 's', resource: apps[0]!, snapshot: { access_group: groups } });
  snapshot.resources.access_application = apps.map((data) => ({
    type: 'access_application',
    key: data.id,
    scope: { kind: 'account', id: snapshot.manifest.account_id },
    file: `access_application/${data.id}.json`,
    data,
  }));
  return snapshot;
}

describe('rule setup', () => {
  it('is evaluated once per snapshot and bound as $setup in check and evidence', async () => {
    const r = rule({
      uses: '[access_group]',
      setup: `'{"teams": $snapshot.access_group.$substringAfter(name, "team-"), "limit": $options.limit}'`,
      options: '\n  limit: { type: number, default: 3, description: "A number for the test." }',
      check: `'team in $setup.teams and $setup.limit = 3'`,
      evidence: `'[{"path": "team", "value": team}, {"path": "known teams", "value": $setup.teams}]'`,
    });
    for (const evaluate of [evaluateSnapshot, evaluateNaive]) {
      const { results } = await evaluate(snapshot(), [r], { now });
      expect(results.find((x) => x.resource_id === 'a1')!.status).toBe('pass');
      expect(results.find((x) => x.resource_id === 'a2')).toMatchObject({
        status: 'fail',
        evidence: [
          { path: 'team', value: 'y' },
          { path: 'known teams', value: 'x' },
        ],
      });
    }
    const { results } = await evaluateSnapshot(snapshot(), [r], { now, ruleOptions: { [r.id]: { limit: 4 } } });
    expect(results.every((x) => x.status === 'fail')).toBe(true);
  });

  it('a failing setup is an error on every resource of the rule, naming the setup', async () => {
    const r = rule({ setup: `'$number("not a number")'`, check: `'true'` });
    for (const evaluate of [evaluateSnapshot, evaluateNaive]) {
      const { results } = await evaluate(snapshot(), [r], { now });
      expect(results.map((x) => x.status)).toEqual(['error', 'error']);
      expect(results[0]!.detail).toMatch(/^the setup expression threw D3030/);
    }
  });

  it('a JSONata syntax error in setup names the field', () => {
    let err: unknown;
    try {
      rule({ setup: `'{"a": }'` });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RuleLoadError);
    expect((err as RuleLoadError).problems[0]).toMatchObject({
      field: 'setup',
      message: expect.stringMatching(/JSONata syntax error/),
    });
  });

  it('the catalog checks setup: no resource fields, types read are in uses, options declared', () => {
    const problems = checkRule(
      rule({ setup: `'{"n": name, "g": $snapshot.access_group.name, "o": $options.nope}'`, check: `'true'` }),
    );
    const text = problems.map((p) => `${p.field}: ${p.message}`).join('\n');
    expect(text).toMatch(/setup: setup reads `name`, but setup runs once per snapshot/);
    expect(text).toMatch(/\/uses: setup reads access_group/);
    expect(text).toMatch(/setup: reads \$options\.nope/);
  });
});

describe('rule applies_to', () => {
  it('resources outside applies_to are not_applicable without running the check', async () => {
    // The check would throw on every resource it ran on: only the applicable one may error.
    const r = rule({ applies_to: '{ team: [x] }', check: `'$number(name) > 0'` });
    for (const evaluate of [evaluateSnapshot, evaluateNaive]) {
      const { results } = await evaluate(snapshot(), [r], { now });
      expect(results.map((x) => [x.resource_id, x.status])).toEqual([
        ['a1', 'error'],
        ['a2', 'not_applicable'],
      ]);
    }
  });

  it('every listed field must hold one of its values; the fields lead the default evidence', async () => {
    const r = rule({ applies_to: '{ team: [x, y], name: [two] }', check: `'$not(team = "y")'` });
    for (const evaluate of [evaluateSnapshot, evaluateNaive]) {
      const { results } = await evaluate(snapshot(), [r], { now });
      expect(results.find((x) => x.resource_id === 'a1')!.status).toBe('not_applicable');
      expect(results.find((x) => x.resource_id === 'a2')).toMatchObject({
        status: 'fail',
        evidence: [
          { path: 'team', value: 'y' },
          { path: 'name', value: 'two' },
        ],
      });
    }
  });

  it('the schema wants lists of scalars and the catalog knows the fields', () => {
    expect(() => rule({ applies_to: '{ type: saas }' })).toThrow(RuleLoadError);
    expect(() => rule({ applies_to: '{ type: [{ a: 1 }] }' })).toThrow(RuleLoadError);
    const problems = checkRule(rule({ applies_to: '{ type: [saas], no_such_field: [x] }' }));
    expect(problems.map((p) => p.field).filter((f) => f.startsWith('/applies_to'))).toEqual([
      '/applies_to/no_such_field',
    ]);
  });
});
