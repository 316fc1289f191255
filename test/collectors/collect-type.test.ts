import { afterEach, describe, expect, it } from 'vitest';
import { CloudflareClient, emptyStats } from '../../src/client/client.js';
import { collectType } from '../../src/collectors/collect-type.js';
import { RESOURCE_TYPE_SPECS } from '../../src/snapshot/resource-types.js';
import { failure, ok, sendJson, startServer, type TestServer } from '../client/http-server.js';

const servers: TestServer[] = [];
const clients: CloudflareClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup(handler: Parameters<typeof startServer>[0]): Promise<{ server: TestServer; client: CloudflareClient }> {
  const server = await startServer(handler);
  servers.push(server);
  const client = new CloudflareClient({ credentials: { kind: 'token', token: 't' }, baseUrl: server.url, backoffBaseMs: 1, maxAttempts: 2 });
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
      sendJson(res, 200, ok(slice, { page, per_page: perPage, count: slice.length, total_count: apps.length, total_pages: 3 }));
    });
    const tally = emptyStats();
    const { records, coverage } = await collectType(client, RESOURCE_TYPE_SPECS.access_application, account, undefined, tally);
    expect(coverage).toEqual({ status: 'ok', count: 7, requests: 3 });
    expect(records.map((r) => r.file)).toEqual(apps.map((a) => `access_application/${a.id}.json`));
    expect(server.seen[0]!.url).toBe('/client/v4/accounts/acc/access/apps?page=1&per_page=1000');
    expect(tally.total).toBe(3);
  });

  it('fetches each custom page once for custom_html; a failed item GET keeps the list form and marks the type error', async () => {
    const { server, client } = await setup((req, res) => {
      if (req.url?.startsWith('/client/v4/accounts/acc/access/custom_pages?')) {
        sendJson(res, 200, ok([{ uid: 'p1', name: 'One' }, { uid: 'p2', name: 'Two' }], { page: 1, per_page: 1000, total_pages: 1 }));
      } else if (req.url === '/client/v4/accounts/acc/access/custom_pages/p1') {
        sendJson(res, 200, ok({ uid: 'p1', name: 'One', custom_html: '<p>1</p>' }));
      } else {
        sendJson(res, 403, failure(10000, 'Authentication error'));
      }
    });
    const { records, coverage } = await collectType(client, RESOURCE_TYPE_SPECS.custom_page, account);
    expect(records.map((r) => r.data)).toEqual([{ uid: 'p1', name: 'One', custom_html: '<p>1</p>' }, { uid: 'p2', name: 'Two' }]);
    expect(coverage).toMatchObject({
      status: 'forbidden', count: 2, requests: 3, http_status: 403, endpoint: '/accounts/acc/access/custom_pages/p2',
      permission: 'Access: Custom Pages Read',
    });
    expect(server.seen).toHaveLength(3);
  });

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
