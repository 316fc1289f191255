/** The reach facts finding messages quote ({{$reach.dead}}, …) are words, never raw JSON. */
import { describe, expect, it } from 'vitest';
import { buildReachModel } from '../../src/reach/index.js';
import { reachInput } from './fixtures.js';
import { reachFacts } from '../../src/reach/exposure.js';

const EMPTY = reachInput({ apps: [], idps: [], tokens: [] });

function deadFact(decision: unknown, of: 'policy' | 'application' = 'policy'): string | undefined {
  const policy = { id: 'p', name: 'typo', decision, include: [{ everyone: {} }] };
  const app = { id: 'a', name: 'Wiki', type: 'self_hosted', domain: 'wiki.example.com', policies: [policy] };
  const model = buildReachModel({ ...EMPTY, access_application: [app] }, new Date(0));
  return reachFacts(model, of === 'policy' ? policy : app).dead;
}

describe('why a policy never applies, in words', () => {
  it('quotes a decision Access does not know', () => {
    expect(deadFact('ALLOW')).toBe("in application 'Wiki', its decision 'ALLOW' is not one Access knows");
  });

  it('names the dead policy when the finding is on its application', () => {
    expect(deadFact('ALLOW', 'application')).toBe(
      "policy 'typo' never applies because its decision 'ALLOW' is not one Access knows",
    );
  });

  it('does not print a decision that is not a string as JSON', () => {
    for (const decision of [{ allow: true }, ['allow'], undefined]) {
      const fact = deadFact(decision);
      expect(fact).toBe("in application 'Wiki', it has no decision Access knows");
    }
  });
});
