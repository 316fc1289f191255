import { redactSecrets } from '../../src/collectors/secret-fields.js';
import { makeResourceRecord } from '../../src/snapshot/layout.js';
import { RESOURCE_TYPES, type ResourceType } from '../../src/catalog/resource-types.js';
import type { CoverageEntry, ResourceRecord, ScopeRef, Snapshot, SnapshotManifest } from '../../src/snapshot/types.js';

export const ACCOUNT_ID = '0123456789abcdef0123456789abcdef';
export const ZONE_ID = 'fedcba9876543210fedcba9876543210';

/** Secret values the API should never return but the fixture does, to prove they are redacted. */
export const RAW_SECRETS = [
  'scim-basic-password-value',
  'scim-bearer-token-value',
  'scim-oauth-client-secret-value',
  'saas-oidc-client-secret-value',
  'idp-client-secret-value',
  'idp-scim-secret-value',
  'service-token-client-secret-value',
  'mcp-auth-credentials-value',
  'mcp-client-secret-value',
  'tunnel-token-value',
  'tunnel-credentials-secret-value',
];

type Data = Record<string, unknown>;

const ACCOUNT_ITEMS: Record<ResourceType, Data[]> = {
  access_application: [
    {
      id: 'app-saas',
      name: 'Payroll',
      type: 'saas',
      saas_app: { auth_type: 'oidc', client_id: 'payroll', client_secret: 'saas-oidc-client-secret-value' },
      scim_config: {
        enabled: true,
        authentication: [
          { scheme: 'httpbasic', user: 'scim', password: 'scim-basic-password-value' },
          { scheme: 'oauthbearertoken', token: 'scim-bearer-token-value' },
          { scheme: 'oauth2', client_id: 'scim', client_secret: 'scim-oauth-client-secret-value' },
        ],
      },
      policies: [
        {
          id: 'pol-inline',
          name: 'Staff',
          decision: 'allow',
          include: [{ email_domain: { domain: 'example.com' } }],
          precedence: 1,
        },
      ],
    },
    {
      id: 'app-wiki',
      name: 'Wiki',
      type: 'self_hosted',
      domain: 'wiki.example.com',
      session_duration: '720h',
      http_only_cookie_attribute: false,
      policies: [{ id: 'pol-reusable', precedence: 1 }],
    },
  ],
  access_policy: [
    { id: 'pol-reusable', name: 'Everyone', decision: 'allow', include: [{ everyone: {} }], reusable: true },
  ],
  access_group: [
    { id: 'grp-1', name: 'Admins', include: [{ email: { email: 'admin@example.com' } }], exclude: [], require: [] },
  ],
  identity_provider: [
    {
      id: 'idp-1',
      name: 'Okta',
      type: 'okta',
      config: {
        client_id: 'okta-client',
        client_secret: 'idp-client-secret-value',
        okta_account: 'https://x.okta.com',
      },
      scim_config: { enabled: true, secret: 'idp-scim-secret-value' },
    },
  ],
  service_token: [
    {
      id: 'st-1',
      name: 'CI',
      client_id: 'abc.access',
      client_secret: 'service-token-client-secret-value',
      duration: 'forever',
    },
  ],
  mtls_certificate: [
    { id: 'cert-1', name: 'Root', fingerprint: 'MD5 Fingerprint=00', associated_hostnames: ['a.example.com'] },
  ],
  mtls_hostname_settings: [{ hostname: 'a.example.com', china_network: false, client_certificate_forwarding: true }],
  organization: [{ name: 'Example', auth_domain: 'example.cloudflareaccess.com', session_duration: '24h' }],
  saml_certificate_set: [
    { uid: 'saml-1', current_certificate: { uid: 'c1', is_current: true, not_after: '2030-01-01T00:00:00Z' } },
  ],
  idp_federation_grant: [{ id: 'grant-1', idp_id: 'idp-1' }],
  gateway_ca: [{ id: 'gca-1', public_key: 'ecdsa-sha2-nistp256 AAAA' }],
  short_lived_ca: [{ id: 'ca-1', aud: 'aud-1', public_key: 'ecdsa-sha2-nistp256 BBBB' }],
  infrastructure_target: [{ id: 'tgt-1', hostname: 'db-1', ip: { ipv4: { ip_addr: '10.0.0.1' } } }],
  access_tag: [{ name: 'prod', app_count: 1 }],
  custom_page: [{ uid: 'page-1', name: 'Denied', type: 'forbidden', custom_html: '<h1>No</h1>', app_count: 0 }],
  bookmark: [{ id: 'bm-1', name: 'Docs', domain: 'docs.example.com', app_launcher_visible: true }],
  access_keys: [
    { key_rotation_interval_days: 30, last_key_rotation_at: '2025-01-01T00:00:00Z', days_until_next_rotation: 10 },
  ],
  mcp_server: [
    {
      id: 'mcp-1',
      name: 'Tools',
      hostname: 'tools.example.com',
      auth_type: 'bearer',
      secure_web_gateway: false,
      auth_credentials: 'mcp-auth-credentials-value',
      client_secret: 'mcp-client-secret-value',
    },
  ],
  mcp_portal: [
    {
      id: 'portal-1',
      name: 'Portal',
      hostname: 'mcp.example.com',
      servers: [{ id: 'mcp-1' }],
      secure_web_gateway: false,
    },
  ],
  gateway_configuration: [{ settings: { tls_decrypt: { enabled: true } }, created_at: '2024-01-01T00:00:00Z' }],
  tunnel: [
    {
      id: 'tun-remote',
      name: 'prod',
      config_src: 'cloudflare',
      remote_config: true,
      status: 'healthy',
      token: 'tunnel-token-value',
      credentials_file: { TunnelSecret: 'tunnel-credentials-secret-value' },
    },
    { id: 'tun-local', name: 'legacy', config_src: 'local', remote_config: false, status: 'down', deleted_at: null },
  ],
  tunnel_configuration: [
    {
      tunnel_id: 'tun-remote',
      version: 3,
      source: 'cloudflare',
      config: {
        ingress: [{ hostname: 'open.example.com', service: 'http://localhost:3000' }, { service: 'http_status:404' }],
      },
    },
  ],
};

const ZONE_ITEMS: Partial<Record<ResourceType, Data[]>> = {
  access_application: [{ id: 'zapp-1', name: 'Zone app', type: 'self_hosted', domain: 'z.example.com', policies: [] }],
  organization: [{ name: 'Zone org', auth_domain: 'z.cloudflareaccess.com' }],
};

export interface FixtureOptions {
  /** Replace the secret values by `[REDACTED]`, as a collected snapshot holds them. */
  redacted?: boolean;
  /** Extra items per type (account scope), e.g. to span several pages. */
  extra?: Partial<Record<ResourceType, Data[]>>;
  /** Coverage to record instead of `ok` (the emulator answers those types as the API did). */
  coverage?: Partial<Record<ResourceType, CoverageEntry>>;
}

/** An in-memory snapshot with items of every type, secrets, one zone, and custom_html only per item. */
export function fixtureSnapshot(options: FixtureOptions = {}): Snapshot {
  const account: ScopeRef = { kind: 'account', id: ACCOUNT_ID };
  const zone: ScopeRef = { kind: 'zone', id: ZONE_ID };
  const resources = Object.fromEntries(RESOURCE_TYPES.map((t) => [t, [] as ResourceRecord[]])) as Snapshot['resources'];
  const prepare = (type: ResourceType, data: Data): Data => (options.redacted ? redactSecrets(type, data) : data);
  const coverage = {} as Record<ResourceType, CoverageEntry>;
  for (const type of RESOURCE_TYPES) {
    const items = [...ACCOUNT_ITEMS[type], ...(options.extra?.[type] ?? [])];
    const recorded = options.coverage?.[type];
    if (!recorded || recorded.count > 0) {
      for (const item of items) resources[type].push(makeResourceRecord(type, account, prepare(type, item)));
    }
    coverage[type] = recorded ?? { status: 'ok', count: items.length, requests: 1 };
    for (const item of ZONE_ITEMS[type] ?? [])
      resources[type].push(makeResourceRecord(type, zone, prepare(type, item)));
  }
  for (const type of RESOURCE_TYPES) resources[type].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const zoneCoverage: SnapshotManifest['zone_coverage'] = { [ZONE_ID]: {} };
  for (const type of [
    'access_application',
    'access_group',
    'identity_provider',
    'service_token',
    'mtls_certificate',
    'mtls_hostname_settings',
    'organization',
    'short_lived_ca',
  ] as const) {
    zoneCoverage[ZONE_ID]![type] = { status: 'ok', count: ZONE_ITEMS[type]?.length ?? 0, requests: 1 };
  }
  const manifest: SnapshotManifest = {
    format_version: 1,
    tool: { name: 'cf-access-audit', version: '0.1.0' },
    account_id: ACCOUNT_ID,
    zone_ids: [ZONE_ID],
    collected_at: '2025-01-01T00:00:00.000Z',
    base_url: 'https://api.cloudflare.com/client/v4',
    coverage,
    zone_coverage: zoneCoverage,
    requests: { total: 0, retries: 0, rate_limited: 0, server_errors: 0, timeouts: 0, bytes: 0, duration_ms: 0 },
  };
  return { manifest, resources };
}

/** All records of a snapshot, sorted by file. */
export function allRecords(snapshot: Snapshot): ResourceRecord[] {
  return RESOURCE_TYPES.flatMap((t) => snapshot.resources[t]).sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : 0,
  );
}
