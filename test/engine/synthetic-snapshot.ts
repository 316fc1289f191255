/** A deterministic synthetic snapshot (seeded), shaped like a real account, for evaluator tests. */
import { RESOURCE_TYPES, RESOURCE_TYPE_SPECS, type ResourceType } from '../../src/catalog/resource-types.js';
import {
  SNAPSHOT_FORMAT_VERSION,
  type CoverageEntry,
  type ResourceRecord,
  type Snapshot,
} from '../../src/snapshot/types.js';

export interface SyntheticSizes {
  apps: number;
  policies: number;
  groups: number;
  targets: number;
  idps?: number;
  tokens?: number;
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export function syntheticSnapshot(sizes: SyntheticSizes, seed = 1): Snapshot {
  const rand = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const account = 'f'.repeat(32);
  const resources = Object.fromEntries(RESOURCE_TYPES.map((t) => [t, [] as ResourceRecord[]])) as Record<
    ResourceType,
    ResourceRecord[]
  >;
  const add = (type: ResourceType, data: Record<string, unknown>) => {
    const keyField = RESOURCE_TYPE_SPECS[type].key;
    const key = keyField ? String(data[keyField]) : type;
    resources[type].push({ type, key, scope: { kind: 'account', id: account }, file: `${type}/${key}.json`, data });
  };
  const idps = Array.from({ length: sizes.idps ?? 6 }, (_, i) => ({
    id: `idp-${i}`,
    name: `IdP ${i}`,
    type: pick(['onetimepin', 'okta', 'saml', 'google', 'github', 'azureAD'] as const),
    config: { sign_request: rand() < 0.5, enable_encryption: rand() < 0.5, pkce_enabled: rand() < 0.5 },
  }));
  idps.forEach((d) => add('identity_provider', d));
  const ruleFor = (): Record<string, unknown> =>
    pick([
      { everyone: {} },
      { email: { email: 'a@example.com' } },
      { email_domain: { domain: pick(['example.com', 'gmail.com']) } },
      { ip: { ip: pick(['10.0.0.0/8', '0.0.0.0/0', '203.0.113.7/32']) } },
      { group: { id: `group-${Math.floor(rand() * sizes.groups)}` } },
      { login_method: { id: pick(idps).id } },
      { geo: { country_code: 'US' } },
      { any_valid_service_token: {} },
    ]);
  for (let i = 0; i < sizes.groups; i++) {
    add('access_group', {
      id: `group-${i}`,
      name: `Group ${i}`,
      include: [ruleFor()],
      exclude: [],
      require: rand() < 0.2 ? [ruleFor()] : [],
    });
  }
  const policies = Array.from({ length: sizes.policies }, (_, i) => ({
    id: `policy-${i}`,
    name: `Policy ${i}`,
    decision: pick(['allow', 'allow', 'deny', 'bypass', 'non_identity']),
    include: [ruleFor(), ...(rand() < 0.3 ? [ruleFor()] : [])],
    exclude: [],
    require: rand() < 0.3 ? [ruleFor()] : [],
    session_duration: pick(['24h', '30m', '168h', null]),
    reusable: true,
    app_count: Math.floor(rand() * 3),
    approval_required: rand() < 0.1,
    isolation_required: rand() < 0.1,
  }));
  policies.forEach((p) => add('access_policy', p));
  for (let i = 0; i < sizes.apps; i++) {
    const type = pick(['self_hosted', 'self_hosted', 'saas', 'ssh', 'rdp', 'bookmark', 'mcp', 'infrastructure']);
    add('access_application', {
      id: `app-${String(i).padStart(4, '0')}`,
      name: `App ${i}`,
      type,
      domain: `app${i}.example.com`,
      session_duration: pick(['24h', '30m', '168h', 'forever', undefined]),
      http_only_cookie_attribute: rand() < 0.8,
      options_preflight_bypass: rand() < 0.1,
      ...(rand() < 0.2
        ? { cors_headers: { allowed_origins: ['https://x.example.com'], allow_credentials: rand() < 0.5 } }
        : {}),
      allowed_idps: rand() < 0.5 ? [pick(idps).id] : [],
      policies: [
        policies[Math.floor(rand() * policies.length)],
        { id: `inline-${i}`, decision: 'allow', include: [ruleFor()], precedence: 2 },
      ],
      tags: rand() < 0.3 ? ['prod'] : [],
    });
  }
  for (let i = 0; i < sizes.targets; i++) {
    add('infrastructure_target', {
      id: `target-${i}`,
      hostname: `host-${i}`,
      ip: { ipv4: { ip_addr: `10.0.${i % 256}.${i % 250}` } },
    });
  }
  for (let i = 0; i < (sizes.tokens ?? 20); i++) {
    add('service_token', {
      id: `token-${i}`,
      name: `Token ${i}`,
      client_id: `cid-${i}.access`,
      duration: pick(['8760h', 'forever']),
      expires_at: pick(['2025-06-01T00:00:00Z', '2027-01-01T00:00:00Z']),
    });
  }
  for (let i = 0; i < 20; i++)
    add('mcp_portal', {
      id: `portal-${i}`,
      name: `Portal ${i}`,
      hostname: `mcp${i}.example.com`,
      secure_web_gateway: rand() < 0.5,
      servers: [{ server_id: `server-${i}`, on_behalf: rand() < 0.5 }],
    });
  for (let i = 0; i < 30; i++)
    add('mcp_server', {
      id: `server-${i}`,
      name: `Server ${i}`,
      hostname: `https://mcp${i}.example.net/mcp`,
      auth_type: pick(['oauth', 'bearer', 'unauthenticated']),
      secure_web_gateway: rand() < 0.5,
    });
  add('organization', { name: 'Example', auth_domain: 'example.cloudflareaccess.com', session_duration: '24h' });
  const coverage = Object.fromEntries(
    RESOURCE_TYPES.map((t) => [t, { status: 'ok', count: resources[t].length, requests: 1 } satisfies CoverageEntry]),
  ) as Record<ResourceType, CoverageEntry>;
  return {
    manifest: {
      format_version: SNAPSHOT_FORMAT_VERSION,
      tool: { name: 'cf-access-audit', version: 'test' },
      account_id: account,
      zone_ids: [],
      collected_at: '2026-01-15T00:00:00Z',
      base_url: 'http://127.0.0.1/client/v4',
      coverage,
      zone_coverage: {},
      requests: { total: 0, retries: 0, rate_limited: 0, server_errors: 0, timeouts: 0, bytes: 0, duration_ms: 0 },
    },
    resources,
  };
}
