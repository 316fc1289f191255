import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/server.js';
import { makeResourceRecord } from '../../src/snapshot/layout.js';
import { ACCOUNT, TOKEN, ZONE, smallSnapshot, snapshotOf } from './fixtures.js';

let emulator: EmulatorHandle;
const auth = { authorization: `Bearer ${TOKEN}` };

async function get(
  path: string,
  headers: Record<string, string> = auth,
): Promise<{ status: number; headers: Headers; body: any; text: string }> {
  const response = await fetch(`${emulator.url}${path}`, { headers });
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: response.status, headers: response.headers, body, text };
}

const apps = `/accounts/${ACCOUNT}/access/apps`;
/** One turn of the event loop: lets sockets and servers move, without waiting for time. */
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

beforeAll(async () => {
  emulator = await startEmulator({
    snapshot: smallSnapshot(5),
    credentials: { apiTokens: [TOKEN], apiKeys: [{ email: 'ops@example.com', key: 'global-key-abc' }] },
  });
});
afterAll(async () => emulator.close());
afterEach(() => {
  emulator.setFaults({});
  emulator.resetStats();
});

describe('envelope and routing', () => {
  it('serves a listening loopback base URL with /client/v4', () => {
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/client\/v4$/);
    expect(emulator.accountId).toBe(ACCOUNT);
  });

  it('answers a paged list with the full v4 envelope', async () => {
    const { status, body, headers } = await get(apps);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/application\/json/);
    expect(Object.keys(body)).toEqual(['success', 'errors', 'messages', 'result', 'result_info']);
    expect(body.success).toBe(true);
    expect(body.result.map((a: { id: string }) => a.id)).toEqual([
      'app-000',
      'app-001',
      'app-002',
      'app-003',
      'app-004',
    ]);
    expect(body.result_info).toEqual({ page: 1, per_page: 1000, count: 5, total_count: 5, total_pages: 1 });
  });

  it('answers object and single-page types', async () => {
    const org = await get(`/accounts/${ACCOUNT}/access/organizations`);
    expect(org.body.result).toEqual({ name: 'Example', auth_domain: 'example.cloudflareaccess.com' });
    expect(org.body.result_info).toBeUndefined();
    const cas = await get(`/accounts/${ACCOUNT}/access/gateway_ca`);
    expect(cas.body.result).toEqual([{ id: 'ca-1', public_key: 'ecdsa-sha2-nistp256 AAAA' }]);
    const empty = await get(`/accounts/${ACCOUNT}/access/bookmarks`);
    expect(empty.body.result).toEqual([]);
  });

  it('serves per-item reads; custom pages list without custom_html, item with it', async () => {
    expect((await get(`${apps}/app-002`)).body.result.name).toBe('App 2');
    expect((await get(`/accounts/${ACCOUNT}/access/custom_pages`)).body.result).toEqual([
      { uid: 'page-1', name: 'Denied', type: 'forbidden' },
    ]);
    expect((await get(`/accounts/${ACCOUNT}/access/custom_pages/page-1`)).body.result.custom_html).toBe(
      '<html></html>',
    );
    expect((await get(`/accounts/${ACCOUNT}/access/tags/${encodeURIComponent('prod eu/west')}`)).body.result).toEqual({
      name: 'prod eu/west',
    });
    const missing = await get(`${apps}/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body.errors).toEqual([{ code: 7003, message: 'No route for the URI' }]);
  });

  it('keeps /access/apps/ca apart from an app id', async () => {
    const cas = await get(`/accounts/${ACCOUNT}/access/apps/ca`);
    expect(cas.status).toBe(200);
    expect(cas.body.result).toEqual([]);
  });

  it('serves zone scope for zone-scoped types only', async () => {
    expect((await get(`/zones/${ZONE}/access/groups`)).body.result).toEqual([{ id: 'zg-1', name: 'Zone group' }]);
    expect((await get(`/zones/${ZONE}/access/tags`)).status).toBe(404);
    expect((await get(`/zones/0000/access/groups`)).status).toBe(403);
  });

  it('refuses another account (403, code 10000) and unknown paths (404, code 7003)', async () => {
    const other = await get('/accounts/ffffffffffffffffffffffffffffffff/access/apps');
    expect(other.status).toBe(403);
    expect(other.body).toEqual({
      success: false,
      errors: [{ code: 10000, message: 'Authentication error' }],
      messages: [],
      result: null,
    });
    const unknown = await get(`/accounts/${ACCOUNT}/access/nothing`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.errors[0].code).toBe(7003);
  });

  it('verifies tokens at both verify endpoints without echoing the token', async () => {
    const user = await get('/user/tokens/verify');
    expect(user.body.result.status).toBe('active');
    expect(user.text).not.toContain(TOKEN);
    expect((await get(`/accounts/${ACCOUNT}/tokens/verify`)).body.result.status).toBe('active');
  });
});

describe('pagination', () => {
  it('pages with page/per_page and reports total_pages', async () => {
    const page2 = await get(`${apps}?page=2&per_page=2`);
    expect(page2.body.result.map((a: { id: string }) => a.id)).toEqual(['app-002', 'app-003']);
    expect(page2.body.result_info).toEqual({ page: 2, per_page: 2, count: 2, total_count: 5, total_pages: 3 });
    const beyond = await get(`${apps}?page=4&per_page=2`);
    expect(beyond.body.result).toEqual([]);
    expect(beyond.body.result_info.count).toBe(0);
  });

  it('clamps per_page to the endpoint maximum and uses per-endpoint defaults', async () => {
    expect((await get(`${apps}?per_page=5000`)).body.result_info.per_page).toBe(1000);
    expect(
      (await get(`/accounts/${ACCOUNT}/access/ai-controls/mcp/servers?per_page=5000`)).body.result_info.per_page,
    ).toBe(100);
    expect((await get(`/accounts/${ACCOUNT}/access/tags`)).body.result_info.per_page).toBe(50);
  });

  it('rejects a non-numeric page with 400', async () => {
    const bad = await get(`${apps}?page=abc`);
    expect(bad.status).toBe(400);
    expect(bad.body.success).toBe(false);
  });
});

describe('authentication', () => {
  it('accepts X-Auth-Email + X-Auth-Key', async () => {
    expect((await get(apps, { 'x-auth-email': 'OPS@example.com', 'x-auth-key': 'global-key-abc' })).status).toBe(200);
  });

  it.each([
    ['no credentials', {}],
    ['a wrong token', { authorization: 'Bearer wrong' }],
    ['a wrong key', { 'x-auth-email': 'ops@example.com', 'x-auth-key': 'nope' }],
  ])('answers 401 code 10000 for %s', async (_label, headers) => {
    const { status, body } = await get(apps, headers as Record<string, string>);
    expect(status).toBe(401);
    expect(body).toEqual({
      success: false,
      errors: [{ code: 10000, message: 'Authentication error' }],
      messages: [],
      result: null,
    });
  });

  it('refuses other methods (the emulator is read-only)', async () => {
    const response = await fetch(`${emulator.url}${apps}`, { method: 'POST', headers: auth });
    expect(response.status).toBe(405);
  });
});

describe('faults', () => {
  it('answers 429 with Retry-After for the next N requests, globally or per type', async () => {
    emulator.setFaults({ rateLimit: { requests: 2, retryAfterSeconds: 7 } });
    const first = await get(apps);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(first.body.errors[0].code).toBe(971);
    expect((await get(`/accounts/${ACCOUNT}/access/groups`)).status).toBe(429);
    expect((await get(apps)).status).toBe(200);

    emulator.setFaults({ rateLimit: { requests: 1, types: ['access_group'] } });
    expect((await get(apps)).status).toBe(200);
    expect((await get(`/accounts/${ACCOUNT}/access/groups`)).status).toBe(429);
    expect((await get(`/accounts/${ACCOUNT}/access/groups`)).status).toBe(200);
  });

  it('answers 5xx for N requests of one type', async () => {
    emulator.setFaults({ serverErrors: { access_application: { requests: 2, status: 502 } } });
    expect((await get(apps)).status).toBe(502);
    expect((await get(`/accounts/${ACCOUNT}/access/groups`)).status).toBe(200);
    expect((await get(apps)).status).toBe(502);
    expect((await get(apps)).status).toBe(200);
  });

  it('answers 403 for a forbidden type and 404 for an absent feature, others unaffected', async () => {
    emulator.setFaults({ forbidden: ['service_token'], notFound: ['mcp_portal'] });
    const forbidden = await get(`/accounts/${ACCOUNT}/access/service_tokens`);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.errors[0]).toEqual({ code: 10000, message: 'Authentication error' });
    const absent = await get(`/accounts/${ACCOUNT}/access/ai-controls/mcp/portals`);
    expect(absent.status).toBe(404);
    expect(absent.body.errors[0].code).toBe(7003);
    expect((await get(apps)).status).toBe(200);
  });

  it.each([
    ['invalid_json', (r: { text: string; body: unknown }) => expect(r.body).toBeUndefined()],
    ['wrong_shape', (r: { body: any }) => expect(typeof r.body.result).toBe('string')],
    ['success_false', (r: { body: any }) => expect(r.body.success).toBe(false)],
    ['html', (r: { text: string }) => expect(r.text).toMatch(/<html>/)],
  ] as const)('serves a malformed body (%s) for one type', async (kind, check) => {
    emulator.setFaults({ malformed: { access_application: kind } });
    const broken = await get(apps);
    expect(broken.status).toBe(200);
    check(broken as never);
    expect((await get(`/accounts/${ACCOUNT}/access/groups`)).body.success).toBe(true);
  });

  it('repeats page 1 on later pages', async () => {
    emulator.setFaults({ repeatPage: ['access_application'] });
    const page2 = await get(`${apps}?page=2&per_page=2`);
    expect(page2.body.result.map((a: { id: string }) => a.id)).toEqual(['app-000', 'app-001']);
    expect(page2.body.result_info.page).toBe(2);
  });

  it('holds every answer for the configured latency, waited through its sleep', async () => {
    const waits: number[] = [];
    const sleepers: (() => void)[] = [];
    const slow = await startEmulator({
      snapshot: smallSnapshot(5),
      credentials: { apiTokens: [TOKEN] },
      faults: { latencyMs: 150 },
      sleep: (ms) => {
        waits.push(ms);
        return new Promise((resolve) => sleepers.push(resolve));
      },
    });
    try {
      let answered = false;
      const pending = fetch(`${slow.url}${apps}`, { headers: auth }).then((response) => {
        answered = true;
        return response;
      });
      while (waits.length === 0) await turn();
      expect(waits).toEqual([150]);
      for (let i = 0; i < 10; i++) await turn();
      expect(answered).toBe(false);
      sleepers.shift()!();
      expect((await pending).status).toBe(200);

      slow.setFaults({ latencyMs: 20 });
      const next = fetch(`${slow.url}${apps}`, { headers: auth });
      while (waits.length === 1) await turn();
      sleepers.shift()!();
      expect((await next).status).toBe(200);
      expect(waits).toEqual([150, 20]);
    } finally {
      await slow.close();
    }
  });

  it('by default waits on a real timer, which closing ends without an answer', async () => {
    const held = await startEmulator({
      snapshot: smallSnapshot(1),
      credentials: { apiTokens: [TOKEN] },
      faults: { latencyMs: 3_600_000 },
    });
    const unanswered = fetch(`${held.url}${apps}`, { headers: auth });
    while (held.stats.total === 0) await turn();
    await held.close();
    await expect(unanswered).rejects.toThrow(/fetch failed/);
  });

  it('hangs requests of a type until the client gives up', async () => {
    emulator.setFaults({ hang: ['access_group'] });
    const giveUp = new AbortController();
    let settled = false;
    const hung = fetch(`${emulator.url}/accounts/${ACCOUNT}/access/groups`, { headers: auth, signal: giveUp.signal });
    void hung.finally(() => (settled = true)).catch(() => undefined);
    while (emulator.stats.byType.access_group !== 1) await turn();
    // A later request of another type is answered in full while the first still waits.
    expect((await get(apps)).status).toBe(200);
    expect(settled).toBe(false);
    giveUp.abort();
    await expect(hung).rejects.toThrow(/abort/i);
  });

  it('emits Ratelimit headers and can enforce the quota', async () => {
    emulator.setFaults({ rateLimitHeaders: { limit: 3, windowSeconds: 60, enforce: true } });
    const first = await get(apps);
    expect(first.headers.get('ratelimit')).toMatch(/^"default";r=2;t=\d+$/);
    expect(first.headers.get('ratelimit-policy')).toBe('"default";q=3;w=60');
    await get(apps);
    expect((await get(apps)).headers.get('ratelimit')).toMatch(/r=0;/);
    const over = await get(apps);
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('stats', () => {
  it('counts requests in total, per path and per type', async () => {
    await get(apps);
    await get(`${apps}?page=2`);
    await get(`/accounts/${ACCOUNT}/access/groups`);
    expect(emulator.stats.total).toBe(3);
    expect(emulator.stats.byPath[`/client/v4${apps}`]).toBe(2);
    expect(emulator.stats.byType).toEqual({ access_application: 2, access_group: 1 });
  });
});

describe('tunnels', () => {
  const account = { kind: 'account', id: ACCOUNT } as const;
  const configuration = {
    tunnel_id: 'tun-1',
    source: 'cloudflare',
    config: { ingress: [{ service: 'http_status:404' }] },
  };
  let tunnels: EmulatorHandle;
  const read = async (path: string): Promise<{ status: number; body: any }> => {
    const response = await fetch(`${tunnels.url}/accounts/${ACCOUNT}${path}`, { headers: auth });
    return { status: response.status, body: await response.json() };
  };
  beforeAll(async () => {
    tunnels = await startEmulator({
      snapshot: snapshotOf([
        makeResourceRecord('tunnel', account, { id: 'tun-1', name: 'prod', config_src: 'cloudflare' }),
        makeResourceRecord('tunnel', account, { id: 'tun-2', name: 'legacy', config_src: 'local' }),
        makeResourceRecord('tunnel_configuration', account, configuration),
      ]),
      credentials: { apiTokens: [TOKEN] },
    });
  });
  afterAll(async () => tunnels.close());

  it('lists tunnels (the is_deleted filter is accepted) and serves each one by id', async () => {
    const list = await read('/cfd_tunnel?is_deleted=false&page=1&per_page=1000');
    expect(list.body.result.map((t: { id: string }) => t.id)).toEqual(['tun-1', 'tun-2']);
    expect((await read('/cfd_tunnel/tun-2')).body.result.name).toBe('legacy');
  });

  it('serves a tunnel configuration at /cfd_tunnel/{id}/configurations, 404 for a tunnel without one', async () => {
    const found = await read('/cfd_tunnel/tun-1/configurations');
    expect(found.status).toBe(200);
    expect(found.body.result).toEqual(configuration);
    expect((await read('/cfd_tunnel/tun-2/configurations')).status).toBe(404);
    expect((await read('/cfd_tunnel/configurations')).status).toBe(404);
    expect((await read('/cfd_tunnel/tun-1/configurations/x')).status).toBe(404);
    expect(tunnels.stats.byType).toMatchObject({ tunnel_configuration: 2 });
  });
});

describe('the account itself and trust faults', () => {
  it("serves GET /accounts/{id} in the SDK's Account shape, and 404 (v4 envelope) for other accounts", async () => {
    const served = await get(`/accounts/${ACCOUNT}`);
    expect(served.status).toBe(200);
    expect(served.body.result).toEqual({
      id: ACCOUNT,
      name: `Emulated account ${ACCOUNT.slice(0, 8)}`,
      type: 'standard',
      settings: { enforce_twofactor: false, abuse_contact_email: null },
      created_on: '2025-01-01T00:00:00.000Z',
    });
    const other = await get('/accounts/ffffffffffffffffffffffffffffffff');
    expect(other.status).toBe(404);
    expect(other.body).toMatchObject({ success: false, errors: [{ code: 7003 }], result: null });
    expect((await get(`/accounts/${ACCOUNT}`, {})).status).toBe(401);
    expect(emulator.stats.byType).toEqual({});
    expect(emulator.stats.byAccount[ACCOUNT]).toBe(2);
  });

  it.each([
    ['html', /^text\/html/, '<!DOCTYPE html>'],
    ['problem_json', /^application\/problem\+json/, '"title":"Not Found"'],
    ['empty', /^text\/plain/, ''],
  ] as const)('answers a 404 that is not a v4 envelope (%s)', async (kind, type, text) => {
    emulator.setFaults({ notFoundBody: { access_application: kind } });
    const answer = await get(apps);
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toMatch(type);
    expect(answer.text.startsWith(text) || answer.text.includes(text)).toBe(true);
    expect((await get(`/accounts/${ACCOUNT}/access/groups`)).status).toBe(200);
  });

  it('shapes result_info as asked, and clamps per_page', async () => {
    const page = `${apps}?page=1&per_page=1000`;
    emulator.setFaults({ resultInfo: { access_application: 'published' }, clampPerPage: { access_application: 2 } });
    expect((await get(page)).body.result_info).toEqual({ page: 1, per_page: 2, count: 2, total_count: 5 });
    emulator.setFaults({ resultInfo: { access_application: 'strings' } });
    expect((await get(page)).body.result_info).toEqual({
      page: '1',
      per_page: '1000',
      count: '5',
      total_count: '5',
      total_pages: '1',
    });
    emulator.setFaults({ resultInfo: { access_application: 'missing' } });
    expect(Object.keys((await get(page)).body)).toEqual(['success', 'errors', 'messages', 'result']);
    emulator.setFaults({ resultInfo: { access_application: 'one_page' }, clampPerPage: { access_application: 2 } });
    expect((await get(page)).body.result_info).toEqual({
      page: 1,
      per_page: 2,
      count: 2,
      total_count: 5,
      total_pages: 1,
    });
  });
});
