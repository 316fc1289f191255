/**
 * Differential property test of the fast evaluator (src/engine/fast-eval.ts) against JSONata itself:
 * expressions generated from the subset it compiles (paths, filters and indexes, comparisons, arithmetic,
 * `and`/`or`, `&`, `in`, conditions, array and object constructors, blocks with `:=`, lambdas in `$map` and
 * `$filter`, and the mirrored built-in functions), evaluated on random JSON data.
 *
 * Property: when the fast evaluator gives a value, JSONata gives the same value (as JSON, and an array exactly
 * when JSONata's is one) and does not throw; otherwise the fast evaluator bails out (`Bail`), never with
 * another error. Enough cases must be decided by the fast evaluator for the property to mean something.
 *
 * Runs: FUZZ_RUNS (default 300 in `npm test`) and FUZZ_SEED (default fixed; `random` for a fresh seed,
 * printed), the convention of test/reach/model.property.test.ts. See `npm run fuzz`.
 */
import fc from 'fast-check';
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { Bail, compileFast, frameOf } from '../../src/engine/fast-eval.js';
import { describeError } from '../../src/engine/outcome.js';

function seedFromEnv(): number {
  const raw = process.env.FUZZ_SEED;
  if (raw === 'random') return Math.floor(Math.random() * 2 ** 31);
  return raw !== undefined && raw !== '' ? Number(raw) : 20260115;
}

const SEED = seedFromEnv();
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
if (process.env.FUZZ_SEED === 'random') console.log(`fast-eval.property: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}`);

const FIELDS = ['a', 'b', 'items', 'name', 'n'] as const;
const STRINGS = ['', 'a', 'b', 'ab', ' A  b ', '10', 'x.y', '-2.5'];

const json = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthIdentifier: 'json', maxDepth: 3 },
    fc.constantFrom<unknown>(null, true, false, 0, 1, 2, -1, 10, 0.5, ...STRINGS),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...FIELDS, '2'), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A resource: an object of the fields above, as JSON.parse makes it (the snapshot's data). */
const resource = fc
  .dictionary(fc.constantFrom(...FIELDS), json, { maxKeys: 5 })
  .map((data) => JSON.parse(JSON.stringify(data)) as Record<string, unknown>);

const UNARY_FUNCTIONS = [
  'count',
  'exists',
  'not',
  'boolean',
  'keys',
  'string',
  'number',
  'length',
  'lowercase',
  'uppercase',
  'trim',
  'type',
  'min',
  'max',
  'sum',
  'join',
];
const BINARY_FUNCTIONS = ['append', 'contains', 'substring', 'substringBefore', 'substringAfter', 'join', 'split'];
const OPERATORS = ['and', 'or', '=', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', '&', 'in'];

const expression = fc.letrec<{ expr: string; leaf: string; step: string }>((tie) => {
  const e = tie('expr');
  const leaf = fc.oneof(
    fc.constantFrom(...FIELDS, '$', '$v', '$i', 'true', 'false', 'null'),
    fc.constantFrom(...STRINGS).map((s) => JSON.stringify(s)),
    fc.integer({ min: -2, max: 10 }).map(String),
  );
  return {
    leaf,
    step: fc.oneof(
      fc.constantFrom(...FIELDS).map((f) => `.${f}`),
      fc.integer({ min: -2, max: 2 }).map((i) => `[${i}]`),
      e.map((p) => `[${p}]`),
    ),
    expr: fc.oneof(
      { depthIdentifier: 'expr', maxDepth: 4 },
      leaf,
      fc
        .tuple(fc.constantFrom<string>(...FIELDS, '$', '$v'), fc.array(tie('step'), { minLength: 1, maxLength: 3 }))
        .map(([head, steps]) => `${head}${steps.join('')}`),
      fc.tuple(e, fc.constantFrom(...FIELDS)).map(([x, f]) => `(${x}).${f}`),
      fc.tuple(e, fc.constantFrom(...OPERATORS), e).map(([l, op, r]) => `(${l} ${op} ${r})`),
      e.map((x) => `-(${x})`),
      fc.tuple(e, e, fc.option(e)).map(([c, t, f]) => `(${c} ? ${t}${f === null ? '' : ` : ${f}`})`),
      fc.array(e, { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
      fc
        .tuple(fc.constantFrom(...FIELDS), e, fc.constantFrom(...FIELDS), e)
        .map(([k1, v1, k2, v2]) => `{"${k1}": ${v1}, "${k2}": ${v2}}`),
      fc.tuple(e, e).map(([bound, body]) => `($v := ${bound}; ${body})`),
      fc.tuple(fc.constantFrom(...UNARY_FUNCTIONS), e).map(([f, x]) => `$${f}(${x})`),
      fc.tuple(fc.constantFrom(...BINARY_FUNCTIONS), e, e).map(([f, x, y]) => `$${f}(${x}, ${y})`),
      fc.tuple(e, e, e).map(([s, start, length]) => `$substring(${s}, ${start}, ${length})`),
      fc.tuple(e, fc.constantFrom(...FIELDS)).map(([x, f]) => `$lookup(${x}, "${f}")`),
      fc
        .tuple(fc.constantFrom('map', 'filter'), e, fc.boolean(), e)
        .map(([f, list, indexed, body]) => `$${f}(${list}, function($v${indexed ? ', $i' : ''}) { ${body} })`),
    ),
  };
}).expr;

type Evaluation = { value: unknown } | { threw: unknown };

function shown(value: unknown): string {
  return `${JSON.stringify(value)} (array: ${Array.isArray(value)})`;
}

function sameValue(fast: unknown, reference: unknown): boolean {
  return JSON.stringify(fast) === JSON.stringify(reference) && Array.isArray(fast) === Array.isArray(reference);
}

describe('fast evaluator against JSONata', () => {
  it("gives JSONata's value or bails out, on generated expressions and data", async () => {
    const tally = { cases: 0, compiled: 0, decided: 0 };
    const frame = frameOf({});
    const details = await fc.check(
      fc.asyncProperty(expression, fc.array(resource, { minLength: 1, maxLength: 3 }), async (source, inputs) => {
        const expr = jsonata(source);
        const fast = compileFast(expr.ast(), []);
        tally.cases += inputs.length;
        if (!fast) return;
        tally.compiled += inputs.length;
        for (const input of inputs) {
          let reference: Evaluation;
          try {
            reference = { value: await expr.evaluate(input) };
          } catch (threw) {
            reference = { threw };
          }
          let actual: unknown;
          try {
            actual = fast.evaluate(input, frame);
          } catch (error) {
            if (error instanceof Bail) continue;
            throw new Error(`the fast evaluator threw ${String(error)} on ${JSON.stringify(input)}`, { cause: error });
          }
          tally.decided++;
          if ('threw' in reference) {
            throw new Error(
              `JSONata threw ${describeError(reference.threw)} but the fast evaluator gave ` +
                `${JSON.stringify(actual)} on ${JSON.stringify(input)}`,
            );
          }
          if (!sameValue(actual, reference.value)) {
            throw new Error(
              `fast ${shown(actual)} against JSONata ${shown(reference.value)} on ${JSON.stringify(input)}`,
            );
          }
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: false },
    );
    if (details.failed) {
      throw new Error(
        `property failed after ${details.numRuns} runs (seed ${details.seed}, ` +
          `path "${details.counterexamplePath ?? ''}"): expression ${details.counterexample?.[0]}\n` +
          `${String((details.errorInstance as Error | undefined)?.message ?? details.errorInstance)}`,
      );
    }
    // Not vacuous: most generated expressions compile, and the fast evaluator decides a good share of cases.
    expect(tally.compiled).toBeGreaterThan(tally.cases * 0.9);
    expect(tally.decided).toBeGreaterThan(tally.cases * 0.3);
  }, 600_000);
});
