/**
 * Property-based test of the whole built-in catalog: random snapshots of every resource type, generated
 * from the field schemas (schemas/fields/<type>.json) and then, in the hostile property, broken in the
 * ways an API or a hand-edited snapshot can break them (wrong types, nulls, arrays for objects, huge
 * strings, deep nesting, `__proto__` keys). Resources draw ids from a small shared pool, so applications
 * name existing policies, groups, identity providers and tokens and the joins and the reach model run.
 *
 * Property: evaluateSnapshot never throws, and no result is `error` (a value the API does not document
 * makes a result `unknown`, never `error`); every status is one of RESULT_STATUSES. On schema-valid data,
 * no result is `unknown` because of a type mismatch (the validator and the generator agree).
 *
 * Runs: FUZZ_SEED (default fixed; `random` for a fresh seed, printed) and FUZZ_RUNS, the same convention as
 * test/reach/model.property.test.ts; this test runs FUZZ_RUNS / 4 snapshots per property (each one evaluates
 * every rule; default 150), or FUZZ_CATALOG_RUNS when set. See `npm run fuzz`. A failure prints the seed, the
 * replay path and the counterexample cut to a readable size (hostile values are up to 100 kB).
 */
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { evaluateSnapshot } from '../../src/engine/evaluate.js';
import { loadAllRules } from '../../src/engine/load-rules.js';
import { RESULT_STATUSES, type LoadedRule, type Result } from '../../src/engine/types.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { buildSnapshot, NOW, resourcesArb } from './random-snapshot.js';

function seedFromEnv(): number {
  const raw = process.env.FUZZ_SEED;
  if (raw === 'random') return Math.floor(Math.random() * 2 ** 31);
  return raw !== undefined && raw !== '' ? Number(raw) : 20260115;
}

const SEED = seedFromEnv();
const FUZZ_RUNS = process.env.FUZZ_RUNS;
const RUNS = Number(process.env.FUZZ_CATALOG_RUNS ?? (FUZZ_RUNS ? Math.ceil(Number(FUZZ_RUNS) / 4) : 150));
if (process.env.FUZZ_SEED === 'random') console.log(`catalog.property: FUZZ_SEED=${SEED} runs=${RUNS}`);

function describeResult(r: Result): string {
  const text = `${r.rule_id} on ${r.resource_type} ${r.resource_id}: ${r.status} — ${r.message} ${r.detail ?? ''}`;
  return text.slice(0, 600);
}

let rules: LoadedRule[];
beforeAll(async () => {
  rules = await loadAllRules();
});

async function problemsOf(snapshot: Snapshot, typeMismatchIsProblem: boolean): Promise<string[]> {
  const evaluation = await evaluateSnapshot(snapshot, rules, { now: NOW });
  const problems: string[] = [];
  for (const r of evaluation.results) {
    if (!(RESULT_STATUSES as readonly string[]).includes(r.status)) {
      problems.push(`status "${r.status}": ${describeResult(r)}`);
    } else if (r.status === 'error') {
      problems.push(describeResult(r));
    } else if (typeMismatchIsProblem && r.status === 'unknown' && r.resource_id !== '*') {
      problems.push(`unknown on schema-valid data: ${describeResult(r)}`);
    }
  }
  return problems;
}

/** Runs the property; on failure, throws with the seed, the replay path and a shortened counterexample. */
async function holds(hostile: boolean, seed: number): Promise<void> {
  const details = await fc.check(
    fc.asyncProperty(resourcesArb(hostile), async (generated) => {
      const problems = await problemsOf(buildSnapshot(generated), !hostile);
      if (problems.length > 0) {
        throw new Error(`${problems.length} result(s) break the property:\n${problems.slice(0, 10).join('\n')}`);
      }
    }),
    { seed, numRuns: RUNS, endOnFailure: false, interruptAfterTimeLimit: 120_000 },
  );
  if (!details.failed) return;
  const example = JSON.stringify(details.counterexample?.[0], (_k, v: unknown) =>
    typeof v === 'string' && v.length > 80 ? `${v.slice(0, 40)}…(${v.length} chars)` : v,
  );
  throw new Error(
    `property failed after ${details.numRuns} runs ` +
      `(seed ${details.seed}, path "${details.counterexamplePath ?? ''}"):\n` +
      `${String((details.errorInstance as Error | undefined)?.message ?? details.errorInstance).slice(0, 4000)}\n` +
      `counterexample: ${example.slice(0, 6000)}`,
  );
}

describe('the built-in catalog on random snapshots', () => {
  it('schema-valid resources: no error, no type-mismatch unknown', async () => {
    await holds(false, SEED);
  }, 600_000);

  it('hostile resources: no crash and no error result', async () => {
    await holds(true, SEED + 1);
  }, 600_000);
});
