/**
 * The client never passes by not having looked: a deadline per request, capped server pauses, a stop for the
 * whole run, 404s that are not the API's, redirects that never carry the token, paths that cannot be bent.
 */
import diagnostics from 'node:diagnostics_channel';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudflareClient, type ClientOptions } from '../../src/client/client.js';
import { CloudflareApiError } from '../../src/client/errors.js';
import { readAccount } from '../../src/client/read-account.js';
import { heldDeadlines } from './held-deadlines.js';
import { failure, ok, sendJson, startServer, type TestServer } from './http-server.js';

const TOKEN = 'trust-test-token-5e6f7a8b9c';
const servers: TestServer[] = [];
const clients: CloudflareClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

function clientFor(server: TestServer, options: Partial<ClientOptions> = {}): CloudflareClient {
  const client = new CloudflareClient({
    credentials: { kind: 'token', token: TOKEN },
    baseUrl: server.url,
    backoffBaseMs: 1,
    backoffMaxMs: 2,
    ...options,
  });
  clients.push(client);
  return client;
}

async function rejection(promise: Promise<unknown>): Promise<CloudflareApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CloudflareApiError);
  return error as CloudflareApiError;
}

/** A fake clock: `sleep` advances `now` and returns at once, recording every wait. */
function fakeClock(): { now: () => number; sleep: (ms: number) => Promise<void>; waits: number[] } {
  let t = 1_000_000;
  const waits: number[] = [];
  return {
    now: () => t,
    sleep: async (ms) => {
      waits.push(ms);
      t += ms;
    },
    waits,
  };
}

describe('a deadline per request', () => {
  it('times out an answer whose body never ends, retries, and counts the timeouts', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{');
    });
    const deadlines = heldDeadlines();
    const { now, sleep } = fakeClock();
    const client = clientFor(server, {
      requestTimeoutMs: 40,
      maxAttempts: 2,
      deadlineTimer: deadlines.timer,
      now,
      sleep,
    });
    // The deadline runs out once the body has begun: headers and a first byte are in, the rest never comes.
    const expireOnChunk = (): number => deadlines.expire();
    diagnostics.subscribe('undici:request:bodyChunkReceived', expireOnChunk);
    const error = await rejection(client.get('/unfinished')).finally(() =>
      diagnostics.unsubscribe('undici:request:bodyChunkReceived', expireOnChunk),
    );
    expect(deadlines.started).toEqual([40, 40]);
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('no complete answer within 40 ms');
    expect(error.attempts).toBe(2);
    expect(client.stats).toMatchObject({ total: 2, retries: 1, timeouts: 2 });
  });

  it('refuses a deadline that is not a positive integer', () => {
    expect(() => new CloudflareClient({ credentials: { kind: 'token', token: TOKEN }, requestTimeoutMs: 0 })).toThrow(
      /requestTimeoutMs must be a positive integer/,
    );
  });
});

describe('server-requested pauses are capped and counted', () => {
  it('waits at most the cap for Ratelimit r=0;t=999999', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, ok([]), { ratelimit: '"default";r=0;t=999999' }));
    const clock = fakeClock();
    const client = clientFor(server, { now: clock.now, sleep: clock.sleep });
    await client.get('/first');
    await client.get('/second');
    expect(clock.waits).toEqual([60_000]);
    expect(client.stats.pauses_capped).toBe(2);
  });

  it('waits at most the cap for a huge Retry-After, and counts it', async () => {
    const server = await serve((_req, res, i) =>
      i === 0 ? sendJson(res, 429, failure(971, 'slow down'), { 'retry-after': '999999' }) : sendJson(res, 200, ok([])),
    );
    const clock = fakeClock();
    const client = clientFor(server, { now: clock.now, sleep: clock.sleep, retryAfterCapMs: 30_000 });
    const response = await client.get('/x');
    expect(response.attempts).toBe(2);
    expect(Math.max(...clock.waits)).toBe(30_000);
    expect(client.stats).toMatchObject({ rate_limited: 1, pauses_capped: 1 });
  });
});

describe('stop', () => {
  it('aborts the requests in flight and fails every later one at once, with the reason', async () => {
    const server = await serve(() => undefined);
    const client = clientFor(server);
    const pending = client.get('/hangs');
    while (server.seen.length === 0) await new Promise((resolve) => setImmediate(resolve));
    client.stop('stopped by --timeout 1s before it finished');
    const error = await rejection(pending);
    expect(error.kind).toBe('stopped');
    expect(error.message).toBe('GET /hangs: stopped by --timeout 1s before it finished');
    const later = await rejection(client.get('/later'));
    expect(later).toMatchObject({ kind: 'stopped', attempts: 0 });
    expect(server.seen).toHaveLength(1);
    expect(client.stoppedBecause).toBe('stopped by --timeout 1s before it finished');
  });
});

describe('stop during a pause', () => {
  it('ends the pause the server asked for at once (no timer left behind, no request sent)', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, ok([]), { ratelimit: '"default";r=0;t=30' }));
    const client = clientFor(server);
    await client.get('/first');
    const paused = client.get('/second');
    // Let the request reach the 30 s pause (event-loop turns, no real time).
    for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
    client.stop('stopped by --timeout 1s before it finished');
    expect(await rejection(paused)).toMatchObject({ kind: 'stopped' });
    expect(server.seen).toHaveLength(1);
  });
});

describe('a 404 is the API\'s "not found" only in a v4 envelope', () => {
  it('maps an envelope 404 to not_found and HTML, problem+json or empty 404s to malformed', async () => {
    const server = await serve((req, res) => {
      if (req.url?.endsWith('/envelope')) {
        sendJson(res, 404, failure(7003, 'No route for the URI'));
      } else if (req.url?.endsWith('/html')) {
        res.writeHead(404, { 'content-type': 'text/html' });
        res.end('<html><body>Not Found</body></html>');
      } else if (req.url?.endsWith('/problem')) {
        res.writeHead(404, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404 }));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    const client = clientFor(server);
    expect(await rejection(client.get('/envelope'))).toMatchObject({ kind: 'not_found', status: 404 });
    for (const path of ['/html', '/problem', '/empty']) {
      const error = await rejection(client.get(path));
      expect(error).toMatchObject({ kind: 'malformed', status: 404, attempts: 1 });
      expect(error.message).toContain("HTTP 404 that is not the Cloudflare API's answer");
    }
  });
});

describe('redirects', () => {
  it('are not followed: a 302 to another host never receives the token', async () => {
    const other = await serve((_req, res) => sendJson(res, 200, ok({ stolen: true })));
    const server = await serve((_req, res) => {
      res.writeHead(302, { location: `${other.url}/accounts/a/access/apps` });
      res.end();
    });
    const client = clientFor(server);
    const error = await rejection(client.get('/accounts/a/access/apps'));
    expect(error).toMatchObject({ kind: 'http', status: 302 });
    expect(server.seen[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(other.seen).toEqual([]);
  });
});

describe('request paths', () => {
  it('refuse dot segments, which URL parsing would resolve to another path', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, ok({})));
    const client = clientFor(server);
    for (const path of ['/accounts/a/access/custom_pages/..', '/a/./b', '/a/%2e%2E/b']) {
      await expect(client.get(path)).rejects.toThrow(/no "\." or "\.\." segments/);
    }
    expect(server.seen).toEqual([]);
  });
});

describe('readAccount', () => {
  it('reads the account, and says denied for 403/404 and unreachable for anything else', async () => {
    const answers: Record<string, [number, unknown]> = {
      'acc-ok': [200, ok({ id: 'acc-ok', name: 'Example', type: 'standard' })],
      'acc-403': [403, failure(9109, 'Unauthorized to access requested resource')],
      'acc-404': [404, failure(7003, 'Could not route to /accounts/acc-404')],
      'acc-other': [200, ok({ id: 'someone-else', name: 'X' })],
    };
    const server = await serve((req, res) => {
      const answer = answers[(req.url ?? '').replace('/client/v4/accounts/', '')];
      if (answer) {
        sendJson(res, answer[0], answer[1]);
        return;
      }
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html></html>');
    });
    const client = clientFor(server);
    expect(await readAccount(client, 'acc-ok')).toMatchObject({ status: 'ok', name: 'Example', http_status: 200 });
    expect(await readAccount(client, 'acc-403')).toMatchObject({ status: 'denied', http_status: 403 });
    expect(await readAccount(client, 'acc-404')).toMatchObject({ status: 'denied', http_status: 404 });
    expect(await readAccount(client, 'acc-other')).toMatchObject({ status: 'unreachable' });
    expect(await readAccount(client, 'acc-proxy')).toMatchObject({ status: 'unreachable', http_status: 404 });
  });
});
