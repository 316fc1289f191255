/**
 * The baseline of the collect benchmark: what a user's own script does with the official SDK (`cloudflare`).
 * Each type is listed with `for await` at its largest page size, one request after another, and each
 * resource is written to its own file (`OUT/<type>/<n>.json`). Custom pages and remotely-managed tunnels'
 * configurations are read one by one, as the collector reads them, so both end with the same data.
 * Usage: `node sdk-script.mjs BASE_URL TOKEN ACCOUNT_ID OUT_DIR`; prints `{"items": N}`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Cloudflare from 'cloudflare';
// Plain JavaScript, as a user's script is (no TypeScript loader to start); the catalog comes from the build.
import { RESOURCE_TYPE_SPECS, RESOURCE_TYPES } from '../../dist/catalog/resource-types.js';

/** Type → a function listing it (an async iterable, or a promise of one object). */
function listers(client) {
  const access = client.zeroTrust.access;
  const cloudflared = client.zeroTrust.tunnels.cloudflared;
  const one = async function* (value) {
    yield await value;
  };
  return {
    access_application: (q) => access.applications.list(q),
    access_policy: (q) => access.policies.list(q),
    access_group: (q) => access.groups.list(q),
    identity_provider: (q) => client.zeroTrust.identityProviders.list(q),
    service_token: (q) => access.serviceTokens.list(q),
    mtls_certificate: (q) => access.certificates.list(q),
    mtls_hostname_settings: (q) => access.certificates.settings.get(q),
    organization: (q) => one(client.zeroTrust.organizations.list(q)),
    saml_certificate_set: (q) => access.samlCertificates.list(q),
    idp_federation_grant: async function* (q) {
      yield* await access.IdPFederationGrants.list(q);
    },
    gateway_ca: (q) => access.gatewayCA.list(q),
    short_lived_ca: (q) => access.applications.cas.list(q),
    infrastructure_target: (q) => access.infrastructure.targets.list(q),
    access_tag: (q) => access.tags.list(q),
    custom_page: async function* (q) {
      for await (const page of access.customPages.list(q)) yield await access.customPages.get(page.uid, q);
    },
    bookmark: (q) => access.bookmarks.list(q),
    access_keys: (q) => one(access.keys.get(q)),
    mcp_server: (q) => access.aiControls.mcp.servers.list(q),
    mcp_portal: (q) => access.aiControls.mcp.portals.list(q),
    gateway_configuration: (q) => one(client.zeroTrust.gateway.configurations.get(q)),
    tunnel: (q) => cloudflared.list({ ...q, is_deleted: false }),
    tunnel_configuration: async function* (q) {
      for await (const t of cloudflared.list({ ...q, is_deleted: false })) {
        if (t.config_src === 'cloudflare' || (!t.config_src && t.remote_config)) {
          yield await cloudflared.configurations.get(t.id, q);
        }
      }
    },
  };
}

async function main(baseURL, token, accountId, out) {
  const client = new Cloudflare({ apiToken: token, baseURL });
  const lists = listers(client);
  let items = 0;
  for (const type of RESOURCE_TYPES) {
    const spec = RESOURCE_TYPE_SPECS[type];
    const query = {
      account_id: accountId,
      ...(spec.paging === 'paged' && spec.maxPerPage ? { per_page: spec.maxPerPage } : {}),
    };
    const folder = path.join(out, type);
    await mkdir(folder, { recursive: true });
    let n = 0;
    const listed = lists[type](query);
    const iterable = Symbol.asyncIterator in listed ? listed : [await listed];
    for await (const item of iterable) {
      await writeFile(path.join(folder, `${n++}.json`), `${JSON.stringify(item, null, 2)}\n`);
    }
    items += n;
  }
  console.log(JSON.stringify({ items }));
}

const [baseUrl, token, accountId, out] = process.argv.slice(2);
if (!baseUrl || !token || !accountId || !out) {
  console.error('usage: sdk-script.mjs BASE_URL TOKEN ACCOUNT_ID OUT_DIR');
  process.exitCode = 2;
} else {
  main(baseUrl, token, accountId, out).catch((error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  });
}
