import { describe, expect, it } from 'vitest';
import { evaluateNaive, evaluateSnapshot } from '../../src/engine/evaluate.js';
import { loadAllRules } from '../../src/engine/load-rules.js';
import { caseSnapshot } from '../../src/engine/rule-cases.js';
import type { Result } from '../../src/engine/types.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { rule, ruleYaml, tempTree } from './helpers.js';

const now = new Date('2026-01-15T00:00:00Z');
const BUDGET_MS = 300;
const overBudget = (seconds: string): string =>
  `the rule exceeded its ${seconds} s evaluation budget (rule_budget in the configuration file sets it)`;

/** A budget clock that moves `stepMs` each time it is read: time passes only as the engine looks at it. */
function tickingClock(stepMs = 1): () => number {
  let t = 0;
  return () => (t += stepMs);
}

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

/** Never ends on its own: only the deadline the compiled path checks in every lambda call stops it. */
const EXPONENTIAL = `'($f := function($n) { $n = 0 ? 0 : $f($n - 1) + $f($n - 1) }; $f(60) >= 0)'`;

/**
 * Runaways that JSONata evaluates. JSONata times its `timeout` (the budget left) with its own `Date.now`, so
 * these stop after real time: their budget is short.
 */
const JSONATA_BUDGET_MS = 30;
const JSONATA_RUNAWAY: [what: string, check: string][] = [
  [
    'endless tail recursion (compiled: stack overflow, then JSONata until the deadline)',
    `'($f := function($n) { $f($n + 1) }; $f(0))'`,
  ],
  ['a range of ten million items mapped', `'$count([1..10000000].($ * 2)) > 0'`],
];

describe('per-rule evaluation budget', () => {
  it('runs on the clock it is given: a compiled runaway is an error on its resources; others still run', async () => {
    const looping = rule({ id: 'access-application-looping', check: EXPONENTIAL });
    const fine = rule({ id: 'access-application-fine', check: 'flag = true' });
    // 10 s on a clock that moves half a second a read: on real time the loop would spin for 10 s.
    const options = { now, ruleBudgetMs: 10_000, clock: tickingClock(500) };
    const { results } = await evaluateSnapshot(appsSnapshot(3), [looping, fine], options);
    const mine = results.filter((r) => r.rule_id === looping.id);
    expect(mine.map((r) => [r.status, r.detail])).toEqual(Array(3).fill(['error', overBudget('10')]));
    expect(statusesOf(results, fine.id)).toEqual(['pass', 'pass', 'pass']);
  });

  it('a clock past the deadline puts even a trivial rule over budget, on every resource', async () => {
    const fine = rule({ check: 'flag = true' });
    const options = { now, ruleBudgetMs: BUDGET_MS, clock: tickingClock(3_600_000) };
    const { results } = await evaluateSnapshot(appsSnapshot(3), [fine], options);
    expect(results.map((r) => [r.status, r.detail])).toEqual(Array(3).fill(['error', overBudget('0.3')]));
  });

  it('the default budget is 2 s', async () => {
    const looping = rule({ check: EXPONENTIAL });
    const { results } = await evaluateSnapshot(appsSnapshot(1), [looping], { now, clock: tickingClock(100) });
    expect(results[0]).toMatchObject({ status: 'error', detail: overBudget('2') });
  });

  it('without a clock, the budget runs on real time', async () => {
    const looping = rule({ check: EXPONENTIAL });
    const { results } = await evaluateSnapshot(appsSnapshot(1), [looping], { now, ruleBudgetMs: 20 });
    expect(results[0]).toMatchObject({ status: 'error', detail: overBudget('0.02') });
  });

  for (const [what, check] of JSONATA_RUNAWAY) {
    it(`${what}: an error; other rules still run`, async () => {
      const looping = rule({ id: 'access-application-looping', check });
      const fine = rule({ id: 'access-application-fine', check: 'flag = true' });
      const clock = tickingClock();
      const options = { now, ruleBudgetMs: JSONATA_BUDGET_MS, clock };
      const { results } = await evaluateSnapshot(appsSnapshot(1), [looping, fine], options);
      const detail = overBudget('0.03');
      expect(results.find((r) => r.rule_id === looping.id)).toMatchObject({ status: 'error', detail });
      expect(statusesOf(results, fine.id)).toEqual(['pass']);
    }, 20_000);
  }

  it('deep non-tail recursion hits the depth limit, not the stack: an error per resource', async () => {
    const deep = rule({ check: `'($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000) > 0)'` });
    for (const evaluate of [evaluateSnapshot, evaluateNaive]) {
      // No time limit at all: only the depth limit can end it.
      const { results } = await evaluate(appsSnapshot(1), [deep], { now, ruleBudgetMs: Infinity });
      const detail = expect.stringMatching(/evaluation depth limit \(10,000 nested evaluations\)/);
      expect(results[0]).toMatchObject({ status: 'error', detail });
    }
  }, 30_000);

  it('a sequence that doubles until memory runs out stops at the sequence limit', async () => {
    const doubling = rule({ check: `'($f := function($a) { $f($append($a, $a)) }; $count($f([1])) > 0)'` });
    const { results } = await evaluateSnapshot(appsSnapshot(1), [doubling], { now, ruleBudgetMs: Infinity });
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
    const { results } = await evaluateSnapshot(snapshot, [custom, builtin], {
      now,
      ruleBudgetMs: JSONATA_BUDGET_MS,
      clock: tickingClock(),
    });
    expect(results.find((r) => r.rule_id === custom.id)).toMatchObject({ status: 'error', detail: overBudget('0.03') });
    expect(statusesOf(results, builtin.id)).toEqual(['pass']);
  }, 20_000);
});
