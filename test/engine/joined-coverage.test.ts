import { describe, expect, it } from 'vitest';
import { evaluateSnapshot } from '../../src/engine/evaluate.js';
import { loadAllRules } from '../../src/engine/load-rules.js';
import { caseSnapshot } from '../../src/engine/rule-cases.js';

describe('a rule that joins a type that was not collected', () => {
  it('reports unknown, never fail, for the resources it would have failed', async () => {
    const rule = (await loadAllRules()).find((r) => r.id === 'access-policy-references-resolve')!;
    const policy = { id: 'pol-1', name: 'staff', decision: 'allow', include: [{ group: { id: 'grp-unread' } }] };
    const unread = { name: 'groups forbidden', resource: policy, coverage: { access_group: 'forbidden' as const } };
    const { snapshot } = caseSnapshot(rule, unread);
    const { results } = await evaluateSnapshot(snapshot, [rule], { now: new Date('2026-01-15T00:00:00Z') });
    const own = results.find((r) => r.resource_id === 'pol-1');
    expect(own?.status).toBe('unknown');
    expect(own?.detail).toContain('access_group is forbidden');
    expect(results.filter((r) => r.status === 'fail')).toEqual([]);
  });
});
