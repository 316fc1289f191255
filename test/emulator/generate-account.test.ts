import Cloudflare from 'cloudflare';
import { describe, expect, it } from 'vitest';
import { generateAccount, MAX_SIZE_ACCOUNT } from '../../src/emulator/generate-account.js';
import { minimumRequests, minimumRequestsFor } from '../../src/emulator/minimum-requests.js';
import { startEmulator } from '../../src/emulator/server.js';
import { manifestProblems } from '../../src/snapshot/manifest-validation.js';
import { RESOURCE_TYPES } from '../../src/catalog/resource-types.js';

describe('generateAccount', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const options = { apps: 20, groups: 5, targets: 30, seed: 'a' };
    expect(generateAccount(options)).toEqual(generateAccount(options));
    expect(generateAccount({ ...options, seed: 'b' })).not.toEqual(generateAccount(options));
  });

  it('builds the benchmark account at Cloudflare limits, with one of every other type', () => {
    const account = generateAccount({ ...MAX_SIZE_ACCOUNT, seed: 'bench' });
    const count = (type: (typeof RESOURCE_TYPES)[number]) => account.resources[type].length;
    expect(count('access_application')).toBe(500);
    expect(count('access_policy')).toBe(500);
    expect(count('access_group')).toBe(300);
    expect(count('identity_provider')).toBe(50);
    expect(count('service_token')).toBe(50);
    expect(count('infrastructure_target')).toBe(5000);
    expect(count('mcp_portal')).toBe(20);
    expect(count('mcp_server')).toBe(100);
    for (const type of RESOURCE_TYPES) expect(count(type), type).toBeGreaterThan(0);
    for (const app of account.resources.access_application) expect((app.data['policies'] as unknown[]).length).toBe(3);
    expect(new Set(account.resources.access_application.map((a) => a.data['type'])).size).toBe(14);
    for (const portal of account.resources.mcp_portal)
      expect((portal.data['servers'] as unknown[]).length).toBeLessThanOrEqual(10);
    expect(manifestProblems(account.manifest)).toEqual([]);
    expect(account.manifest.coverage.infrastructure_target).toEqual({ status: 'ok', count: 5000, requests: 5 });
    expect(new Set(account.resources.infrastructure_target.map((t) => t.key)).size).toBe(5000);
  });

  it('has tunnels, every fifth locally managed, the others with a remote configuration', () => {
    const account = generateAccount({ ...MAX_SIZE_ACCOUNT, seed: 'bench' });
    const tunnels = account.resources.tunnel.map((r) => r.data);
    const remote = tunnels.filter((t) => t['config_src'] === 'cloudflare').map((t) => t['id']);
    expect(tunnels).toHaveLength(50);
    expect(remote).toHaveLength(40);
    expect(account.resources.tunnel_configuration.map((r) => r.key).sort()).toEqual([...remote].sort());
    const domains = new Set(account.resources.access_application.map((r) => r.data['domain']));
    const rules = account.resources.tunnel_configuration.flatMap(
      (r) => (r.data['config'] as { ingress: { hostname?: string; service: string }[] }).ingress,
    );
    const hostnames = rules.flatMap((rule) => (rule.hostname ? [rule.hostname] : []));
    expect(new Set(hostnames).size).toBe(hostnames.length); // a hostname routes to one tunnel
    expect(hostnames.some((h) => domains.has(h))).toBe(true);
    expect(hostnames.some((h) => !domains.has(h))).toBe(true);
    const catchAlls = rules.filter((rule) => !rule.hostname).map((rule) => rule.service);
    expect(catchAlls).toEqual(remote.map(() => 'http_status:404'));
    expect(account.manifest.coverage.tunnel_configuration).toEqual({ status: 'ok', count: 40, requests: 40 });
  });

  it('keeps each type sorted by file, as readSnapshot returns it', () => {
    const account = generateAccount({ apps: 30, seed: 'sorted' });
    for (const type of RESOURCE_TYPES) {
      const files = account.resources[type].map((r) => r.file);
      expect(files).toEqual([...files].sort());
    }
  });

  it('is served by the emulator and listed by the official SDK', async () => {
    const account = generateAccount({ apps: 40, targets: 2500, groups: 10, seed: 'sdk' });
    const emulator = await startEmulator({ snapshot: account, credentials: { apiTokens: ['t'] } });
    try {
      const client = new Cloudflare({ apiToken: 't', baseURL: emulator.url, maxRetries: 0 });
      const targets = [];
      for await (const target of client.zeroTrust.access.infrastructure.targets.list({
        account_id: account.manifest.account_id,
        per_page: 1000,
      }))
        targets.push(target);
      expect(targets).toEqual(account.resources.infrastructure_target.map((r) => r.data));
      expect(emulator.stats.total).toBe(4); // 3 full pages + the empty page the SDK always asks for
    } finally {
      await emulator.close();
    }
  });
});

describe('minimumRequests', () => {
  it('counts one request per full page at the maximum size, plus per-item detail reads', () => {
    expect(minimumRequests('infrastructure_target', 5000)).toBe(5);
    expect(minimumRequests('infrastructure_target', 5001)).toBe(6);
    expect(minimumRequests('access_application', 0)).toBe(1);
    expect(minimumRequests('mcp_server', 100)).toBe(1);
    expect(minimumRequests('mcp_server', 101)).toBe(2);
    expect(minimumRequests('organization', 1)).toBe(1);
    expect(minimumRequests('custom_page', 3)).toBe(4);
    expect(minimumRequests('tunnel_configuration', 40)).toBe(40);
    // The max-size account: 21 types at one page each, targets 4 pages more, 1 custom page detail read, and
    // one configuration for each of the 40 remotely-managed tunnels.
    const account = generateAccount({ ...MAX_SIZE_ACCOUNT, targets: 5000, apps: 14, seed: 'min' });
    expect(minimumRequestsFor(account).total).toBe(66);
  });
});
