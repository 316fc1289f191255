import { afterEach, describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { CloudflareClient } from '../../src/client/client.js';
import { getObject, listPaged, listSingle } from '../../src/client/paginate.js';
import { fakeClock } from './fake-clock.js';
import { failure, ok, sendJson, startServer, type TestServer } from './http-server.js';

const servers: TestServer[] = [];
const clients: CloudflareClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function query(req: IncomingMessage): { page: number; perPage: number } {
  const url = new URL(req.url ?? '/', 'http://x');
  return { page: Number(url.searchParams.get('page')), perPage: Number(url.searchParams.get('per_page')) };
}

const items = (n: number): { id: string }[] => Array.from({ length: n }, (_, i) => ({ id: `item-${i}` }));

/** A paged endpoint over `all`, clamping per_page to `clamp`, optionally breaking page numbers. */
async function pagedServer(
  all: { id: string }[],
  options: { clamp?: number; totalPages?: boolean; ignorePage?: boolean } = {},
): Promise<{
  server: TestServer;
  client: CloudflareClient;
}> {
  const server = await startServer((req, res) => {
    const q = query(req);
    const perPage = Math.min(q.perPage, options.clamp ?? q.perPage);
    const page = options.ignorePage ? 1 : q.page;
    const slice = all.slice((page - 1) * perPage, page * perPage);
    const info = { page: q.page, per_page: perPage, count: slice.length, total_count: all.length };
    sendJson(
      res,
      200,
      ok(slice, options.totalPages === false ? info : { ...info, total_pages: Math.ceil(all.length / perPage) }),
    );
  });
  servers.push(server);
  const client = new CloudflareClient({
    credentials: { kind: 'token', token: 't' },
    baseUrl: server.url,
    backoffBaseMs: 1,
  });
  clients.push(client);
  return { server, client };
}

describe('listPaged', () => {
  it('asks for the largest page and stops at total_pages without an empty page', async () => {
    const { server, client } = await pagedServer(items(2500));
    const outcome = await listPaged(client, '/accounts/a/access/apps', { key: 'id', perPage: 1000 });
    expect(outcome.error).toBeUndefined();
    expect(outcome.items).toHaveLength(2500);
    expect(outcome.items.map((i) => i.id)).toEqual(items(2500).map((i) => i.id));
    expect(outcome.requests).toBe(3);
    expect(server.seen.map((s) => s.url).sort()).toEqual([
      '/client/v4/accounts/a/access/apps?page=1&per_page=1000',
      '/client/v4/accounts/a/access/apps?page=2&per_page=1000',
      '/client/v4/accounts/a/access/apps?page=3&per_page=1000',
    ]);
  });

  it('makes one request for an empty list', async () => {
    const { server, client } = await pagedServer([]);
    const outcome = await listPaged(client, '/p', { key: 'id', perPage: 1000 });
    expect(outcome).toMatchObject({ items: [], requests: 1 });
    expect(server.seen).toHaveLength(1);
  });

  it('follows total_pages when the server clamps per_page', async () => {
    const { server, client } = await pagedServer(items(23), { clamp: 5 });
    const pages: number[] = [];
    const outcome = await listPaged(client, '/p', { key: 'id', perPage: 1000, onPage: (e) => pages.push(e.page) });
    expect(outcome.error).toBeUndefined();
    expect(outcome.items).toHaveLength(23);
    expect(server.seen).toHaveLength(5);
    expect(pages).toEqual([1, 2, 3, 4, 5]);
  });

  it('without total_pages, stops at the first short page', async () => {
    const { server, client } = await pagedServer(items(12), { clamp: 5, totalPages: false });
    const outcome = await listPaged(client, '/p', { key: 'id', perPage: 1000 });
    expect(outcome.items).toHaveLength(12);
    expect(server.seen).toHaveLength(3);
  });

  it('detects a page that repeats the previous one, keeping the items before it', async () => {
    const { client } = await pagedServer(items(12), { clamp: 5, ignorePage: true });
    const outcome = await listPaged(client, '/p', { key: 'id', perPage: 1000 });
    expect(outcome.error?.kind).toBe('pagination');
    expect(outcome.error?.message).toContain('page 2 repeats page 1');
    expect(outcome.items).toHaveLength(5);
  });

  it('detects an id that reappears on a later page, also without total_pages', async () => {
    const server = await startServer((req, res) => {
      const { page } = query(req);
      sendJson(res, 200, ok(page === 1 ? [{ id: 'a' }, { id: 'b' }] : [{ id: 'c' }, { id: 'a' }], { per_page: 2 }));
    });
    servers.push(server);
    const client = new CloudflareClient({ credentials: { kind: 'token', token: 't' }, baseUrl: server.url });
    clients.push(client);
    const outcome = await listPaged(client, '/p', { key: 'id', perPage: 2 });
    expect(outcome.error?.message).toContain('item "a" on page 2 was already returned on page 1');
    expect(outcome.items.map((i) => i.id)).toEqual(['a', 'b']);
    expect(server.seen).toHaveLength(2);
  });

  it('takes each continuation page as soon as the pages before it are in', async () => {
    let releasePage3 = (): void => {};
    const page3Released = new Promise<void>((resolve) => {
      releasePage3 = resolve;
    });
    const server = await startServer(async (req, res) => {
      const { page } = query(req);
      if (page === 3) await page3Released;
      sendJson(res, 200, ok([{ id: `p${page}` }], { page, per_page: 1, total_pages: 3 }));
    });
    servers.push(server);
    const client = new CloudflareClient({ credentials: { kind: 'token', token: 't' }, baseUrl: server.url });
    clients.push(client);
    const seenPages: number[] = [];
    const outcome = await listPaged(client, '/p', {
      key: 'id',
      perPage: 1,
      onPage: (event) => {
        seenPages.push(event.page);
        if (event.page === 2) releasePage3(); // page 3 is answered only once page 2 has been taken
      },
    });
    expect(seenPages).toEqual([1, 2, 3]);
    expect(outcome).toMatchObject({ requests: 3, items: [{ id: 'p1' }, { id: 'p2' }, { id: 'p3' }] });
  });

  it('asks for pages 2…N at once, as soon as page 1 tells how many there are', async () => {
    const { client } = await pagedServer(items(30));
    const events: string[] = [];
    const get = client.get.bind(client);
    client.get = (path, options) => {
      events.push(`get ${String(options?.query?.page)}`);
      return get(path, options);
    };
    const outcome = await listPaged(client, '/p', {
      key: 'id',
      perPage: 10,
      onPage: (event) => events.push(`took ${event.page}`),
    });
    expect(outcome).toMatchObject({ requests: 3 });
    expect(outcome.items).toHaveLength(30);
    expect(events).toEqual(['get 1', 'took 1', 'get 2', 'get 3', 'took 2', 'took 3']);
  });

  it('stops at a broken page 1 after one request', async () => {
    const server = await startServer((req, res) => {
      const { page } = query(req);
      if (page === 1)
        sendJson(res, 200, '{"success":true,"result":[{"id":"a"},"result_info":{"page":1,"total_pages":3}}');
      else sendJson(res, 200, ok([{ id: `p${page}` }], { page, per_page: 1, total_pages: 3 }));
    });
    servers.push(server);
    const client = new CloudflareClient({ credentials: { kind: 'token', token: 't' }, baseUrl: server.url });
    clients.push(client);
    const outcome = await listPaged(client, '/p', { key: 'id', perPage: 1 });
    expect(outcome.error?.kind).toBe('malformed');
    expect(outcome.items).toEqual([]);
    expect(outcome.requests).toBe(1);
    expect(server.seen).toHaveLength(1);
  });

  it('keeps earlier pages when a later page fails, and counts every attempt', async () => {
    const server = await startServer((req, res) => {
      const { page } = query(req);
      if (page === 2) sendJson(res, 500, failure(10001, 'Internal server error'));
      else sendJson(res, 200, ok([{ id: `p${page}` }], { page, per_page: 1, total_pages: 3 }));
    });
    servers.push(server);
    const { now, sleep } = fakeClock();
    const client = new CloudflareClient({
      credentials: { kind: 'token', token: 't' },
      baseUrl: server.url,
      backoffBaseMs: 1,
      maxAttempts: 2,
      now,
      sleep,
    });
    clients.push(client);
    const outcome = await listPaged(client, '/p', { key: 'id', perPage: 1 });
    expect(outcome.items.map((i) => i.id)).toEqual(['p1']);
    expect(outcome.error?.kind).toBe('server');
    expect(outcome.endpoint).toBe('/p?page=2&per_page=1');
    expect(outcome.http_status).toBe(500);
    expect(outcome.requests).toBe(4);
  });

  it('reports a wrong shape with the endpoint and the reason', async () => {
    const server = await startServer((_req, res) =>
      sendJson(res, 200, ok([{ id: 'a' }, 'not an item'], { total_pages: 1 })),
    );
    servers.push(server);
    const client = new CloudflareClient({ credentials: { kind: 'token', token: 't' }, baseUrl: server.url });
    clients.push(client);
    const outcome = await listPaged(client, '/p', { key: 'id', perPage: 10 });
    expect(outcome.error?.kind).toBe('shape');
    expect(outcome.error?.message).toBe('GET /p?page=1&per_page=10 (HTTP 200): result[1] is not an object');
  });

  it(
    'keeps items without a usable id (warning once per ' + 'listing), and still checks the others for repeats',
    async () => {
      const server = await startServer((req, res) => {
        const { page } = query(req);
        const slice = page === 1 ? [{ id: 'a' }, { name: 'no id' }] : [{ id: 'b' }, { id: '' }];
        sendJson(res, 200, ok(slice, { page, per_page: 2, count: 2, total_count: 4 }));
      });
      servers.push(server);
      const client = new CloudflareClient({ credentials: { kind: 'token', token: 't' }, baseUrl: server.url });
      clients.push(client);
      const outcome = await listPaged(client, '/p', { key: 'id', perPage: 2 });
      expect(outcome.error).toBeUndefined();
      expect(outcome.items).toEqual([{ id: 'a' }, { name: 'no id' }, { id: 'b' }, { id: '' }]);
      expect(outcome.warnings).toEqual([
        '2 item(s) have no usable "id" (first: result[1] of GET /p?page=1&per_page=2); each is kept under a key ' +
          'derived from its content (noid-<hash>) and evaluated like the others',
      ]);
    },
  );
});

describe('listSingle and getObject', () => {
  it('read one list or one object, checking the shape', async () => {
    const server = await startServer((req, res) => {
      if (req.url?.endsWith('/list')) sendJson(res, 200, ok([{ hostname: 'a' }, { hostname: 'b' }]));
      else if (req.url?.endsWith('/empty')) sendJson(res, 200, ok(null));
      else if (req.url?.endsWith('/dup')) sendJson(res, 200, ok([{ hostname: 'a' }, { hostname: 'a' }]));
      else if (req.url?.endsWith('/object')) sendJson(res, 200, ok({ name: 'org' }));
      else sendJson(res, 200, ok('unexpected'));
    });
    servers.push(server);
    const client = new CloudflareClient({ credentials: { kind: 'token', token: 't' }, baseUrl: server.url });
    clients.push(client);
    expect((await listSingle(client, '/list', { key: 'hostname' })).items).toHaveLength(2);
    expect((await listSingle(client, '/empty', { key: 'hostname' })).items).toEqual([]);
    expect((await listSingle(client, '/dup', { key: 'hostname' })).error?.message).toContain('"a" appears twice');
    expect((await listSingle(client, '/bad', { key: 'hostname' })).error?.message).toContain('"result" is string');
    expect((await getObject(client, '/object')).items).toEqual([{ name: 'org' }]);
    expect((await getObject(client, '/bad')).error?.kind).toBe('shape');
    expect(server.seen).toHaveLength(6);
  });
});
