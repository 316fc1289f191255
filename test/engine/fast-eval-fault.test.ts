/**
 * The engine catches only the fast evaluator's bail-out signal: a `Bail` hands the resource to JSONata, any
 * other error from the fast path (a bug in it) stops the evaluation with the way around it (--engine jsonata).
 */
import { describe, expect, it, vi } from 'vitest';

const mode = vi.hoisted(() => ({ thrown: null as (() => Error) | null }));

vi.mock('../../src/engine/fast-eval.js', async (original) => {
  const real = await original<typeof import('../../src/engine/fast-eval.js')>();
  return {
    ...real,
    compileFast: (...args: Parameters<typeof real.compileFast>) => {
      const compiled = real.compileFast(...args);
      if (!compiled) return null;
      return {
        evaluate: (input: unknown, frame: Record<string, unknown>) => {
          if (mode.thrown) throw mode.thrown();
          return compiled.evaluate(input, frame);
        },
      };
    },
  };
});

const { Bail, FastEvalFault } = await import('../../src/engine/fast-eval.js');
const { evaluateSnapshot } = await import('../../src/engine/evaluate.js');
const { caseSnapshot } = await import('../../src/engine/rule-cases.js');
const { rule } = await import('./helpers.js');

const now = new Date('2026-01-15T00:00:00Z');
const checked = rule({ check: 'flag = true', evidence: `'[{"path": "flag", "value": flag}]'` });
const { snapshot } = caseSnapshot(checked, { name: 'one app', resource: { id: 'a1', name: 'one', flag: false } });

describe('fast-eval faults', () => {
  it('a bail-out re-evaluates with JSONata and gives its result', async () => {
    mode.thrown = () => new Bail('test');
    try {
      const { results } = await evaluateSnapshot(snapshot, [checked], { now });
      expect(results.map((r) => [r.status, r.evidence])).toEqual([['fail', [{ path: 'flag', value: false }]]]);
    } finally {
      mode.thrown = null;
    }
  });

  it('any other error is raised, naming the rule, the resource and --engine jsonata', async () => {
    mode.thrown = () => new TypeError('x.y is not a function');
    try {
      const failed = evaluateSnapshot(snapshot, [checked], { now });
      await expect(failed).rejects.toThrow(FastEvalFault);
      await expect(failed).rejects.toThrow(
        /the check of access-application-test-rule on resource a1 \(TypeError: x\.y is not a function\).*--engine/,
      );
      const reference = await evaluateSnapshot(snapshot, [checked], { now, engine: 'jsonata' });
      expect(reference.results.map((r) => r.status)).toEqual(['fail']);
    } finally {
      mode.thrown = null;
    }
  });
});
