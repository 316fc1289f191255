/**
 * A deterministic, realistic synthetic account of any size, for benchmarks and scale tests.
 * The same options always give the same snapshot (ids, names and values come from `seed`).
 */
import { makeResourceRecord } from '../snapshot/layout.js';
import { RESOURCE_TYPES, type ResourceType } from '../catalog/resource-types.js';
import { SNAPSHOT_FORMAT_VERSION, type CoverageEntry, type ResourceRecord, type Snapshot } from '../snapshot/types.js';
import { TOOL_NAME, TOOL_VERSION } from '../paths.js';
import { minimumRequests } from './minimum-requests.js';
import { generateTunnels } from './generate-tunnels.js';
import { stableHexId, stableUuid } from './stable-id.js';

export interface GenerateAccountOptions {
  apps?: number;
  policiesPerApp?: number;
  reusablePolicies?: number;
  groups?: number;
  idps?: number;
  serviceTokens?: number;
  targets?: number;
  mcpPortals?: number;
  mcpServers?: number;
  tunnels?: number;
  seed?: string;
}

/** Cloudflare's per-account limits: the largest account a scan meets. */
export const MAX_SIZE_ACCOUNT: Required<Omit<GenerateAccountOptions, 'seed'>> = {
  apps: 500,
  policiesPerApp: 3,
  reusablePolicies: 500,
  groups: 300,
  idps: 50,
  serviceTokens: 50,
  targets: 5000,
  mcpPortals: 20,
  mcpServers: 100,
  // Not the limit (1,000): each remotely-managed tunnel costs a configuration request, and 50 is already a large fleet.
  tunnels: 50,
};

const APP_TYPES = [
  'self_hosted',
  'saas',
  'ssh',
  'vnc',
  'rdp',
  'app_launcher',
  'warp',
  'biso',
  'bookmark',
  'dash_sso',
  'infrastructure',
  'mcp',
  'mcp_portal',
  'proxy_endpoint',
] as const;
const IDP_TYPES = [
  'okta',
  'azureAD',
  'saml',
  'oidc',
  'google-apps',
  'github',
  'onelogin',
  'pingone',
  'onetimepin',
] as const;
const TEAMS = [
  'platform',
  'payments',
  'data',
  'identity',
  'mobile',
  'growth',
  'security',
  'finance',
  'support',
  'research',
];
const SERVICES = [
  'wiki',
  'grafana',
  'jenkins',
  'kibana',
  'vault',
  'argo',
  'metabase',
  'airflow',
  'sentry',
  'jira',
  'admin',
  'billing',
];
const DURATIONS = ['4h', '8h', '12h', '24h', '24h', '24h', '168h', '720h'];

/** Small seeded PRNG (mulberry32): deterministic choices without global state. */
function random(seed: string): () => number {
  let state = parseInt(stableHexId(`prng/${seed}`).slice(0, 8), 16) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateAccount(options: GenerateAccountOptions = {}): Snapshot {
  const size = { ...MAX_SIZE_ACCOUNT, ...options };
  const seed = options.seed ?? 'cf-access-audit';
  const rand = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const id = (kind: string, n: number): string => stableUuid(`${seed}/${kind}/${n}`);
  const accountId = stableHexId(`${seed}/account`);
  const stamp = (n: number) => ({
    created_at: new Date(Date.UTC(2024, 0, 1) + n * 3_600_000).toISOString().replace('.000', ''),
    updated_at: new Date(Date.UTC(2025, 6, 1) + n * 60_000).toISOString().replace('.000', ''),
  });
  const items = Object.fromEntries(RESOURCE_TYPES.map((t) => [t, [] as Record<string, unknown>[]])) as Record<
    ResourceType,
    Record<string, unknown>[]
  >;

  const idpIds: string[] = [];
  for (let i = 0; i < size.idps; i += 1) {
    const type = i === 0 ? 'onetimepin' : pick(IDP_TYPES);
    const idpId = id('idp', i);
    idpIds.push(idpId);
    const config: Record<string, unknown> =
      type === 'onetimepin'
        ? {}
        : type === 'saml'
          ? {
              issuer_url: `https://idp${i}.example.com/saml`,
              sso_target_url: `https://idp${i}.example.com/sso`,
              idp_public_certs: ['MIIC…'],
              sign_request: rand() < 0.5,
            }
          : { client_id: stableHexId(`${seed}/idp-client/${i}`), client_secret: '[REDACTED]' };
    items.identity_provider.push({ id: idpId, name: `${type} ${pick(TEAMS)} ${i}`, type, config, ...stamp(i) });
  }

  const groupIds: string[] = [];
  for (let i = 0; i < size.groups; i += 1) {
    const groupId = id('group', i);
    groupIds.push(groupId);
    const include =
      rand() < 0.7 && idpIds.length > 1
        ? [{ okta: { name: `${pick(TEAMS)}-${i}`, identity_provider_id: pick(idpIds.slice(1)) } }]
        : [{ email_domain: { domain: `${pick(TEAMS)}.example.com` } }];
    items.access_group.push({
      id: groupId,
      name: `${pick(TEAMS)} team ${i}`,
      include,
      exclude: [],
      require: [],
      ...stamp(i),
    });
  }

  const policyBody = (n: number, kind: string) => {
    const decision = rand() < 0.9 ? 'allow' : pick(['deny', 'bypass', 'non_identity'] as const);
    const include =
      groupIds.length > 0 && rand() < 0.8
        ? [{ group: { id: pick(groupIds) } }]
        : rand() < 0.5
          ? [{ everyone: {} }]
          : [{ email_domain: { domain: 'example.com' } }];
    return {
      id: id(kind, n),
      name: `${pick(TEAMS)} ${decision} ${n}`,
      decision,
      include,
      exclude: [],
      require: rand() < 0.6 ? [{ auth_method: { auth_method: 'mfa' } }] : [],
      session_duration: pick(DURATIONS),
      approval_required: false,
      isolation_required: false,
      purpose_justification_required: false,
      ...stamp(n),
    };
  };
  for (let i = 0; i < size.reusablePolicies; i += 1) {
    items.access_policy.push({
      ...policyBody(i, 'policy'),
      account_id: accountId,
      app_count: Math.floor(rand() * 4),
      reusable: true,
    });
  }

  for (let i = 0; i < size.apps; i += 1) {
    const type = APP_TYPES[i % APP_TYPES.length] ?? 'self_hosted';
    const service = `${pick(SERVICES)}-${i}`;
    const domain = `${service}.${pick(TEAMS)}.example.com`;
    const policies = Array.from({ length: size.policiesPerApp }, (_, p) => ({
      ...policyBody(i * 100 + p, 'app-policy'),
      precedence: p + 1,
    }));
    const app: Record<string, unknown> = {
      id: id('app', i),
      aud: stableHexId(`${seed}/aud/${i}`) + stableHexId(`${seed}/aud2/${i}`),
      name: `${service} (${type})`,
      type,
    };
    if (type === 'saas') {
      app['saas_app'] =
        rand() < 0.5
          ? {
              auth_type: 'saml',
              sp_entity_id: `https://${domain}/saml`,
              consumer_service_url: `https://${domain}/saml/acs`,
              name_id_format: 'email',
            }
          : {
              auth_type: 'oidc',
              client_id: stableHexId(`${seed}/oidc/${i}`),
              client_secret: '[REDACTED]',
              grant_types: ['authorization_code'],
              redirect_uris: [`https://${domain}/callback`],
              scopes: ['openid', 'email'],
            };
    } else if (type === 'infrastructure') {
      app['target_criteria'] = [{ port: 22, protocol: 'SSH', target_attributes: { hostname: [`host-${i}`] } }];
    } else {
      app['domain'] = domain;
      app['session_duration'] = pick(DURATIONS);
      app['http_only_cookie_attribute'] = rand() < 0.9;
      app['same_site_cookie_attribute'] = pick(['lax', 'strict', 'none']);
      if (idpIds.length > 0) app['allowed_idps'] = [pick(idpIds)];
    }
    app['policies'] =
      type === 'infrastructure'
        ? policies.map(({ precedence: _precedence, ...rest }) => ({
            ...rest,
            decision: 'allow',
            connection_rules: { ssh: { usernames: ['deploy'] } },
          }))
        : policies;
    Object.assign(app, stamp(i));
    items.access_application.push(app);
  }

  for (let i = 0; i < size.serviceTokens; i += 1) {
    const forever = rand() < 0.1;
    items.service_token.push({
      id: id('token', i),
      name: `${pick(SERVICES)} automation ${i}`,
      client_id: `${stableHexId(`${seed}/token/${i}`)}.access`,
      duration: forever ? 'forever' : '8760h',
      ...(forever ? {} : { expires_at: '2027-07-01T00:00:00Z' }),
      enabled: true,
      ...stamp(i),
    });
  }

  for (let i = 0; i < size.targets; i += 1) {
    const octets = [10, (i >> 16) & 255, (i >> 8) & 255, i & 255].join('.');
    items.infrastructure_target.push({
      id: id('target', i),
      hostname: `host-${i}`,
      created_at: stamp(i).created_at,
      modified_at: stamp(i).updated_at,
      ip: { ipv4: { ip_addr: octets, virtual_network_id: id('vnet', 0) } },
      tags: { env: pick(['production', 'staging', 'dev']), team: pick(TEAMS) },
    });
  }

  const servers: Record<string, unknown>[] = [];
  for (let i = 0; i < size.mcpServers; i += 1) {
    const server = {
      id: id('mcp-server', i),
      name: `${pick(SERVICES)} MCP ${i}`,
      hostname: `https://mcp-${i}.${pick(TEAMS)}.example.com/mcp`,
      auth_type: pick(['oauth', 'oauth', 'bearer', 'unauthenticated'] as const),
      status: 'ready',
      secure_web_gateway: rand() < 0.7,
      tools: [{ name: 'search' }, { name: 'read' }],
      prompts: [],
      created_at: stamp(i).created_at,
      modified_at: stamp(i).updated_at,
    };
    servers.push(server);
    items.mcp_server.push(server);
  }
  for (let i = 0; i < size.mcpPortals; i += 1) {
    const members =
      servers.length === 0
        ? []
        : Array.from({ length: Math.min(10, servers.length) }, (_, k) => servers[(i * 5 + k) % servers.length]!);
    items.mcp_portal.push({
      id: id('mcp-portal', i),
      name: `${pick(TEAMS)} AI portal ${i}`,
      hostname: `mcp-portal-${i}.example.com`,
      secure_web_gateway: rand() < 0.7,
      code_mode: 'off',
      servers: members.map((s) => ({
        ...s,
        server_id: s['id'],
        on_behalf: rand() < 0.8,
        default_disabled: rand() < 0.5,
      })),
      created_at: stamp(i).created_at,
      modified_at: stamp(i).updated_at,
    });
  }

  // One of every other type.
  items.mtls_certificate.push({
    id: id('mtls', 0),
    name: 'Device CA',
    fingerprint: 'MD5 Fingerprint=00:11:22:33',
    expires_on: '2030-01-01T00:00:00Z',
    associated_hostnames: ['app.example.com'],
    ...stamp(0),
  });
  items.mtls_hostname_settings.push({
    hostname: 'app.example.com',
    china_network: false,
    client_certificate_forwarding: false,
  });
  items.organization.push({
    name: `Account ${seed}`,
    auth_domain: `${seed.replace(/[^a-z0-9]/gi, '').toLowerCase() || 'demo'}.cloudflareaccess.com`,
    session_duration: '24h',
    deny_unmatched_requests: true,
    strict_service_token_auth: true,
  });
  items.saml_certificate_set.push({
    uid: id('saml-set', 0),
    ...stamp(0),
    current_certificate: {
      uid: id('saml-cert', 0),
      is_current: true,
      not_after: '2030-01-01T00:00:00Z',
      public_certificate: '-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----\n',
    },
    previous_certificate: null,
  });
  if (idpIds[0]) items.idp_federation_grant.push({ id: id('federation', 0), idp_id: idpIds[0] });
  items.gateway_ca.push({
    id: id('gateway-ca', 0),
    public_key: 'ecdsa-sha2-nistp256 AAAA… open-ssh-ca@cloudflareaccess.org',
  });
  items.short_lived_ca.push({
    id: id('short-lived-ca', 0),
    aud: stableHexId(`${seed}/aud/0`),
    public_key: 'ecdsa-sha2-nistp256 AAAA… open-ssh-ca@cloudflareaccess.org',
  });
  items.access_tag.push({ name: 'production', app_count: 0, ...stamp(0) });
  items.custom_page.push({
    uid: id('page', 0),
    name: 'Access denied',
    type: 'forbidden',
    contract_version: 2,
    custom_html: '<html><body>Denied</body></html>',
  });
  items.bookmark.push({
    id: id('bookmark', 0),
    name: 'Handbook',
    domain: 'https://handbook.example.com',
    app_launcher_visible: true,
    ...stamp(0),
  });
  items.access_keys.push({
    key_rotation_interval_days: 30,
    last_key_rotation_at: '2025-06-01T00:00:00Z',
    days_until_next_rotation: 10,
  });
  items.gateway_configuration.push({
    ...stamp(0),
    settings: { tls_decrypt: { enabled: true }, activity_log: { enabled: true } },
  });

  const teamName = String(items.organization[0]?.['auth_domain']).split('.')[0] ?? '';
  const fleet = generateTunnels(size.tunnels, {
    accountId,
    applications: items.access_application,
    teamName,
    rand,
    pick,
    id,
    stamp,
    teams: TEAMS,
    services: SERVICES,
  });
  items.tunnel.push(...fleet.tunnels);
  items.tunnel_configuration.push(...fleet.configurations);

  return assemble(accountId, items);
}

function assemble(accountId: string, items: Record<ResourceType, Record<string, unknown>[]>): Snapshot {
  const scope = { kind: 'account', id: accountId } as const;
  const resources = {} as Snapshot['resources'];
  const coverage = {} as Record<ResourceType, CoverageEntry>;
  for (const type of RESOURCE_TYPES) {
    const records: ResourceRecord[] = items[type].map((item) => makeResourceRecord(type, scope, item));
    records.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    resources[type] = records;
    coverage[type] = { status: 'ok', count: records.length, requests: minimumRequests(type, records.length) };
  }
  const total = RESOURCE_TYPES.reduce((sum, type) => sum + coverage[type].requests, 0);
  return {
    manifest: {
      format_version: SNAPSHOT_FORMAT_VERSION,
      tool: { name: TOOL_NAME, version: TOOL_VERSION },
      account_id: accountId,
      zone_ids: [],
      collected_at: '2026-01-01T00:00:00.000Z',
      base_url: 'https://api.cloudflare.com/client/v4',
      coverage,
      zone_coverage: {},
      requests: { total, retries: 0, rate_limited: 0, server_errors: 0, timeouts: 0, bytes: 0, duration_ms: 0 },
    },
    resources,
  };
}
