import { describe, expect, it } from 'vitest';
import { buildReachModel } from '../../src/reach/index.js';
import { reachInput } from './fixtures.js';

const EMPTY = reachInput({ apps: [], idps: [], tokens: [] });

describe('the reach model on values of the wrong type', () => {
  it('reads an application type that is an object without throwing', () => {
    const model = buildReachModel({ ...EMPTY, access_application: [{ id: 'a', type: { toString: 1 } }] }, new Date(0));
    expect(model.apps.map((a) => a.id)).toEqual(['a']);
  });

  it('reports a policy decision that is an object as an unknown decision', () => {
    const policy = { id: 'p', decision: { toString: 1 }, include: [{ everyone: {} }] };
    const app = { id: 'a', type: 'self_hosted', policies: [policy] };
    const model = buildReachModel({ ...EMPTY, access_application: [app] }, new Date(0));
    expect(model.apps[0]!.dead.map((d) => [d.policy, d.reason])).toEqual([['p', 'unknown_decision']]);
  });
});
