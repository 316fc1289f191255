import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { Bail, compileFast, frameOf } from '../../src/engine/fast-eval.js';
import { evaluateNaive, evaluateSnapshot } from '../../src/engine/evaluate.js';
import { compiledRule, loadAllRules } from '../../src/engine/load-rules.js';
import { generateAccount } from '../../src/emulator/generate-account.js';

const helpers = {
  double: (x: unknown) => (typeof x === 'number' ? x * 2 : undefined),
  pair: (a: unknown, b: unknown) => [a, b],
  opts: { tags: ['a', 'b'], limit: 2 },
};

/** Expressions covering the JSONata semantics the compiler mirrors. */
const EXPRESSIONS = [
  'name',
  'nested.x',
  'nested.x[0]',
  'nested.x[-1]',
  'items.v',
  'items[v > 1].v',
  'items.tags',
  'items[0].tags',
  'items.tags[0]',
  'items[tags = "t1"].v',
  'missing.deep.path',
  '$count(items)',
  '$count(items.tags)',
  '$count(nothing)',
  '$exists(nested)',
  '$exists(nested.none)',
  '$not(flag)',
  '$not(nothing)',
  '$not(flag = false)',
  'flag != false',
  '"t1" in items.tags',
  'name in ["one", "two"]',
  'nothing in ["x"]',
  'count > 1',
  'count > nothing',
  'count >= 2 and flag',
  'count = 2 ? "two" : "other"',
  'flag ? 1',
  '(count > 5) or ($count(items) > 2)',
  'items[1]',
  'items[[0, 2]].v',
  '$keys(nested)',
  '$keys(items)',
  '$keys({"only": 1})',
  '$lookup(nested, "x")',
  '$append(items.v, [9])',
  '$append(nothing, 1)',
  '$map(items, function($i) { $i.v * 2 })',
  '$map(items, function($i, $n) { $n })',
  '$map(items.v, $double)',
  '$filter(items, function($i) { $i.v > 1 })',
  '$substring(name, 0, 2)',
  '$substring(name, -2)',
  '$substring(name, 1, -1)',
  '$substring(name, nothing)',
  '$length(name)',
  '$lowercase("AbC")',
  '$contains(name, "n")',
  '$substringBefore("a.b.c", ".")',
  '$substringAfter("a.b.c", ".")',
  '$join(["a", "b"], "-")',
  '$split("a.b", ".")',
  '$trim("  a   b ")',
  '$string(count)',
  '$number("12.5")',
  '$type(items)',
  '$type(nothing)',
  '$min(items.v)',
  '$max(items.v)',
  '$sum(items.v)',
  '($x := items[v > 1]; $count($x))',
  '($f := function($a) { $a + count }; $f(1))',
  '{"a": name, "b": nothing, "c": items.v}',
  '[name, items.v, [1, 2]]',
  '-count',
  'name & "-" & count',
  '$pair(name, count)',
  '$count($opts.tags[$ in items.tags])',
  'items.{"k": v}',
  '$boolean(items)',
  '$boolean({})',
  '$boolean([0, ""])',
  'nested.x[$ > 1]',
  '$[count = 2].name',
  '($t := $; items[$t.count = v].v)',
  '(1 + count) * 3 - 1 / 2',
  '$count(items[tags])',
  'items[$exists(tags)].v',
  '$keys([[{"a": 1}], {"b": 2}])',
  '$keys([{"b": 1, "10": 2}, [[{"a": 3, "2": 4}]], "s", 5])',
  '$keys([nested, items])',
  '$keys([])',
  '$keys(name)',
];

const INPUTS: unknown[] = [
  {
    name: 'one',
    flag: true,
    count: 2,
    nested: { x: [1, 2, 3] },
    items: [{ v: 1, tags: ['t1', 't2'] }, { v: 2, tags: 't3' }, { v: 3 }],
  },
  { name: 'two', flag: false, count: 1, nested: { x: 5 }, items: [{ v: 2, tags: ['t1'] }] },
  { name: 'z', items: [] },
  {},
];

describe('compiled JSONata (fast-eval)', () => {
  it("gives JSONata's value for every covered construct, or defers", async () => {
    const names = Object.keys(helpers);
    const frame = frameOf(helpers);
    let compared = 0;
    for (const src of EXPRESSIONS) {
      const expr = jsonata(src);
      const fast = compileFast(expr.ast(), names);
      expect(fast, src).not.toBeNull();
      for (const input of INPUTS) {
        let expected: unknown;
        let threw = false;
        try {
          expected = await expr.evaluate(input, helpers);
        } catch {
          threw = true;
        }
        let actual: unknown;
        try {
          actual = fast!.evaluate(input, frame);
        } catch (err) {
          // Deferring to JSONata is always allowed; inventing an error JSONata does not raise is not.
          expect(err instanceof Bail || threw, `${src} on ${JSON.stringify(input)}: ${String(err)}`).toBe(true);
          continue;
        }
        expect(threw, `${src} on ${JSON.stringify(input)} should have deferred`).toBe(false);
        expect(JSON.stringify(actual), `${src} on ${JSON.stringify(input)}`).toBe(JSON.stringify(expected));
        expect(Array.isArray(actual), `${src}: array or not`).toBe(Array.isArray(expected));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(EXPRESSIONS.length * 3);
  });

  it('defers type errors to JSONata and refuses what it does not mirror', () => {
    const frame = frameOf({});
    expect(() => compileFast(jsonata('count > name').ast(), [])!.evaluate({ count: 1, name: 'x' }, frame)).toThrow(
      Bail,
    );
    expect(() => compileFast(jsonata('$number(name)').ast(), [])!.evaluate({ name: 'abc' }, frame)).toThrow(Bail);
    for (const src of [
      '$$.name',
      'items^(v)',
      '$match(name, /a/)',
      'items@$i',
      '$unknownFn(1)',
      '($count := 1; $count)',
      'items{v: name}',
    ]) {
      expect(compileFast(jsonata(src).ast(), []), src).toBeNull();
    }
  });

  it('$keys over arrays merges the keys of every item, nested arrays included, as JSONata does', () => {
    const keys = (src: string): unknown =>
      JSON.parse(JSON.stringify(compileFast(jsonata(src).ast(), [])!.evaluate({}, frameOf({}))));
    expect(keys('$keys([[{"a": 1}], {"b": 2}])')).toEqual(['a', 'b']);
    expect(keys('$keys([{"b": 1}, {"a": 1, "b": 2}])')).toEqual(['b', 'a']);
    expect(keys('$keys([{"b": 1, "10": 2}, {"2": 3}])')).toEqual(['2', '10', 'b']);
    expect(keys('$keys([[{"only": 1}]])')).toBe('only');
  });

  it('lists the built-in rules whose expressions do not compile (they run on JSONata)', async () => {
    const rules = await loadAllRules();
    const notCompiled = (pick: (c: ReturnType<typeof compiledRule>) => boolean) =>
      rules.filter((r) => pick(compiledRule(r))).map((r) => r.id);
    // A rule joining this list (or a new construct the compiler refuses) shows here; update the list on purpose.
    expect(notCompiled((c) => c.fast === null)).toEqual([
      'access-application-oidc-refresh-within-global-session',
      'access-application-policy-idps-allowed',
      'custom-page-no-external-script',
    ]);
    expect(notCompiled((c) => c.evidence !== null && c.fastEvidence === null)).toEqual([
      'access-application-policy-idps-allowed',
    ]);
    expect(notCompiled((c) => c.setup !== null && c.fastSetup === null)).toEqual([]);
    expect(rules.length).toBeGreaterThan(100);
  });

  it('mirrors one exact jsonata version: package.json pins the one installed', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> };
    const pinned = manifest.dependencies.jsonata;
    const installed = createRequire(import.meta.url)('jsonata/package.json') as { version: string };
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pinned).toBe(installed.version);
  });

  it('a variable bound at the top level does not leak into the next resource', () => {
    const fast = compileFast(jsonata('$exists($seen) ? "leak" : ($seen := name)').ast(), [])!;
    const frame = frameOf({});
    expect(fast.evaluate({ name: 'a' }, frame)).toBe('a');
    expect(fast.evaluate({ name: 'b' }, frame)).toBe('b');
  });

  it('every built-in rule: the fast engine equals --engine jsonata on a generated account', async () => {
    const rules = await loadAllRules();
    const snap = generateAccount({
      apps: 60,
      policiesPerApp: 3,
      reusablePolicies: 40,
      groups: 20,
      idps: 9,
      serviceTokens: 6,
      targets: 150,
      mcpPortals: 4,
      mcpServers: 12,
      seed: 'fast-eval',
    });
    const now = new Date('2026-01-15T00:00:00Z');
    const fast = await evaluateSnapshot(snap, rules, { now });
    const naive = await evaluateNaive(snap, rules, { now });
    expect(fast.results.length).toBeGreaterThan(3000);
    expect(JSON.stringify(fast)).toBe(JSON.stringify(naive));
  });
});
