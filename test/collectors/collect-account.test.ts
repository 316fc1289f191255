import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudflareClient, type ClientOptions } from '../../src/client/client.js';
import { collectAccount } from '../../src/collectors/collect-account.js';
import type { CollectProgressEvent } from '../../src/collectors/progress.js';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/server.js';
import type { EmulatorFaults } from '../../src/emulator/faults.js';
import { readSnapshot } from '../../src/snapshot/read.js';
import { RESOURCE_TYPES, RESOURCE_TYPE_SPECS, type ResourceType } from '../../src/catalog/resource-types.js';
import { writeSnapshot } from '../../src/snapshot/write.js';
import { REDACTED, type Snapshot } from '../../src/snapshot/types.js';
import { ACCOUNT_ID, RAW_SECRETS, ZONE_ID, allRecords, fixtureSnapshot } from './fixture.js';
import { fakeClock } from '../client/fake-clock.js';
import { heldDeadlines } from '../client/held-deadlines.js';

const TOKEN = 'collector-test-token-9f8e7d6c5b4a';
const handles: { emulator: EmulatorHandle; client: CloudflareClient }[] = [];
const tempDirs: string[] = [];

afterEach(async () => {
  for (const { emulator, client } of handles.splice(0)) {
    await client.close();
    await emulator.close();
  }
  await Promise.all(tempDirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function setup(
  snapshot: Snapshot,
  faults: EmulatorFaults = {},
  clientOptions: Partial<ClientOptions> = {},
): Promise<{ emulator: EmulatorHandle; client: CloudflareClient }> {
  const emulator = await startEmulator({ snapshot, faults, credentials: { apiTokens: [TOKEN] } });
  // Backoffs and pauses pass on a fake clock unless the test brings its own.
  const clock = fakeClock();
  const client = new CloudflareClient({
    credentials: { kind: 'token', token: TOKEN },
    baseUrl: emulator.url,
    backoffBaseMs: 5,
    backoffMaxMs: 20,
    now: clock.now,
    sleep: clock.sleep,
    ...clientOptions,
  });
  handles.push({ emulator, client });
  return { emulator, client };
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cf-access-audit-collect-'));
  tempDirs.push(dir);
  return dir;
}

async function allFileContents(dir: string): Promise<string> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
  expect(files.length).toBeGreaterThan(20);
  return (await Promise.all(files.map((f) => readFile(f, 'utf8')))).join('\n');
}

/** One request per type and scope (each fits one page) plus one per custom page. */
function minimumRequests(snapshot: Snapshot, zones: number): number {
  const zoneScoped = RESOURCE_TYPES.filter((t) => RESOURCE_TYPE_SPECS[t].zoneScoped).length;
  const customPages = snapshot.resources.custom_page.filter((r) => r.scope.kind === 'account').length;
  return RESOURCE_TYPES.length + zoneScoped * zones + customPages;
}

const fixedClock = (): Date => new Date('2025-06-01T12:00:00.000Z');

describe('collectAccount against the emulator', () => {
  it('round-trips a snapshot: collect(emulator(S)) reproduces S, with the minimum of requests', async () => {
    const source = fixtureSnapshot({ redacted: true });
    const { emulator, client } = await setup(source);
    const { manifest, records } = await collectAccount({
      client,
      accountId: ACCOUNT_ID,
      zoneIds: [ZONE_ID],
      now: fixedClock,
    });

    expect(records).toEqual(allRecords(source));
    for (const type of RESOURCE_TYPES) {
      expect(manifest.coverage[type]).toMatchObject({ status: 'ok', count: source.manifest.coverage[type].count });
    }
    expect(manifest.zone_coverage[ZONE_ID]!.access_application).toMatchObject({ status: 'ok', count: 1, requests: 1 });
    expect(Object.keys(manifest.zone_coverage[ZONE_ID]!)).toHaveLength(8);
    expect(records.find((r) => r.type === 'custom_page')!.data.custom_html).toBe('<h1>No</h1>');
    expect(records.find((r) => r.key === 'app-saas')!.data.policies).toHaveLength(1);

    expect(emulator.stats.total).toBe(minimumRequests(source, 1));
    expect(manifest.requests).toMatchObject({
      total: emulator.stats.total,
      retries: 0,
      rate_limited: 0,
      server_errors: 0,
    });
    expect(manifest).toMatchObject({
      format_version: 1,
      account_id: ACCOUNT_ID,
      zone_ids: [ZONE_ID],
      collected_at: '2025-06-01T12:00:00.000Z',
      base_url: emulator.url,
    });

    const dir = await tempDir();
    await writeSnapshot(dir, manifest, records);
    const reread = await readSnapshot(dir);
    expect(reread.resources).toEqual(source.resources);
    expect(reread.manifest.coverage.access_group).toEqual({ status: 'ok', count: 1, requests: 1 });
  });

  it('redacts secrets before anything is written, and writes no token anywhere', async () => {
    const lines: string[] = [];
    const { client } = await setup(
      fixtureSnapshot(),
      {
        forbidden: ['gateway_ca'],
        malformed: { bookmark: 'success_false' },
        serverErrors: { access_keys: { requests: 1 } },
      },
      { log: (line) => lines.push(line) },
    );
    const events: CollectProgressEvent[] = [];
    const { manifest, records } = await collectAccount({
      client,
      accountId: ACCOUNT_ID,
      zoneIds: [ZONE_ID],
      onProgress: (e) => events.push(e),
    });
    const dir = await tempDir();
    await writeSnapshot(dir, manifest, records);
    const written = await allFileContents(dir);
    expect(written).not.toContain(TOKEN);
    for (const secret of RAW_SECRETS) expect(written).not.toContain(secret);
    expect(written).toContain(`"client_secret": "${REDACTED}"`);
    expect(lines).toHaveLength(1);
    expect(JSON.stringify({ events, lines, manifest })).not.toContain(TOKEN);
    const idp = records.find((r) => r.type === 'identity_provider')!.data as { config: Record<string, unknown> };
    expect(idp.config).toEqual({
      client_id: 'okta-client',
      client_secret: REDACTED,
      okta_account: 'https://x.okta.com',
    });
  });

  it('honours a 429 (waiting at least Retry-After) and still collects everything', async () => {
    const clock = fakeClock();
    const { client } = await setup(
      fixtureSnapshot({ redacted: true }),
      {
        rateLimit: { requests: 1, retryAfterSeconds: 1, types: ['access_group'] },
      },
      { now: clock.now, sleep: clock.sleep },
    );
    const events: CollectProgressEvent[] = [];
    const { manifest } = await collectAccount({ client, accountId: ACCOUNT_ID, onProgress: (e) => events.push(e) });
    expect(clock.sleeps.length).toBeGreaterThan(0);
    expect(clock.sleeps.every((ms) => ms > 0 && ms <= 1000)).toBe(true);
    expect(Math.max(...clock.sleeps)).toBe(1000);
    expect(manifest.coverage.access_group).toEqual({ status: 'ok', count: 1, requests: 2 });
    expect(manifest.requests).toMatchObject({ rate_limited: 1, retries: 1 });
    expect(events).toContainEqual(
      expect.objectContaining({ kind: 'retry', type: 'access_group', reason: 'rate_limited', delayMs: 1000 }),
    );
    expect(RESOURCE_TYPES.every((t) => manifest.coverage[t].status === 'ok')).toBe(true);
  });

  it('retries 503 and succeeds', async () => {
    const { client } = await setup(fixtureSnapshot({ redacted: true }), {
      serverErrors: { access_policy: { requests: 2 } },
    });
    const { manifest } = await collectAccount({ client, accountId: ACCOUNT_ID });
    expect(manifest.coverage.access_policy).toEqual({ status: 'ok', count: 1, requests: 3 });
    expect(manifest.requests).toMatchObject({ server_errors: 2, retries: 2 });
  });

  it('marks a 403 type forbidden with the permission to add, and collects all the others', async () => {
    const source = fixtureSnapshot({ redacted: true });
    const { emulator, client } = await setup(source, { forbidden: ['service_token'] });
    const { manifest, records } = await collectAccount({ client, accountId: ACCOUNT_ID });
    expect(manifest.coverage.service_token).toMatchObject({
      status: 'forbidden',
      count: 0,
      requests: 1,
      http_status: 403,
      endpoint: `/accounts/${ACCOUNT_ID}/access/service_tokens?page=1&per_page=1000`,
      permission: 'Access: Service Tokens Read',
    });
    expect(manifest.coverage.service_token.message).toContain('Add the "Access: Service Tokens Read" permission');
    for (const type of RESOURCE_TYPES.filter((t) => t !== 'service_token'))
      expect(manifest.coverage[type].status).toBe('ok');
    expect(records.some((r) => r.type === 'service_token')).toBe(false);
    expect(emulator.stats.byType.service_token).toBe(1);
  });

  it('retries a hanging endpoint, then marks only that type error', async () => {
    const deadlines = heldDeadlines();
    const { emulator, client } = await setup(
      fixtureSnapshot({ redacted: true }),
      { hang: ['access_tag'] },
      { deadlineTimer: deadlines.timer, maxAttempts: 2 },
    );
    const collecting = collectAccount({ client, accountId: ACCOUNT_ID });
    // Each attempt at the tags runs out of time once the emulator holds it (and only that one).
    for (let attempt = 1; attempt <= 2; attempt++) {
      while ((emulator.stats.byType.access_tag ?? 0) < attempt) await new Promise((resolve) => setImmediate(resolve));
      expect(deadlines.expire('/access/tags')).toBe(1);
    }
    const { manifest } = await collecting;
    expect(manifest.coverage.access_tag).toMatchObject({ status: 'error', count: 0, requests: 2 });
    expect(manifest.coverage.access_tag.message).toMatch(/access\/tags\?page=1&per_page=1000: timed out/);
    expect(manifest.requests.timeouts).toBe(2);
    expect(RESOURCE_TYPES.filter((t) => manifest.coverage[t].status !== 'ok')).toEqual(['access_tag']);
  });

  it('marks malformed bodies error with the endpoint and the reason', async () => {
    const { client } = await setup(fixtureSnapshot({ redacted: true }), {
      malformed: {
        organization: 'invalid_json',
        access_group: 'wrong_shape',
        bookmark: 'success_false',
        mcp_portal: 'html',
      },
    });
    const { manifest } = await collectAccount({ client, accountId: ACCOUNT_ID });
    const { coverage } = manifest;
    expect(coverage.organization).toMatchObject({
      status: 'error',
      endpoint: `/accounts/${ACCOUNT_ID}/access/organizations`,
      http_status: 200,
    });
    expect(coverage.organization.message).toContain('not valid JSON');
    expect(coverage.access_group.message).toContain('"result" is string, expected an array of objects');
    expect(coverage.bookmark.message).toContain('success: false');
    expect(coverage.bookmark.message).toContain('10001: Internal server error');
    expect(coverage.mcp_portal.message).toContain('not valid JSON');
    expect(RESOURCE_TYPES.filter((t) => coverage[t].status === 'error').sort()).toEqual([
      'access_group',
      'bookmark',
      'mcp_portal',
      'organization',
    ]);
  });

  it('pages through a long list at the largest page size, and detects a repeating page', async () => {
    const servers = Array.from({ length: 150 }, (_, i) => ({ id: `srv-${String(i).padStart(3, '0')}`, name: `S${i}` }));
    const source = fixtureSnapshot({ redacted: true, extra: { mcp_server: servers } });
    const first = await setup(source);
    const good = await collectAccount({ client: first.client, accountId: ACCOUNT_ID, types: ['mcp_server'] });
    expect(good.manifest.coverage.mcp_server).toEqual({ status: 'ok', count: 151, requests: 2 });
    expect(first.emulator.stats.total).toBe(2);

    const second = await setup(source, { repeatPage: ['mcp_server'] });
    const { manifest, records } = await collectAccount({
      client: second.client,
      accountId: ACCOUNT_ID,
      types: ['mcp_server'],
    });
    expect(manifest.coverage.mcp_server).toMatchObject({ status: 'error', count: 100, requests: 2 });
    expect(manifest.coverage.mcp_server.message).toContain('page 2 repeats page 1');
    expect(manifest.coverage.mcp_server.message).toContain('100 item(s) read before the failure are kept');
    expect(records).toHaveLength(100);
  });

  it('reports coverage in catalog order and records in file order, whatever order the answers arrive in', async () => {
    const { client } = await setup(fixtureSnapshot({ redacted: true }), {}, { concurrency: 1 });
    const { manifest, records } = await collectAccount({ client, accountId: ACCOUNT_ID, zoneIds: [ZONE_ID] });
    expect(records.length).toBeGreaterThan(20);
    expect(Object.keys(manifest.coverage)).toEqual([...RESOURCE_TYPES]);
    expect(Object.keys(manifest.zone_coverage[ZONE_ID]!)).toEqual(
      RESOURCE_TYPES.filter((t) => RESOURCE_TYPE_SPECS[t].zoneScoped),
    );
    expect(records.map((r) => r.file)).toEqual(records.map((r) => r.file).sort());
  });

  it('reads the configuration of each remotely-managed tunnel once the tunnels are listed', async () => {
    const { emulator, client } = await setup(fixtureSnapshot({ redacted: true }));
    const types: ResourceType[] = ['tunnel', 'tunnel_configuration'];
    const { manifest, records } = await collectAccount({ client, accountId: ACCOUNT_ID, types });
    expect(records.map((r) => r.file)).toEqual([
      'tunnel/tun-local.json',
      'tunnel/tun-remote.json',
      'tunnel_configuration/tun-remote.json',
    ]);
    expect(records[1]!.data).toMatchObject({ token: REDACTED, credentials_file: REDACTED });
    expect(manifest.coverage.tunnel).toEqual({ status: 'ok', count: 2, requests: 1 });
    expect(manifest.coverage.tunnel_configuration).toEqual({ status: 'ok', count: 1, requests: 1 });
    // The locally-managed tunnel is not asked for a configuration.
    expect(
      Object.keys(emulator.stats.byPath)
        .map((p) => p.replace(/^.*\/accounts\/[0-9a-f]+/, ''))
        .sort(),
    ).toEqual(['/cfd_tunnel', '/cfd_tunnel/tun-remote/configurations']);
  });

  it('lists the tunnels for their configurations when only the configurations are collected', async () => {
    const { emulator, client } = await setup(fixtureSnapshot({ redacted: true }));
    const types: ResourceType[] = ['tunnel_configuration'];
    const { manifest, records } = await collectAccount({ client, accountId: ACCOUNT_ID, types });
    expect(records.map((r) => r.file)).toEqual(['tunnel_configuration/tun-remote.json']);
    expect(manifest.coverage.tunnel.status).toBe('not_collected');
    expect(manifest.coverage.tunnel_configuration).toEqual({ status: 'ok', count: 1, requests: 2 });
    expect(manifest.requests.total).toBe(2);
    expect(emulator.stats.total).toBe(2);
  });

  it('marks tunnel configurations forbidden when the tunnels or their configurations are', async () => {
    const listing = await setup(fixtureSnapshot({ redacted: true }), { forbidden: ['tunnel'] });
    const noTunnels = await collectAccount({ client: listing.client, accountId: ACCOUNT_ID });
    const permission = 'Cloudflare Tunnel Read';
    expect(noTunnels.manifest.coverage.tunnel).toMatchObject({ status: 'forbidden', permission });
    expect(noTunnels.manifest.coverage.tunnel_configuration).toMatchObject({
      status: 'forbidden',
      count: 0,
      requests: 0,
      http_status: 403,
      permission,
    });
    expect(listing.emulator.stats.byType.tunnel_configuration).toBeUndefined();

    const reading = await setup(fixtureSnapshot({ redacted: true }), { forbidden: ['tunnel_configuration'] });
    const { manifest, records } = await collectAccount({ client: reading.client, accountId: ACCOUNT_ID });
    expect(manifest.coverage.tunnel.status).toBe('ok');
    expect(manifest.coverage.tunnel_configuration).toMatchObject({
      status: 'forbidden',
      count: 0,
      requests: 1,
      permission,
      endpoint: `/accounts/${ACCOUNT_ID}/cfd_tunnel/tun-remote/configurations`,
    });
    expect(records.some((r) => r.type === 'tunnel_configuration')).toBe(false);
  });

  it('reports a 404 as not_collected, not as an error', async () => {
    const { client } = await setup(fixtureSnapshot({ redacted: true }), { notFound: ['mcp_portal', 'mcp_server'] });
    const { manifest } = await collectAccount({ client, accountId: ACCOUNT_ID });
    expect(manifest.coverage.mcp_portal).toMatchObject({ status: 'not_collected', count: 0, http_status: 404 });
    expect(manifest.coverage.mcp_portal.message).toContain('feature is not enabled');
    expect(manifest.coverage.mcp_server.status).toBe('not_collected');
  });

  it('collects only the requested types and reports progress per type', async () => {
    const { emulator, client } = await setup(fixtureSnapshot({ redacted: true }));
    const events: CollectProgressEvent[] = [];
    const types: ResourceType[] = ['organization', 'custom_page'];
    const { manifest, records } = await collectAccount({
      client,
      accountId: ACCOUNT_ID,
      types,
      onProgress: (e) => events.push(e),
    });
    expect(records.map((r) => r.file)).toEqual(['custom_page/page-1.json', 'organization/organization.json']);
    expect(manifest.coverage.access_application).toEqual({
      status: 'not_collected',
      count: 0,
      requests: 0,
      message: 'Not requested in this collection.',
    });
    expect(manifest.coverage.custom_page).toEqual({ status: 'ok', count: 1, requests: 2 });
    expect(emulator.stats.total).toBe(3);
    expect(events.filter((e) => e.type === 'organization').map((e) => e.kind)).toEqual(['started', 'page', 'done']);
  });

  it('counts requests per collection when several share one client', async () => {
    const { emulator, client } = await setup(fixtureSnapshot({ redacted: true }), {
      serverErrors: { access_group: { requests: 1 } },
    });
    const [one, three] = await Promise.all([
      collectAccount({ client, accountId: ACCOUNT_ID, types: ['organization'] }),
      collectAccount({ client, accountId: ACCOUNT_ID, types: ['access_group', 'access_policy'] }),
    ]);
    expect(one.manifest.requests).toMatchObject({ total: 1, retries: 0, server_errors: 0 });
    expect(three.manifest.requests).toMatchObject({ total: 3, retries: 1, server_errors: 1 });
    expect(client.stats.total).toBe(emulator.stats.total);
    expect(emulator.stats.total).toBe(4);
  });

  it('refuses an account or zone id that is not an id', async () => {
    const { client } = await setup(fixtureSnapshot({ redacted: true }));
    await expect(collectAccount({ client, accountId: '../etc' })).rejects.toThrow(
      /The account id "..\/etc" is not a Cloudflare id/,
    );
    await expect(collectAccount({ client, accountId: ACCOUNT_ID, zoneIds: ['a b'] })).rejects.toThrow(/zone id/);
  });
});
