import { afterEach, describe, expect, it } from 'vitest';
import { CloudflareClient } from '../../src/client/client.js';
import { verifyToken } from '../../src/client/verify-token.js';
import { failure, ok, sendJson, startServer, type TestServer } from './http-server.js';

const TOKEN = 'verify-me-secret';
const servers: TestServer[] = [];
const clients: CloudflareClient[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup(handler: Parameters<typeof startServer>[0], kind: 'token' | 'key' = 'token') {
  const server = await startServer(handler);
  servers.push(server);
  const client = new CloudflareClient({
    credentials: kind === 'token' ? { kind, token: TOKEN } : { kind, email: 'e@x', key: TOKEN },
    baseUrl: server.url,
  });
  clients.push(client);
  return { server, client };
}

describe('verifyToken', () => {
  it('accepts a user-owned token at /user/tokens/verify', async () => {
    const { server, client } = await setup((_req, res) => sendJson(res, 200, ok({ id: 'x', status: 'active' })));
    expect(await verifyToken(client, 'acc')).toMatchObject({
      ok: true,
      status: 'active',
      endpoint: '/user/tokens/verify',
    });
    expect(server.seen).toHaveLength(1);
  });

  it('falls back to the account endpoint for account-owned tokens', async () => {
    const { server, client } = await setup((req, res) =>
      req.url?.includes('/user/')
        ? sendJson(res, 401, failure(1000, 'Invalid API Token'))
        : sendJson(res, 200, ok({ status: 'active' })),
    );
    expect(await verifyToken(client, 'acc')).toMatchObject({
      ok: true,
      endpoint: '/accounts/acc/tokens/verify',
      http_status: 200,
    });
    expect(server.seen.map((s) => s.url)).toEqual([
      '/client/v4/user/tokens/verify',
      '/client/v4/accounts/acc/tokens/verify',
    ]);
  });

  it('reports a rejected or disabled token without the token', async () => {
    const { client } = await setup((_req, res) => sendJson(res, 401, failure(1000, `Invalid API Token ${TOKEN}`)));
    const rejected = await verifyToken(client, 'acc');
    expect(rejected).toMatchObject({ ok: false, status: 'invalid', http_status: 401 });
    expect(JSON.stringify(rejected)).not.toContain(TOKEN);

    const { client: other } = await setup((_req, res) => sendJson(res, 200, ok({ status: 'disabled' })));
    expect(await verifyToken(other, 'acc')).toMatchObject({ ok: false, status: 'disabled' });
  });

  it('skips API keys, which have no verify endpoint', async () => {
    const { server, client } = await setup((_req, res) => sendJson(res, 500, {}), 'key');
    expect(await verifyToken(client, 'acc')).toMatchObject({ ok: true, status: 'skipped' });
    expect(server.seen).toHaveLength(0);
  });
});
