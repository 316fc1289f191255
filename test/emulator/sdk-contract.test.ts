/**
 * The official Cloudflare SDK, pointed at the emulator serving the demo account, lists every resource
 * type and gets exactly the emulator's items: the emulator speaks the real protocol.
 */
import Cloudflare from 'cloudflare';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/server.js';
import { DEMO_ACCOUNT_DIR } from '../../src/paths.js';
import { readSnapshot } from '../../src/snapshot/read.js';
import { RESOURCE_TYPES, RESOURCE_TYPE_SPECS, type ResourceType } from '../../src/catalog/resource-types.js';
import type { Snapshot } from '../../src/snapshot/types.js';

const TOKEN = 'sdk-contract-token';
let emulator: EmulatorHandle;
let snapshot: Snapshot;
let client: Cloudflare;
let account_id: string;

beforeAll(async () => {
  snapshot = await readSnapshot(DEMO_ACCOUNT_DIR);
  account_id = snapshot.manifest.account_id;
  emulator = await startEmulator({ snapshot, credentials: { apiTokens: [TOKEN] } });
  client = new Cloudflare({ apiToken: TOKEN, baseURL: emulator.url, maxRetries: 0 });
});
afterAll(async () => emulator.close());

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** How the SDK lists each type; `perPage` is passed to paged endpoints only. */
async function sdkList(type: ResourceType, perPage?: number): Promise<unknown[]> {
  const access = client.zeroTrust.access;
  const cloudflared = client.zeroTrust.tunnels.cloudflared;
  const paged = perPage === undefined ? { account_id } : { account_id, per_page: perPage };
  switch (type) {
    case 'access_application':
      return all(access.applications.list(paged));
    case 'access_policy':
      return all(access.policies.list(paged));
    case 'access_group':
      return all(access.groups.list(paged));
    case 'identity_provider':
      return all(client.zeroTrust.identityProviders.list(paged));
    case 'service_token':
      return all(access.serviceTokens.list(paged));
    case 'mtls_certificate':
      return all(access.certificates.list(paged));
    case 'mtls_hostname_settings':
      return all(access.certificates.settings.get({ account_id }));
    case 'organization':
      return client.zeroTrust.organizations.list({ account_id }).then((org) => [org]);
    case 'saml_certificate_set':
      return all(access.samlCertificates.list(paged));
    case 'idp_federation_grant':
      return access.IdPFederationGrants.list({ account_id });
    case 'gateway_ca':
      return all(access.gatewayCA.list({ account_id }));
    case 'short_lived_ca':
      return all(access.applications.cas.list(paged));
    case 'infrastructure_target':
      return all(access.infrastructure.targets.list(paged));
    case 'access_tag':
      return all(access.tags.list(paged));
    case 'custom_page':
      return all(access.customPages.list(paged));
    case 'bookmark':
      return all(access.bookmarks.list({ account_id }));
    case 'access_keys':
      return access.keys.get({ account_id }).then((keys) => [keys]);
    case 'mcp_server':
      return all(access.aiControls.mcp.servers.list(paged));
    case 'mcp_portal':
      return all(access.aiControls.mcp.portals.list(paged));
    case 'gateway_configuration':
      return client.zeroTrust.gateway.configurations.get({ account_id }).then((c) => [c]);
    case 'tunnel':
      return all(cloudflared.list({ ...paged, is_deleted: false }));
    case 'tunnel_configuration': {
      // One GET per remotely-managed tunnel.
      const tunnels = await all(cloudflared.list({ account_id, is_deleted: false }));
      const remote = tunnels.filter((t) => t.config_src === 'cloudflare');
      return Promise.all(remote.map((t) => cloudflared.configurations.get(t.id!, { account_id })));
    }
  }
}

/** What the list endpoint of `type` must return: the snapshot items without detail-only fields. */
function expectedList(type: ResourceType): Record<string, unknown>[] {
  const detail = RESOURCE_TYPE_SPECS[type].detailFields ?? [];
  return snapshot.resources[type].map((r) =>
    Object.fromEntries(Object.entries(r.data).filter(([k]) => !detail.includes(k))),
  );
}

describe('official SDK against the emulator (demo account)', () => {
  it.each(RESOURCE_TYPES.map((t) => [t]))('lists every %s item', async (type) => {
    emulator.resetStats();
    const items = await sdkList(type);
    expect(items).toEqual(expectedList(type));
    expect(items.length).toBeGreaterThan(0);
  });

  it.each(RESOURCE_TYPES.filter((t) => RESOURCE_TYPE_SPECS[t].paging === 'paged').map((t) => [t]))(
    'auto-paginates %s with per_page=1 across several pages',
    async (type) => {
      emulator.resetStats();
      const items = await sdkList(type, 1);
      expect(items).toEqual(expectedList(type));
      // The SDK stops on the first empty page: one request per item plus one.
      expect(emulator.stats.total).toBe(items.length + 1);
    },
  );

  it('reads custom_html through the per-item GET', async () => {
    for (const record of snapshot.resources.custom_page) {
      const page = await client.zeroTrust.access.customPages.get(record.key, { account_id });
      expect(page).toEqual(record.data);
      expect(page.custom_html).toBeTruthy();
    }
  });

  it('reads single applications and MCP servers by id', async () => {
    const app = snapshot.resources.access_application[0]!;
    expect(await client.zeroTrust.access.applications.get(app.key, { account_id })).toEqual(app.data);
    const server = snapshot.resources.mcp_server[0]!;
    expect(await client.zeroTrust.access.aiControls.mcp.servers.read(server.key, { account_id })).toEqual(server.data);
  });

  it('reads tunnels, and configurations by tunnel id; a locally-managed tunnel has none (404)', async () => {
    const cloudflared = client.zeroTrust.tunnels.cloudflared;
    for (const record of snapshot.resources.tunnel) {
      expect(await cloudflared.get(record.key, { account_id })).toEqual(record.data);
    }
    const configuration = snapshot.resources.tunnel_configuration[0]!;
    expect(await cloudflared.configurations.get(configuration.key, { account_id })).toEqual(configuration.data);
    const local = snapshot.resources.tunnel.find((r) => r.data['config_src'] === 'local')!;
    const missing = cloudflared.configurations.get(local.key, { account_id });
    await expect(missing).rejects.toBeInstanceOf(Cloudflare.NotFoundError);
  });

  it('reads the account as accounts.get does, and 404 for an account it does not serve', async () => {
    const account = await client.accounts.get({ account_id });
    expect(account).toMatchObject({ id: account_id, type: 'standard', settings: { enforce_twofactor: false } });
    expect(account.name).toEqual(expect.any(String));
    expect(Date.parse(account.created_on!)).not.toBeNaN();
    const other = client.accounts.get({ account_id: 'ffffffffffffffffffffffffffffffff' });
    await expect(other).rejects.toBeInstanceOf(Cloudflare.NotFoundError);
  });

  it('verifies the token as the SDK does', async () => {
    const verified = await client.user.tokens.verify();
    expect(verified.status).toBe('active');
  });

  it('surfaces emulator errors as the SDK error classes', async () => {
    emulator.setFaults({
      forbidden: ['service_token'],
      notFound: ['mcp_portal'],
      serverErrors: { access_group: { requests: 1 } },
      rateLimit: { requests: 1, types: ['access_tag'] },
    });
    try {
      await expect(sdkList('service_token')).rejects.toBeInstanceOf(Cloudflare.PermissionDeniedError);
      await expect(sdkList('mcp_portal')).rejects.toBeInstanceOf(Cloudflare.NotFoundError);
      await expect(sdkList('access_group')).rejects.toBeInstanceOf(Cloudflare.InternalServerError);
      await expect(sdkList('access_tag')).rejects.toBeInstanceOf(Cloudflare.RateLimitError);
      const wrong = new Cloudflare({ apiToken: 'wrong', baseURL: emulator.url, maxRetries: 0 });
      await expect(all(wrong.zeroTrust.access.applications.list({ account_id }))).rejects.toBeInstanceOf(
        Cloudflare.AuthenticationError,
      );
    } finally {
      emulator.setFaults({});
    }
  });
});
