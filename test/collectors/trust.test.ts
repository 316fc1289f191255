/**
 * Collection keeps what it reads and says what it could not: items without an id, ids that cannot be path
 * segments, listings that stop short of their total or run past the documented object limit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { CloudflareClient } from '../../src/client/client.js';
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
const onePage = (n: number): Record<string, number> => ({ page: 1, per_page: 1000, count: n, total_count: n });

describe('an item without a usable id', () => {
  it('is kept under a content key, with a warning in the coverage, and the type stays ok', async () => {
    const apps = [
      { id: 'app-1', name: 'One' },
      { name: 'No id', domain: 'x.example.com' },
      { id: null, name: 'Null' },
    ];
    const { client } = await setup((_req, res) => sendJson(res, 200, ok(apps, onePage(3))));
    const { records, coverage } = await collectType(client, RESOURCE_TYPE_SPECS.access_application, account);
    expect(records).toHaveLength(3);
    const keyless = records.filter((r) => r.key.startsWith('noid-'));
    expect(keyless.map((r) => r.data['name']).sort()).toEqual(['No id', 'Null']);
    for (const record of keyless) expect(record.file).toBe(`access_application/${record.key}.json`);
    expect(coverage).toMatchObject({ status: 'ok', count: 3, requests: 1 });
    expect(coverage.warnings).toEqual([
      '2 item(s) have no usable "id" (first: result[1] of GET /accounts/acc/access/apps?page=1&per_page=1000); ' +
        'each is kept under a key derived from its content (noid-<hash>) and evaluated like the others',
    ]);
  });

  it('that repeats another one exactly is kept once, with a warning', async () => {
    const tags = [{ app_count: 1 }, { app_count: 1 }, { name: 'prod' }];
    const { client } = await setup((_req, res) => sendJson(res, 200, ok(tags, onePage(3))));
    const { records, coverage } = await collectType(client, RESOURCE_TYPE_SPECS.access_tag, account);
    expect(records).toHaveLength(2);
    expect(coverage).toMatchObject({ status: 'ok', count: 2 });
    expect(coverage.warnings).toContain(
      "1 item(s) without an id repeat another item's content exactly; each such item is kept once",
    );
  });
});

describe('ids in request paths', () => {
  it('are one encoded segment in detail GETs; a uid of ".." is never requested and makes the type error', async () => {
    const uids = ['a/b', 'q?x', 'h#y', 'p%z', '..'];
    const { server, client } = await setup((req, res) => {
      if (req.url?.startsWith('/client/v4/accounts/acc/access/custom_pages?')) {
        return sendJson(
          res,
          200,
          ok(
            uids.map((uid) => ({ uid, name: uid })),
            onePage(5),
          ),
        );
      }
      const segment = /custom_pages\/([^/]+)$/.exec(req.url ?? '')?.[1];
      if (segment === undefined) return sendJson(res, 404, failure(7003, 'No route for the URI'));
      const uid = decodeURIComponent(segment);
      sendJson(res, 200, ok({ uid, name: uid, custom_html: `<p>${uid}</p>` }));
    });
    const { records, coverage } = await collectType(client, RESOURCE_TYPE_SPECS.custom_page, account);
    const detailPaths = server.seen
      .slice(1)
      .map((s) => s.url)
      .sort();
    const base = '/client/v4/accounts/acc/access/custom_pages';
    expect(detailPaths).toEqual(['a%2Fb', 'h%23y', 'p%25z', 'q%3Fx'].map((s) => `${base}/${s}`));
    expect(records).toHaveLength(5);
    expect(records.filter((r) => r.data['custom_html'] !== undefined)).toHaveLength(4);
    expect(coverage).toMatchObject({ status: 'error', count: 5, endpoint: '/accounts/acc/access/custom_pages' });
    expect(coverage.message).toContain('an item\'s "uid" is "..", which cannot name its own URL');
  });

  it('are encoded in per-parent reads; a tunnel id of ".." is never requested: the child type is error', async () => {
    const { server, client } = await setup((req, res) => {
      const id = /cfd_tunnel\/([^/]+)\/configurations$/.exec(req.url ?? '')?.[1];
      sendJson(res, 200, ok({ tunnel_id: decodeURIComponent(id ?? ''), config: { ingress: [] } }));
    });
    const tunnels = [
      { id: 'a/b', config_src: 'cloudflare' },
      { id: '..', config_src: 'cloudflare' },
    ];
    const parent = {
      records: tunnels.map((t) => makeResourceRecord('tunnel', account, t)),
      coverage: { status: 'ok', count: 2, requests: 1 },
    } as const;
    const spec = RESOURCE_TYPE_SPECS.tunnel_configuration;
    const { records, coverage } = await collectType(client, spec, account, undefined, undefined, parent);
    expect(server.seen.map((s) => s.url)).toEqual(['/client/v4/accounts/acc/cfd_tunnel/a%2Fb/configurations']);
    expect(records.map((r) => r.key)).toEqual(['a/b']);
    expect(coverage).toMatchObject({ status: 'error', count: 1 });
    expect(coverage.message).toContain(
      'a parent\'s "id" is "..", which cannot name its URL, so its child was not read',
    );
  });
});

describe('listings that are not complete', () => {
  it('make the type error, naming the endpoint and the counts, keeping what arrived', async () => {
    const { client } = await setup((req, res) => {
      const page = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('page'));
      const slice = page === 1 ? Array.from({ length: 50 }, (_, i) => ({ id: `g-${i}` })) : [];
      sendJson(res, 200, ok(slice, { page, per_page: 50, count: slice.length, total_count: 118, total_pages: 1 }));
    });
    const { records, coverage } = await collectType(client, RESOURCE_TYPE_SPECS.access_group, account);
    expect(records).toHaveLength(50);
    expect(coverage).toMatchObject({
      status: 'error',
      count: 50,
      endpoint: '/accounts/acc/access/groups?page=2&per_page=1000',
    });
    expect(coverage.message).toContain('result_info.total_count is 118 but only 50 item(s) arrived');
    expect(coverage.message).toContain('50 item(s) read before the failure are kept, but the list is incomplete');
  });

  it('stop past the documented object limit (accountLimit) and make the type error', async () => {
    // 20 MCP portals per account; a server clamping to 5 a page that never ends is stopped after 5 pages.
    const { server, client } = await setup((req, res) => {
      const page = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('page'));
      sendJson(
        res,
        200,
        ok(
          Array.from({ length: 5 }, (_, i) => ({ id: `p${page}-${i}` })),
          { page, per_page: 5 },
        ),
      );
    });
    const { coverage } = await collectType(client, RESOURCE_TYPE_SPECS.mcp_portal, account);
    expect(RESOURCE_TYPE_SPECS.mcp_portal.accountLimit).toBe(20);
    expect(server.seen).toHaveLength(5);
    expect(coverage).toMatchObject({ status: 'error', count: 25 });
    expect(coverage.message).toContain('more pages than the documented limit of 20 objects allows');
  });
});
