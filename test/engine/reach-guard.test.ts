/**
 * The engine's guard around the reach model: when building it throws (as it did on an application whose
 * `type` is an object with an own `toString`), rules that need it report `unknown` naming the failure,
 * every other rule is evaluated as usual, and findings lose only their `exposes`.
 */
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../src/reach/model.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/reach/model.js')>();
  return {
    ...original,
    buildReachModel: () => {
      throw new TypeError('Cannot convert object to primitive value');
    },
  };
});

const { evaluateNaive, evaluateSnapshot } = await import('../../src/engine/evaluate.js');
const { loadAllRules } = await import('../../src/engine/load-rules.js');
const { caseSnapshot } = await import('../../src/engine/rule-cases.js');

describe('a reach model that cannot be built', () => {
  it('reach rules are unknown, other rules judge, nothing is an error', async () => {
    const rules = await loadAllRules();
    const reachRule = rules.find((r) => r.id === 'access-application-reach-restricted')!;
    const cookie = rules.find((r) => r.id === 'access-application-http-only-cookie')!;
    const app = {
      id: 'app-1',
      name: 'wiki',
      type: 'self_hosted',
      domain: 'wiki.example.com',
      http_only_cookie_attribute: false,
      policies: [],
    };
    const { snapshot } = caseSnapshot(cookie, { name: 'x', resource: app });
    for (const evaluate of [evaluateSnapshot, evaluateNaive]) {
      const evaluation = await evaluate(snapshot, [reachRule, cookie], { now: new Date('2026-01-15T00:00:00Z') });
      const reach = evaluation.results.find((r) => r.rule_id === reachRule.id)!;
      expect(reach).toMatchObject({
        status: 'unknown',
        detail:
          'the reach model could not be built from this snapshot ' +
          '(TypeError: Cannot convert object to primitive value)',
      });
      const fail = evaluation.results.find((r) => r.rule_id === cookie.id)!;
      expect(fail.status).toBe('fail');
      expect(fail.exposes).toBeUndefined();
      expect(evaluation.reach).toBeUndefined();
    }
  });
});
