/**
 * When a paged listing is complete: `total_count` and short pages, not `total_pages` alone; clamped page sizes;
 * `result_info` missing or holding strings; the documented object limits.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { CloudflareClient } from '../../src/client/client.js';
import { listPaged } from '../../src/client/paginate.js';
import { ok, sendJson, startServer, type TestServer } from './http-server.js';

const servers: TestServer[] = [];
const clients: CloudflareClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const items = (n: number): { id: string }[] => Array.from({ length: n }, (_, i) => ({ id: `item-${i}` }));

function pageOf(req: IncomingMessage): { page: number; perPage: number } {
  const url = new URL(req.url ?? '/', 'http://x');
  return { page: Number(url.searchParams.get('page')), perPage: Number(url.searchParams.get('per_page')) };
}

type Info = Record<string, unknown> | undefined;

/** Serves `all` at `size` items a page (or the size asked), with `info(page, slice)` as result_info. */
async function serve(
  all: { id: string }[],
  info: (page: number, slice: unknown[], size: number) => Info,
  size?: number,
): Promise<{ server: TestServer; client: CloudflareClient }> {
  const server = await startServer((req, res) => {
    const { page, perPage } = pageOf(req);
    const per = size ?? perPage;
    const slice = all.slice((page - 1) * per, page * per);
    const resultInfo = info(page, slice, per);
    const body = { success: true, errors: [], messages: [], result: slice };
    sendJson(res, 200, resultInfo ? { ...body, result_info: resultInfo } : body);
  });
  servers.push(server);
  const client = new CloudflareClient({ credentials: { kind: 'token', token: 't' }, baseUrl: server.url });
  clients.push(client);
  return { server, client };
}

const published =
  (total: number) =>
  (page: number, slice: unknown[], per: number): Info => ({
    page,
    per_page: per,
    count: slice.length,
    total_count: total,
  });

describe('listPaged follows total_count and short pages', () => {
  it("reads every page of Cloudflare's published result_info (no total_pages), and no empty page after", async () => {
    const all = items(2500);
    const { server, client } = await serve(all, published(2500));
    const outcome = await listPaged(client, '/p', { key: 'id', perPage: 1000 });
    expect(outcome.error).toBeUndefined();
    expect(outcome.items.map((i) => i.id)).toEqual(all.map((i) => i.id));
    expect(server.seen).toHaveLength(3);
  });

  it('uses the page size a clamping server reports, with or without total_pages', async () => {
    const all = items(23);
    const { server, client } = await serve(all, published(23), 5);
    const outcome = await listPaged(client, '/p', { key: 'id', perPage: 1000 });
    expect(outcome.error).toBeUndefined();
    expect(outcome.items).toHaveLength(23);
    expect(server.seen).toHaveLength(5);
  });

  it("takes page 1's count as the page size when a clamping server reports only total_count", async () => {
    const all = items(12);
    const { server, client } = await serve(all, (_page, _slice) => ({ total_count: 12 }), 5);
    const outcome = await listPaged(client, '/p', { key: 'id', perPage: 1000 });
    expect(outcome.error).toBeUndefined();
    expect(outcome.items).toHaveLength(12);
    expect(server.seen).toHaveLength(3);
  });

  it('keeps paging when total_pages says 1 but total_count says 118', async () => {
    const all = items(118);
    const { server, client } = await serve(
      all,
      (page, slice, per) => ({ page, per_page: per, count: slice.length, total_count: 118, total_pages: 1 }),
      50,
    );
    const outcome = await listPaged(client, '/p', { key: 'id', perPage: 1000 });
    expect(outcome.error).toBeUndefined();
    expect(outcome.items).toHaveLength(118);
    expect(server.seen).toHaveLength(3);
  });

  it('is incomplete, never ok, when the server stops short of total_count (50 of 118)', async () => {
    const all = items(118);
    const server = await startServer((req, res) => {
      const { page } = pageOf(req);
      const slice = page === 1 ? all.slice(0, 50) : [];
      sendJson(res, 200, ok(slice, { page, per_page: 50, count: slice.length, total_count: 118, total_pages: 1 }));
    });
    servers.push(server);
    const client = new CloudflareClient({ credentials: { kind: 'token', token: 't' }, baseUrl: server.url });
    clients.push(client);
    const outcome = await listPaged(client, '/accounts/a/access/apps', { key: 'id', perPage: 1000 });
    expect(outcome.items).toHaveLength(50);
    expect(outcome.error?.kind).toBe('pagination');
    expect(outcome.error?.message).toBe(
      'GET /accounts/a/access/apps?page=2&per_page=1000 (HTTP 200): result_info.total_count is 118 but only 50 ' +
        'item(s) arrived in 2 page(s) (page 2 held 0 of 50): the listing is incomplete',
    );
  });

  it('is incomplete when a short page ends the listing before total_count', async () => {
    const { client } = await serve(
      items(30),
      (page, slice, per) => ({ page, per_page: per, count: slice.length, total_count: 40 }),
      10,
    );
    const outcome = await listPaged(client, '/p', { key: 'id', perPage: 10 });
    expect(outcome.items).toHaveLength(30);
    expect(outcome.error?.message).toContain('result_info.total_count is 40 but only 30 item(s) arrived in 4 page(s)');
  });

  it('without result_info, pages while pages are full and stops on the first short page', async () => {
    const { server, client } = await serve(items(25), () => undefined);
    const outcome = await listPaged(client, '/p', { key: 'id', perPage: 10 });
    expect(outcome.error).toBeUndefined();
    expect(outcome.items).toHaveLength(25);
    expect(server.seen).toHaveLength(3);
  });

  it('without result_info, a short page 1 is confirmed by page 2 (a server may clamp and not say so)', async () => {
    const clamped = await serve(items(12), () => undefined, 5);
    const outcome = await listPaged(clamped.client, '/p', { key: 'id', perPage: 1000 });
    expect(outcome.error).toBeUndefined();
    expect(outcome.items).toHaveLength(12);
    expect(clamped.server.seen).toHaveLength(3);
    const small = await serve(items(3), () => undefined);
    expect((await listPaged(small.client, '/p', { key: 'id', perPage: 1000 })).items).toHaveLength(3);
    expect(small.server.seen).toHaveLength(2);
    const empty = await serve([], () => undefined);
    expect((await listPaged(empty.client, '/p', { key: 'id', perPage: 1000 })).items).toHaveLength(0);
    expect(empty.server.seen).toHaveLength(1);
  });

  it('reads result_info whose numbers are strings', async () => {
    const { server, client } = await serve(
      items(25),
      (page, slice, per) => ({
        page: String(page),
        per_page: String(per),
        count: String(slice.length),
        total_count: '25',
      }),
      10,
    );
    const outcome = await listPaged(client, '/p', { key: 'id', perPage: 1000 });
    expect(outcome.error).toBeUndefined();
    expect(outcome.items).toHaveLength(25);
    expect(server.seen).toHaveLength(3);
  });

  it('ignores result_info values that are not counts, falling back to short pages', async () => {
    const { server, client } = await serve(items(25), () => ({ per_page: 'ten', total_count: 'lots' }));
    const outcome = await listPaged(client, '/p', { key: 'id', perPage: 10 });
    expect(outcome.error).toBeUndefined();
    expect(outcome.items).toHaveLength(25);
    expect(server.seen).toHaveLength(3);
  });
});

describe('listPaged stops at the documented object limit', () => {
  it('refuses a first page claiming more pages than the limit allows, asking for none of them', async () => {
    const { server, client } = await serve(
      items(100),
      (page, slice, per) => ({ page, per_page: per, count: slice.length, total_count: 10_000 }),
      100,
    );
    const outcome = await listPaged(client, '/p', { key: 'id', perPage: 100, objectLimit: 200 });
    expect(outcome.items).toHaveLength(100);
    expect(outcome.error?.kind).toBe('pagination');
    expect(outcome.error?.message).toContain(
      'more pages than the documented limit of 200 objects allows ' +
        '(100 pages of 100 (result_info.total_count is 10000))',
    );
    expect(server.seen).toHaveLength(1);
  });

  it('stops an endless listing after ceil(limit / page size) + 1 pages, at the size the server uses', async () => {
    const server = await startServer((req, res) => {
      const { page } = pageOf(req);
      sendJson(
        res,
        200,
        ok(
          items(5).map((i) => ({ id: `${page}-${i.id}` })),
          { page, per_page: 5 },
        ),
      );
    });
    servers.push(server);
    const client = new CloudflareClient({ credentials: { kind: 'token', token: 't' }, baseUrl: server.url });
    clients.push(client);
    const outcome = await listPaged(client, '/p', { key: 'id', perPage: 100, objectLimit: 20 });
    expect(server.seen).toHaveLength(5);
    expect(outcome.items).toHaveLength(25);
    expect(outcome.error?.message).toContain(
      'more pages than the documented limit of 20 objects allows (6 pages of 5)',
    );
  });

  it('allows one page more than the limit needs (a listing right at the limit is fine)', async () => {
    const { server, client } = await serve(items(20), published(20), 5);
    const outcome = await listPaged(client, '/p', { key: 'id', perPage: 100, objectLimit: 20 });
    expect(outcome.error).toBeUndefined();
    expect(outcome.items).toHaveLength(20);
    expect(server.seen).toHaveLength(4);
  });
});
