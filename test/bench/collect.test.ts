/** The collect benchmark at a small size and no latency: it measures what it claims (not how fast). */
import { describe, expect, it } from 'vitest';
import { benchCollect } from '../../bench/collect.js';

describe('collect benchmark', () => {
  it('counts our requests against the minimum and the SDK\'s requests, from the emulator process', async () => {
    const size = { apps: 30, reusablePolicies: 150, targets: 1200, mcpServers: 30, groups: 10, tunnels: 5 };
    const result = await benchCollect({ runs: 1, latencyMs: 0, size });
    const metric = (label: string) => result.metrics.find((m) => m.label === label)?.value;
    // targets: 2 pages of 1000; custom page: list + 1 detail; 4 remotely-managed tunnels: 1 configuration each;
    // 19 other types: 1 each.
    expect(metric('requests, minimum')).toBe(27);
    expect(metric('requests, ours')).toBe(27);
    expect(result.targets.find((t) => t.label === 'requests = minimum')?.met).toBe(true);
    // The SDK pages at the default size and asks for one empty page more per paged list.
    expect(metric('requests, official SDK') as number).toBeGreaterThan(27);
    expect(result.details['sdk_requests_by_type']).toMatchObject({ access_policy: 3, infrastructure_target: 3, mcp_server: 3 });
    // The reference clients made the same requests (checked inside the benchmark) and were timed.
    expect(metric('wall time bare client parsing / SDK')).toBeGreaterThan(0);
    expect(metric('wall time bare client not parsing / SDK')).toBeGreaterThan(0);
  }, 60_000);
});
