import { describe, expect, it } from 'vitest';
import { buildReachModel, type ReachInput } from '../../src/reach/index.js';

const EMPTY: ReachInput = {
  access_application: [], access_policy: [], access_group: [], identity_provider: [], service_token: [],
  infrastructure_target: [], mcp_server: [], mcp_portal: [],
};

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
