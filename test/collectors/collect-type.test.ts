import { afterEach, describe, expect, it } from 'vitest';
import { CloudflareClient, emptyStats } from '../../src/client/client.js';
import { collectType } from '../../src/collectors/collect-type.js';
import { makeResourceRecord } from '../../src/snapshot/layout.js';
import { RESOURCE_TYPE_SPECS } from '../../src/catalog/resource-types.js';
import { failure, ok, sendJson, startServer, type TestServer } from '../client/http-server.js';

const servers: TestServer[] = [];
const clients: CloudflareClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup(
  handler: Parameters<typeof startServer>[0],
): Promise<{ server: TestServer; client: CloudflareClient }> {
  const server = await startServer(handler);
  servers.push(server);
  const client = new CloudflareClient({
    credentials: { kind: 'token', token: 't' },
    baseUrl: server.url,
    backoffBaseMs: 1,
    maxAttempts: 2,
  });
  clients.push(client);
  return { server, client };
}

const account = { kind: 'account', id: 'acc' } as const;

describe('collectType', () => {
  it('collects everything when the API clamps per_page below the catalog maximum', async () => {
    const apps = Array.from({ length: 7 }, (_, i) => ({ id: `app-${i}`, name: `App ${i}` }));
    const { server, client } = await setup((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const page = Number(url.searchParams.get('page'));
      const perPage = Math.min(Number(url.searchParams.get('per_page')), 3);
      const slice = apps.slice((page - 1) * perPage, page * perPage);
      sendJson(
        res,
        200,
        ok(slice, { page, per_page: perPage, count: slice.length, total_count: apps.length, total_pages: 3 }),
      );
    });
    const tally = emptyStats();
    const { records, coverage } = await collectType(
      client,
      RESOURCE_TYPE_SPECS.access_application,
      account,
      undefined,
      tally,
    );
    expect(coverage).toEqual({ status: 'ok', count: 7, requests: 3 });
    expect(records.map((r) => r.file)).toEqual(apps.map((a) => `access_application/${a.id}.json`));
    expect(server.seen[0]!.url).toBe('/client/v4/accounts/acc/access/apps?page=1&per_page=1000');
    expect(tally.total).toBe(3);
  });

  it(
    'fetches each custom page once for custom_html; a failed item GET keeps the list form and marks the type ' +
      'error',
    async () => {
      const { server, client } = await setup((req, res) => {
        if (req.url?.startsWith('/client/v4/accounts/acc/access/custom_pages?')) {
          sendJson(
            res,
            200,
            ok(
              [
                { uid: 'p1', name: 'One' },
                { uid: 'p2', name: 'Two' },
              ],
              { page: 1, per_page: 1000, total_pages: 1 },
            ),
          );
        } else if (req.url === '/client/v4/accounts/acc/access/custom_pages/p1') {
          sendJson(res, 200, ok({ uid: 'p1', name: 'One', custom_html: '<p>1</p>' }));
        } else {
          sendJson(res, 403, failure(10000, 'Authentication error'));
        }
      });
      const { records, coverage } = await collectType(client, RESOURCE_TYPE_SPECS.custom_page, account);
      expect(records.map((r) => r.data)).toEqual([
        { uid: 'p1', name: 'One', custom_html: '<p>1</p>' },
        { uid: 'p2', name: 'Two' },
      ]);
      expect(coverage).toMatchObject({
        status: 'forbidden',
        count: 2,
        requests: 3,
        http_status: 403,
        endpoint: '/accounts/acc/access/custom_pages/p2',
        permission: 'Access: Custom Pages Read',
      });
      expect(server.seen).toHaveLength(3);
    },
  );

  it('uses the zone path for zone scope and names the zone in messages', async () => {
    const { server, client } = await setup((_req, res) => sendJson(res, 403, failure(10000, 'Authentication error')));
    const { coverage } = await collectType(client, RESOURCE_TYPE_SPECS.organization, { kind: 'zone', id: 'z1' });
    expect(server.seen[0]!.url).toBe('/client/v4/zones/z1/access/organizations');
    expect(coverage.message).toContain('in zone z1');
    expect(coverage.message).toContain('"Access: Organizations, Identity Providers, and Groups Read"');
  });

  it('says when the permission is our best reading rather than documented', async () => {
    const { client } = await setup((_req, res) => sendJson(res, 401, failure(10000, 'Authentication error')));
    const { coverage } = await collectType(client, RESOURCE_TYPE_SPECS.mcp_portal, account);
    expect(coverage.status).toBe('forbidden');
    expect(coverage.message).toContain('Cloudflare documents no permission for this endpoint');
  });
});

describe('collectType, tunnel configurations (one GET per remotely-managed tunnel)', () => {
  const spec = RESOURCE_TYPE_SPECS.tunnel_configuration;
  const list = '/client/v4/accounts/acc/cfd_tunnel?page=1&per_page=1000&is_deleted=false';
  const configPath = (id: string) => `/client/v4/accounts/acc/cfd_tunnel/${id}/configurations`;
  const configuration = (id: string) => ({ tunnel_id: id, version: 2, source: 'cloudflare', config: { ingress: [] } });
  const tunnels = [
    { id: 't-remote', name: 'prod', config_src: 'cloudflare', remote_config: true },
    { id: 't-legacy', name: 'old API answer', remote_config: true },
    { id: 't-local', name: 'datacenter', config_src: 'local', remote_config: false },
    { id: 't-old-local', name: 'old local', remote_config: false },
    { id: 't-none', name: 'never configured', config_src: 'cloudflare' },
  ];

  it('lists the tunnels (not deleted), reads only remotely-managed ones; a 404 is no configuration', async () => {
    const { server, client } = await setup((req, res) => {
      if (req.url === list) return sendJson(res, 200, ok(tunnels, { page: 1, per_page: 1000, total_pages: 1 }));
      const id = /cfd_tunnel\/([^/]+)\/configurations$/.exec(req.url ?? '')?.[1] ?? '';
      if (id === 't-none') return sendJson(res, 404, failure(1001, 'Tunnel configuration not found'));
      sendJson(res, 200, ok(configuration(id)));
    });
    const tally = emptyStats();
    const { records, coverage } = await collectType(client, spec, account, undefined, tally);
    expect(records.map((r) => r.key)).toEqual(['t-legacy', 't-remote']);
    expect(records[0]!.file).toBe('tunnel_configuration/t-legacy.json');
    expect(records[1]!.data).toEqual(configuration('t-remote'));
    expect(coverage).toEqual({ status: 'ok', count: 2, requests: 4 });
    expect(server.seen.map((r) => r.url).sort()).toEqual(
      [list, ...['t-legacy', 't-none', 't-remote'].map(configPath)].sort(),
    );
    expect(tally.total).toBe(4);
  });

  it('makes the type forbidden on a 403 and keeps the configurations it could read', async () => {
    const { server, client } = await setup((req, res) => {
      if (req.url === configPath('t-legacy')) return sendJson(res, 403, failure(10000, 'Authentication error'));
      if (req.url === configPath('t-none')) return sendJson(res, 404, failure(1001, 'Not found'));
      sendJson(res, 200, ok(configuration('t-remote')));
    });
    // The parent listing collectAccount hands over: no second tunnel list.
    const parent = {
      records: tunnels.map((t) => makeResourceRecord('tunnel', account, t)),
      coverage: { status: 'ok', count: tunnels.length, requests: 1 },
    } as const;
    const { records, coverage } = await collectType(client, spec, account, undefined, undefined, parent);
    expect(records.map((r) => r.key)).toEqual(['t-remote']);
    expect(coverage).toMatchObject({
      status: 'forbidden',
      count: 1,
      requests: 3,
      http_status: 403,
      permission: 'Cloudflare Tunnel Read',
      endpoint: '/accounts/acc/cfd_tunnel/t-legacy/configurations',
    });
    expect(coverage.message).toContain('Add the "Cloudflare Tunnel Read" permission');
    expect(server.seen).toHaveLength(3);
  });

  it('refuses a configuration of another tunnel', async () => {
    const { client } = await setup((_req, res) => sendJson(res, 200, ok(configuration('someone-else'))));
    const records0 = [makeResourceRecord('tunnel', account, tunnels[0]!)];
    const parent = { records: records0, coverage: { status: 'ok', count: 1, requests: 1 } } as const;
    const { records, coverage } = await collectType(client, spec, account, undefined, undefined, parent);
    expect(records).toEqual([]);
    expect(coverage.status).toBe('error');
    expect(coverage.message).toContain('"tunnel_id" "someone-else", expected "t-remote"');
  });

  it("reads nothing when the tunnels could not be listed, and reports the tunnels' failure", async () => {
    const { server, client } = await setup((_req, res) => sendJson(res, 403, failure(10000, 'Authentication error')));
    const { records, coverage } = await collectType(client, spec, account);
    expect(records).toEqual([]);
    expect(coverage).toMatchObject({
      status: 'forbidden',
      count: 0,
      requests: 1,
      http_status: 403,
      permission: 'Cloudflare Tunnel Read',
      endpoint: '/accounts/acc/cfd_tunnel?page=1&per_page=1000&is_deleted=false',
    });
    expect(coverage.message).toMatch(/^Cloudflare Tunnel configurations are read for each of the Cloudflare Tunnels/);
    expect(server.seen).toHaveLength(1);
  });
});
