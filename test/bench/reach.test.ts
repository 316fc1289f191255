/** The reach benchmark's account shapes, at a small size (what the benchmark measures, not how fast). */
import { describe, expect, it } from 'vitest';
import { describeShape, GROUP_DEPTH, reachAccount } from '../../bench/lib/reach-account.js';
import { benchReach } from '../../bench/reach.js';

const SMALL = {
  apps: 28,
  reusablePolicies: 10,
  groups: 15,
  idps: 5,
  serviceTokens: 3,
  targets: 60,
  mcpPortals: 4,
  mcpServers: 40,
  tunnels: 2,
};

describe('reach benchmark account', () => {
  it(
    'nests groups, mixes reusable and app-scoped policies, ' + 'selects targets by tags, spreads servers over portals',
    () => {
      const snapshot = reachAccount(SMALL);
      expect(describeShape(snapshot)).toEqual({
        groups: 15,
        nestedGroups: 12,
        maxGroupDepth: GROUP_DEPTH,
        reusableRefs: expect.any(Number) as number,
        appScoped: expect.any(Number) as number,
        infrastructureApps: 2,
        portals: 4,
        carriedServers: 40,
      });
      const shape = describeShape(snapshot);
      expect(shape.reusableRefs).toBeGreaterThan(0);
      expect(shape.reusableRefs + shape.appScoped).toBe(28 * 3);
      const infra = snapshot.resources.access_application.map((r) => r.data).filter((a) => a.type === 'infrastructure');
      for (const app of infra) {
        expect(app.target_criteria).toEqual([
          expect.objectContaining({ target_attributes: { env: [expect.any(String)], team: [expect.any(String)] } }),
        ]);
      }
      expect(reachAccount(SMALL)).toEqual(snapshot);
    },
  );

  it('reaches targets through tag-selecting apps and servers through portals', async () => {
    const result = await benchReach({ runs: 1, evaluateRuns: 1, measureMemory: false, size: SMALL });
    const model = result.details['model'] as Record<string, number>;
    expect(model).toMatchObject({ access_application: 26, infrastructure_target: 60, mcp_server: 40, mcp_portal: 4 });
    expect(result.targets.map((t) => t.label)).toEqual(['buildReachModel < 1 s']);
    expect(result.metrics.find((m) => m.label === 'reach / evaluate')?.value).toBeGreaterThan(0);
  }, 60_000);
});
