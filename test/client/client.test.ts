import { errors, MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudflareClient, type ClientOptions, type RetryEvent } from '../../src/client/client.js';
import { CloudflareApiError } from '../../src/client/errors.js';
import { TOOL_VERSION } from '../../src/paths.js';
import { fakeClock } from './fake-clock.js';
import { heldDeadlines } from './held-deadlines.js';
import { failure, ok, sendJson, startServer, type TestServer } from './http-server.js';

const TOKEN = 'tok-SECRET-0123456789abcdef';
const servers: TestServer[] = [];
const clients: CloudflareClient[] = [];

async function serve(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const server = await startServer(handler);
  servers.push(server);
  return server;
}

/** A client of `server` whose backoffs and pauses pass on a fake clock (unless the test brings its own). */
function clientFor(server: TestServer, options: Partial<ClientOptions> = {}): CloudflareClient {
  const clock = fakeClock();
  const client = new CloudflareClient({
    credentials: { kind: 'token', token: TOKEN },
    baseUrl: server.url,
    backoffBaseMs: 5,
    backoffMaxMs: 20,
    now: clock.now,
    sleep: clock.sleep,
    ...options,
  });
  clients.push(client);
  return client;
}

async function rejection(promise: Promise<unknown>): Promise<CloudflareApiError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CloudflareApiError);
  return error as CloudflareApiError;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('CloudflareClient', () => {
  it('sends the Bearer token, a User-Agent and parses the v4 envelope', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, ok({ id: 'a' }, { page: 1, total_pages: 1 })));
    const client = clientFor(server);
    const response = await client.get('/accounts/acc/access/keys', { query: { page: 1, per_page: 50 } });
    expect(response.envelope.result).toEqual({ id: 'a' });
    expect(response.envelope.result_info).toEqual({ page: 1, total_pages: 1 });
    expect(response.endpoint).toBe('/accounts/acc/access/keys?page=1&per_page=50');
    expect(response.attempts).toBe(1);
    expect(server.seen[0]!.url).toBe('/client/v4/accounts/acc/access/keys?page=1&per_page=50');
    expect(server.seen[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.seen[0]!.headers['user-agent']).toBe(`cf-access-audit/${TOOL_VERSION}`);
    expect(client.stats.total).toBe(1);
    expect(client.stats.bytes).toBe(Buffer.byteLength(JSON.stringify(ok({ id: 'a' }, { page: 1, total_pages: 1 }))));
  });

  it('counts body bytes, not characters, also without content-length', async () => {
    const body = JSON.stringify(ok({ name: 'Zürich 🚀' }));
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }); // chunked: no content-length
      res.end(body);
    });
    const client = clientFor(server);
    const response = await client.get('/accounts/acc/access/organizations');
    expect(response.envelope.result).toEqual({ name: 'Zürich 🚀' });
    expect(client.stats.bytes).toBe(Buffer.byteLength(body));
    expect(client.stats.bytes).toBeGreaterThan(body.length);
  });

  it('sends X-Auth-Email and X-Auth-Key for a global API key', async () => {
    const server = await serve((_req, res) => sendJson(res, 200, ok([])));
    const client = clientFor(server, { credentials: { kind: 'key', email: 'a@example.com', key: 'k-123' } });
    await client.get('/accounts/acc/access/bookmarks');
    expect(server.seen[0]!.headers['x-auth-email']).toBe('a@example.com');
    expect(server.seen[0]!.headers['x-auth-key']).toBe('k-123');
    expect(server.seen[0]!.headers.authorization).toBeUndefined();
  });

  it('waits for Retry-After on 429, then retries', async () => {
    const server = await serve((_req, res, i) =>
      i === 0 ? sendJson(res, 429, failure(971, 'Please wait'), { 'retry-after': '1' }) : sendJson(res, 200, ok([])),
    );
    const retries: RetryEvent[] = [];
    const clock = fakeClock();
    const client = clientFor(server, { now: clock.now, sleep: clock.sleep });
    const response = await client.get('/x', { onRetry: (e) => retries.push(e) });
    expect(clock.sleeps).toEqual([1000]);
    expect(response.attempts).toBe(2);
    expect(retries).toEqual([{ endpoint: '/x', attempt: 1, reason: 'rate_limited', status: 429, delayMs: 1000 }]);
    expect(client.stats).toMatchObject({ total: 2, retries: 1, rate_limited: 1, server_errors: 0 });
  });

  it('holds every other request back while a 429 is waited out', async () => {
    const clock = fakeClock();
    const arrivals: Record<string, number[]> = {};
    const server = await serve((req, res, i) => {
      (arrivals[req.url ?? ''] ??= []).push(clock.now());
      if (i === 0) sendJson(res, 429, failure(971, 'Please wait'), { 'retry-after': '1' });
      else sendJson(res, 200, ok([]));
    });
    const client = clientFor(server, { now: clock.now, sleep: clock.sleep });
    let second: Promise<unknown> | undefined;
    // /b is asked for once the 429 of /a is in.
    await client.get('/a', { onRetry: () => void (second = client.get('/b')) });
    await second;
    const limitedAt = arrivals['/client/v4/a']![0]!;
    expect(arrivals['/client/v4/b']![0]! - limitedAt).toBeGreaterThanOrEqual(1000);
    expect(clock.sleeps).toEqual([1000, 1000]);
  });

  it('caps a long Retry-After (seconds or HTTP date)', async () => {
    const clock = fakeClock();
    const inAnHour = new Date(clock.now() + 3_600_000).toUTCString();
    const server = await serve((_req, res, i) =>
      i === 0 ? sendJson(res, 429, failure(971, 'slow down'), { 'retry-after': inAnHour }) : sendJson(res, 200, ok([])),
    );
    const retries: RetryEvent[] = [];
    const client = clientFor(server, { retryAfterCapMs: 50, now: clock.now, sleep: clock.sleep });
    await client.get('/x', { onRetry: (e) => retries.push(e) });
    expect(retries[0]!.delayMs).toBe(50);
    expect(clock.sleeps).toEqual([50]);
  });

  it('retries 503 with backoff and succeeds', async () => {
    const server = await serve((_req, res, i) =>
      i < 2 ? sendJson(res, 503, '<html>unavailable</html>') : sendJson(res, 200, ok(['done'])),
    );
    const client = clientFor(server);
    const response = await client.get('/x');
    expect(response.envelope.result).toEqual(['done']);
    expect(response.attempts).toBe(3);
    expect(client.stats).toMatchObject({ total: 3, retries: 2, server_errors: 2 });
  });

  it('gives up on 5xx after maxAttempts with a typed error', async () => {
    const server = await serve((_req, res) => sendJson(res, 502, failure(10001, 'Internal server error')));
    const client = clientFor(server);
    const error = await rejection(client.get('/accounts/acc/access/apps', { query: { page: 1 } }));
    expect(error.kind).toBe('server');
    expect(error.status).toBe(502);
    expect(error.attempts).toBe(4);
    expect(error.endpoint).toBe('/accounts/acc/access/apps?page=1');
    expect(error.errors).toEqual([{ code: 10001, message: 'Internal server error' }]);
    expect(error.message).toContain('/accounts/acc/access/apps?page=1');
    expect(server.seen).toHaveLength(4);
  });

  it('retries a request left unanswered past its deadline, then reports the timeout', async () => {
    const deadlines = heldDeadlines();
    // The server holds each request unanswered, and its deadline runs out then.
    const server = await serve(() => void deadlines.expire());
    const client = clientFor(server, { deadlineTimer: deadlines.timer, requestTimeoutMs: 45_000, maxAttempts: 2 });
    const error = await rejection(client.get('/slow'));
    expect(deadlines.started).toEqual([45_000, 45_000]);
    expect(server.seen).toHaveLength(2);
    expect(error.kind).toBe('timeout');
    expect(error.attempts).toBe(2);
    expect(error.message).toMatch(/timed out \(no complete answer within 45000 ms\) after 2 attempt\(s\)/);
    expect(client.stats).toMatchObject({ total: 2, retries: 1, timeouts: 2 });
  });

  it("retries undici's own connect, headers and body timeouts as timeouts", async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const origin = agent.get('http://api.test');
    const timeouts = [
      new errors.ConnectTimeoutError(),
      new errors.HeadersTimeoutError(),
      new errors.BodyTimeoutError(),
    ];
    for (const [i, error] of timeouts.entries()) {
      origin
        .intercept({ path: `/client/v4/t${i}` })
        .replyWithError(error)
        .times(2);
    }
    const clock = fakeClock();
    const client = new CloudflareClient({
      credentials: { kind: 'token', token: TOKEN },
      baseUrl: 'http://api.test/client/v4',
      dispatcher: agent,
      maxAttempts: 2,
      now: clock.now,
      sleep: clock.sleep,
    });
    clients.push(client);
    for (const [i, { code }] of timeouts.entries()) {
      const error = await rejection(client.get(`/t${i}`));
      expect(error).toMatchObject({ kind: 'timeout', attempts: 2 });
      expect(error.message).toContain(`timed out (${code}) after 2 attempt(s)`);
    }
    expect(client.stats).toMatchObject({ total: 6, retries: 3, timeouts: 6 });
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  it('retries after a connection reset', async () => {
    const server = await serve((req, res, i) => {
      if (i === 0) req.socket.destroy();
      else sendJson(res, 200, ok({ fine: true }));
    });
    const client = clientFor(server);
    const response = await client.get('/reset');
    expect(response.envelope.result).toEqual({ fine: true });
    expect(response.attempts).toBe(2);
  });

  it('does not retry 401 or 403, and never puts the token in the error', async () => {
    const server = await serve((req, res) =>
      sendJson(res, req.url?.includes('401') ? 401 : 403, failure(10000, `Authentication error for ${TOKEN}`)),
    );
    const lines: string[] = [];
    const client = clientFor(server, { log: (line) => lines.push(line) });
    for (const path of ['/a401', '/a403']) {
      const error = await rejection(client.get(path));
      expect(error.kind).toBe('forbidden');
      expect(error.attempts).toBe(1);
      expect(error.errors[0]!.code).toBe(10000);
      const everything = `${error.message} ${error.stack} ${JSON.stringify(error)} ${lines.join('\n')}`;
      expect(everything).not.toContain(TOKEN);
      expect(error.message).toContain('[REDACTED]');
    }
    expect(server.seen).toHaveLength(2);
  });

  it('keeps the token out of retry log lines and timeout errors', async () => {
    const deadlines = heldDeadlines();
    const server = await serve((_req, res, i) => {
      if (i === 0) sendJson(res, 500, failure(10001, `boom ${TOKEN}`));
      else deadlines.expire();
    });
    const lines: string[] = [];
    const log = (line: string): number => lines.push(line);
    const client = clientFor(server, { log, deadlineTimer: deadlines.timer, maxAttempts: 2 });
    const error = await rejection(client.get('/t'));
    expect(error.kind).toBe('timeout');
    expect(lines).toHaveLength(1);
    expect(`${lines.join('\n')} ${error.message} ${JSON.stringify(error)}`).not.toContain(TOKEN);
  });

  it('maps 404 to not_found, success:false to api and bad bodies to malformed (none retried)', async () => {
    const server = await serve((req, res) => {
      if (req.url?.endsWith('/missing')) sendJson(res, 404, failure(7003, 'No route for the URI'));
      else if (req.url?.endsWith('/refused')) sendJson(res, 200, failure(10001, 'nope'));
      else if (req.url?.endsWith('/html')) sendJson(res, 200, '<!DOCTYPE html><h1>502</h1>');
      else if (req.url?.endsWith('/cut')) sendJson(res, 200, '{"success":true,"result":[{"id":');
      else sendJson(res, 200, { result: [] });
    });
    const client = clientFor(server);
    expect((await rejection(client.get('/missing'))).kind).toBe('not_found');
    const api = await rejection(client.get('/refused'));
    expect(api.kind).toBe('api');
    expect(api.message).toContain('10001: nope');
    const html = await rejection(client.get('/html'));
    expect(html.kind).toBe('malformed');
    expect(html.message).toContain('not valid JSON');
    expect((await rejection(client.get('/cut'))).kind).toBe('malformed');
    const envelope = await rejection(client.get('/no-success'));
    expect(envelope.message).toContain('no boolean "success"');
    expect(server.seen).toHaveLength(5);
  });

  it('never has more requests in flight than the concurrency', async () => {
    // Answers go out only once as many requests wait as the client may send (fewer at the end): one more
    // in flight would show in maxInFlight, one fewer would never be answered.
    const held: Parameters<Parameters<typeof serve>[0]>[1][] = [];
    let answered = 0;
    const server = await serve((_req, res) => {
      held.push(res);
      if (held.length < Math.min(3, 10 - answered)) return;
      for (const waiting of held.splice(0)) {
        answered++;
        sendJson(waiting, 200, ok([]));
      }
    });
    const client = clientFor(server, { concurrency: 3 });
    await Promise.all(Array.from({ length: 10 }, (_, i) => client.get(`/c${i}`)));
    expect(server.maxInFlight).toBe(3);
    expect(server.seen).toHaveLength(10);
  });

  it('slows down when the Ratelimit header says the quota is nearly spent', async () => {
    const clock = fakeClock();
    const times: number[] = [];
    const server = await serve((_req, res, i) => {
      times.push(clock.now());
      sendJson(res, 200, ok([]), i === 0 ? { ratelimit: '"default";r=0;t=1' } : { ratelimit: '"default";r=900;t=200' });
    });
    const client = clientFor(server, { now: clock.now, sleep: clock.sleep });
    await client.get('/first');
    await client.get('/second');
    await client.get('/third');
    expect(clock.sleeps).toEqual([1000]); // before the second request only
    expect(times[1]! - times[0]!).toBe(1000);
    expect(times[2]).toBe(times[1]);
  });

  it('keeps to its own request budget per window', async () => {
    const clock = fakeClock();
    const server = await serve((_req, res) => sendJson(res, 200, ok([])));
    const client = clientFor(server, { budget: 2, budgetWindowMs: 300, now: clock.now, sleep: clock.sleep });
    await Promise.all([client.get('/1'), client.get('/2'), client.get('/3')]);
    expect(clock.sleeps).toEqual([300]); // the third start waits out the window; the first two do not wait
    expect(server.seen).toHaveLength(3);
  });

  it('rejects bad options and relative paths clearly', async () => {
    expect(() => new CloudflareClient({ credentials: { kind: 'token', token: TOKEN }, concurrency: 0 })).toThrow(
      /concurrency must be a positive integer/,
    );
    const client = new CloudflareClient({ credentials: { kind: 'token', token: TOKEN } });
    clients.push(client);
    await expect(client.get('accounts')).rejects.toThrow(/start with "\/"/);
    expect(client.baseUrl).toBe('https://api.cloudflare.com/client/v4');
  });
});
