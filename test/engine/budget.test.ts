import { describe, expect, it } from 'vitest';
import { evaluateNaive, evaluateSnapshot } from '../../src/engine/evaluate.js';
import { loadAllRules } from '../../src/engine/load-rules.js';
import { caseSnapshot } from '../../src/engine/rule-cases.js';
import type { Result } from '../../src/engine/types.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { rule, ruleYaml, tempTree } from './helpers.js';

const now = new Date('2026-01-15T00:00:00Z');
const BUDGET_MS = 300;
const OVER_BUDGET = 'the rule exceeded its 0.3 s evaluation budget (rule_budget in the configuration file sets it)';

function appsSnapshot(count: number): Snapshot {
  const { snapshot } = caseSnapshot(rule(), { name: 's', resource: { id: 'app-0' } });
  snapshot.resources.access_application = Array.from({ length: count }, (_, i) => ({
    type: 'access_application',
    key: `app-${i}`,
    scope: { kind: 'account', id: snapshot.manifest.account_id },
    file: `access_application/app-${i}.json`,
    data: { id: `app-${i}`, name: `App ${i}`, flag: true },
  }));
  return snapshot;
}

const statusesOf = (results: Result[], id: string) => results.filter((r) => r.rule_id === id).map((r) => r.status);

const RUNAWAY: [what: string, check: string][] = [
  [
    'endless tail recursion (compiled: stack overflow, then JSONata until the deadline)',
    `'($f := function($n) { $f($n + 1) }; $f(0))'`,
  ],
  [
    'exponential recursion in the compiled path',
    `'($f := function($n) { $n = 0 ? 0 : $f($n - 1) + $f($n - 1) }; $f(60) >= 0)'`,
  ],
  ['a range of ten million items mapped', `'$count([1..10000000].($ * 2)) > 0'`],
];

describe('per-rule evaluation budget', () => {
  for (const [what, check] of RUNAWAY) {
    it(`${what}: error on the rule's resources, within the budget; other rules still run`, async () => {
      const looping = rule({ id: 'access-application-looping', check });
      const fine = rule({ id: 'access-application-fine', check: 'flag = true' });
      const { results } = await evaluateSnapshot(appsSnapshot(3), [looping, fine], { now, ruleBudgetMs: BUDGET_MS });
      const mine = results.filter((r) => r.rule_id === 'access-application-looping');
      expect(mine.map((r) => r.status)).toEqual(['error', 'error', 'error']);
      expect(mine[2]!.detail).toBe(OVER_BUDGET);
      expect(statusesOf(results, 'access-application-fine')).toEqual(['pass', 'pass', 'pass']);
    }, 20_000);
  }

  it('deep non-tail recursion hits the depth limit, not the stack: an error per resource', async () => {
    const deep = rule({ check: `'($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000) > 0)'` });
    for (const evaluate of [evaluateSnapshot, evaluateNaive]) {
      const { results } = await evaluate(appsSnapshot(1), [deep], { now, ruleBudgetMs: 10_000 });
      const detail = expect.stringMatching(/evaluation depth limit \(10,000 nested evaluations\)/);
      expect(results[0]).toMatchObject({ status: 'error', detail });
    }
  }, 30_000);

  it('a sequence that doubles until memory runs out stops at the sequence limit', async () => {
    const doubling = rule({ check: `'($f := function($a) { $f($append($a, $a)) }; $count($f([1])) > 0)'` });
    const { results } = await evaluateSnapshot(appsSnapshot(1), [doubling], { now, ruleBudgetMs: 10_000 });
    const detail = 'the rule built a sequence longer than 10,000,000 items';
    expect(results[0]).toMatchObject({ status: 'error', detail });
  }, 30_000);

  it('a looping custom rule loaded from a folder next to the built-in catalog', async () => {
    const dir = tempTree({
      'access_application/access-application-custom-loop.yaml': ruleYaml({
        id: 'access-application-custom-loop',
        check: `'($loop := function($n) { $loop($n + 1) }; $loop(0))'`,
      }),
    });
    const rules = await loadAllRules([dir]);
    const custom = rules.find((r) => r.id === 'access-application-custom-loop')!;
    const builtin = rules.find((r) => r.id === 'access-application-http-only-cookie')!;
    const resource = { id: 'app-1', name: 'wiki', type: 'self_hosted', domain: 'wiki.example.com' };
    const { snapshot } = caseSnapshot(builtin, { name: 'x', resource });
    const { results } = await evaluateSnapshot(snapshot, [custom, builtin], { now, ruleBudgetMs: BUDGET_MS });
    expect(results.find((r) => r.rule_id === custom.id)).toMatchObject({ status: 'error', detail: OVER_BUDGET });
    expect(statusesOf(results, builtin.id)).toEqual(['pass']);
  }, 20_000);

  it('the default budget (2 s) is not reached by the built-in catalog on a case snapshot', async () => {
    const rules = await loadAllRules();
    const builtin = rules.find((r) => r.id === 'access-application-http-only-cookie')!;
    const resource = { id: 'app-1', type: 'self_hosted', domain: 'a.example.com' };
    const { snapshot } = caseSnapshot(builtin, { name: 'x', resource });
    const { results } = await evaluateSnapshot(snapshot, rules, { now });
    expect(results.filter((r) => r.status === 'error')).toEqual([]);
  });
});
