/** The process benchmarks at a small size and no latency: they measure what they claim (not how fast). */
import { describe, expect, it } from 'vitest';
import { benchCollect } from '../../bench/collect.js';

describe('collect benchmark', () => {
  it('times the built CLI and the SDK script as processes and counts their requests at the emulator', async () => {
    const size = { apps: 30, reusablePolicies: 150, targets: 1200, mcpServers: 30, groups: 10, tunnels: 5 };
    const result = await benchCollect({ runs: 1, latencyMs: 0, size });
    const metric = (label: string) => result.metrics.find((m) => m.label === label)?.value;
    // targets: 2 pages of 1000; custom page: list + 1 detail; 4 remotely-managed tunnels: 1 configuration each;
    // 19 other types: 1 each.
    expect(metric('requests, minimum')).toBe(27);
    expect(metric('requests, ours')).toBe(27);
    expect(result.targets.find((t) => t.label === 'requests = minimum')?.met).toBe(true);
    // At the largest page size the SDK asks for the same pages, plus one empty page per paged list it walks.
    expect(metric('requests, SDK script') as number).toBeGreaterThanOrEqual(27);
    for (const who of ['collect', 'SDK script']) {
      expect(metric(`${who}: wall`)).toBeGreaterThan(0);
      expect(metric(`${who}: peak RSS`)).toBeGreaterThan(10 * 1024 * 1024);
    }
    const ours = (result.details['ours'] as { bytes: number }[])[0]!;
    expect(ours.bytes).toBeGreaterThan(0);
  }, 120_000);
});
