/**
 * The demo account: a realistic Zero Trust Access configuration of the fictional "Northwind Labs",
 * with a deliberate mix of well-configured and misconfigured resources.
 *
 * Every object is checked by the compiler against the official SDK's response types (`satisfies`).
 * `npx tsx scripts/build-demo-account.ts` writes the snapshot folder beside this file, plus planted.yaml
 * (the misconfigurations planted here, by catalog id, and the resources that must stay clean).
 */
import type { ApplicationListResponse } from 'cloudflare/resources/zero-trust/access/applications/applications';
import type { CA } from 'cloudflare/resources/zero-trust/access/applications/cas';
import type { Bookmark } from 'cloudflare/resources/zero-trust/access/bookmarks';
import type { Certificate } from 'cloudflare/resources/zero-trust/access/certificates/certificates';
import type { CertificateSettings } from 'cloudflare/resources/zero-trust/access/certificates/settings';
import type { CustomPage } from 'cloudflare/resources/zero-trust/access/custom-pages';
import type { GatewayCAListResponse } from 'cloudflare/resources/zero-trust/access/gateway-ca';
import type { GroupListResponse } from 'cloudflare/resources/zero-trust/access/groups';
import type { IdPFederationGrant } from 'cloudflare/resources/zero-trust/access/idp-federation-grants';
import type { TargetListResponse } from 'cloudflare/resources/zero-trust/access/infrastructure/targets';
import type { KeyGetResponse } from 'cloudflare/resources/zero-trust/access/keys';
import type { PolicyListResponse } from 'cloudflare/resources/zero-trust/access/policies';
import type { SAMLCertificateListResponse } from 'cloudflare/resources/zero-trust/access/saml-certificates';
import type { ServiceToken } from 'cloudflare/resources/zero-trust/access/service-tokens';
import type { Tag } from 'cloudflare/resources/zero-trust/access/tags';
import type { PortalListResponse } from 'cloudflare/resources/zero-trust/access/ai-controls/mcp/portals';
import type { ServerListResponse } from 'cloudflare/resources/zero-trust/access/ai-controls/mcp/servers';
import type { ConfigurationGetResponse } from 'cloudflare/resources/zero-trust/gateway/configurations/configurations';
import type { CloudflareTunnel } from 'cloudflare/resources/shared';
import type { ConfigurationGetResponse as TunnelConfigurationGetResponse } from 'cloudflare/resources/zero-trust/tunnels/cloudflared/configurations';
import type { IdentityProviderListResponse } from 'cloudflare/resources/zero-trust/identity-providers/identity-providers';
import type { OrganizationListResponse } from 'cloudflare/resources/zero-trust/organizations/organizations';
import { stableUuid } from '../../src/emulator/stable-id.js';
import type { ResourceType } from '../../src/catalog/resource-types.js';

export const DEMO_ACCOUNT_ID = '0123456789abcdef0123456789abcdef';
export const DEMO_COLLECTED_AT = '2026-11-02T06:00:00.000Z';
export const DEMO_BASE_URL = 'https://api.cloudflare.com/client/v4';

/*
 * Fields the API returns that the SDK 7.3.0 response types omit (see schemas/fields/supplement.yaml):
 * applications, groups, IdPs, service tokens, certificates and tags carry created_at/updated_at;
 * service tokens also last_seen_at; tags app_count; bookmarks created_at/updated_at.
 */
interface Timestamps {
  created_at: string;
  updated_at: string;
}
type Application = ApplicationListResponse & Timestamps;
type Group = GroupListResponse & Timestamps;
type IdentityProvider = IdentityProviderListResponse & Timestamps;
type Token = ServiceToken & Timestamps & { last_seen_at?: string };
type MtlsCertificate = Certificate & Timestamps;
type AccessTag = Tag & Timestamps & { app_count: number };
type LegacyBookmark = Bookmark & Timestamps;
type ApplicationCA = CA;
type AppPolicy = ApplicationListResponse.SelfHostedApplication.Policy & Timestamps;

const id = (name: string): string => stableUuid(`demo-account/${name}`);
const CREATED = '2025-03-14T09:26:53Z';
const UPDATED = '2026-10-21T16:04:11Z';
const stamps: Timestamps = { created_at: CREATED, updated_at: UPDATED };

// ---------------------------------------------------------------- identity providers
export const IDP = {
  okta: id('idp/okta'),
  otp: id('idp/otp'),
  adfs: id('idp/adfs'),
  github: id('idp/github'),
  entra: id('idp/entra'),
};

export const identityProviders = [
  {
    id: IDP.okta,
    name: 'Okta Workforce',
    type: 'okta',
    config: {
      client_id: '0oa7k2x9q1NorthwindProd',
      client_secret: '[REDACTED]',
      okta_account: 'https://northwind.okta.com',
      claims: ['groups'],
      email_claim_name: 'email',
      authorization_server_id: 'default',
    },
    scim_config: {
      enabled: true,
      identity_update_behavior: 'automatic',
      scim_base_url: `https://northwind.cloudflareaccess.com/populations/${IDP.okta}/scim/v2`,
      seat_deprovision: true,
      secret: '[REDACTED]',
      user_deprovision: true,
    },
    ...stamps,
  },
  { id: IDP.otp, name: 'One-time PIN', type: 'onetimepin', config: {}, ...stamps },
  {
    id: IDP.adfs,
    name: 'Legacy ADFS (SAML)',
    type: 'saml',
    config: {
      issuer_url: 'https://adfs.northwind.example/adfs/services/trust',
      sso_target_url: 'https://adfs.northwind.example/adfs/ls/',
      idp_public_certs: [],
      sign_request: false,
      email_attribute_name: 'email',
      attributes: ['group'],
    },
    ...stamps,
  },
  {
    id: IDP.github,
    name: 'GitHub',
    type: 'github',
    config: { client_id: 'Iv1.8a61f9b3a7aba766', client_secret: '[REDACTED]' },
    ...stamps,
  },
  {
    id: IDP.entra,
    name: 'Microsoft Entra ID',
    type: 'azureAD',
    config: {
      client_id: 'b5c2e8f4-1d3a-4e6b-9c7d-2f1a0e9b8c7d',
      client_secret: '[REDACTED]',
      directory_id: 'c0ffee00-4b1d-4a5e-9f00-5eed5eed5eed',
      support_groups: true,
      conditional_access_enabled: true,
    },
    scim_config: {
      enabled: true,
      identity_update_behavior: 'reauth',
      seat_deprovision: true,
      secret: '[REDACTED]',
      user_deprovision: false,
    },
    ...stamps,
  },
] satisfies IdentityProvider[];

// ---------------------------------------------------------------- groups
export const GROUP = {
  engineering: id('group/engineering'),
  sre: id('group/sre'),
  contractors: id('group/contractors'),
  everyone: id('group/everyone-legacy'),
  finance: id('group/finance'),
  missing: id('group/deleted-in-2025'),
  partners: id('group/partner-logins'),
};

export const groups = [
  {
    id: GROUP.engineering,
    name: 'Engineering',
    include: [{ okta: { name: 'engineering', identity_provider_id: IDP.okta } }],
    exclude: [],
    require: [],
    ...stamps,
  },
  {
    id: GROUP.sre,
    name: 'SRE On-call',
    include: [{ email: { email: 'oncall@northwind.example' } }, { group: { id: GROUP.engineering } }],
    exclude: [],
    require: [{ auth_method: { auth_method: 'mfa' } }],
    ...stamps,
  },
  {
    id: GROUP.contractors,
    name: 'Contractors (personal mail)',
    include: [{ email_domain: { domain: 'gmail.com' } }],
    exclude: [],
    require: [],
    ...stamps,
  },
  { id: GROUP.everyone, name: 'Everyone (legacy)', include: [{ everyone: {} }], exclude: [], require: [], ...stamps },
  {
    id: GROUP.finance,
    name: 'Finance',
    include: [{ group: { id: GROUP.missing } }],
    exclude: [],
    require: [],
    ...stamps,
  },
  // Reach chain: reusable policy 'Partners' → this group → login method GitHub, with no organization rule.
  {
    id: GROUP.partners,
    name: 'Partner logins',
    include: [{ login_method: { id: IDP.github } }],
    exclude: [],
    require: [],
    ...stamps,
  },
] satisfies Group[];

// ---------------------------------------------------------------- reusable policies
export const POLICY = {
  employees: id('policy/employees'),
  allowEveryone: id('policy/allow-everyone'),
  otpAll: id('policy/otp-all'),
  bypassEveryone: id('policy/bypass-everyone'),
  statusHealthChecks: id('policy/status-health-checks-app-scoped'),
  officeIp: id('policy/office-network'),
  gmail: id('policy/gmail'),
  sre: id('policy/sre'),
  partners: id('policy/partners'),
};

const employeesPolicy = {
  id: POLICY.employees,
  name: 'Employees via Okta with MFA',
  decision: 'allow',
  include: [{ group: { id: GROUP.engineering } }],
  exclude: [],
  require: [{ auth_method: { auth_method: 'mfa' } }],
  session_duration: '8h',
  approval_required: false,
  isolation_required: false,
  purpose_justification_required: false,
  ...stamps,
} satisfies AppPolicy;
const sreOnlyPolicy = {
  id: POLICY.sre,
  name: 'SRE on-call only',
  decision: 'allow',
  include: [{ group: { id: GROUP.sre } }],
  exclude: [],
  require: [{ auth_method: { auth_method: 'mfa' } }],
  session_duration: '4h',
  approval_required: false,
  isolation_required: false,
  purpose_justification_required: false,
  ...stamps,
} satisfies AppPolicy;

export const reusablePolicies = [
  { ...employeesPolicy, account_id: DEMO_ACCOUNT_ID, app_count: 4, reusable: true },
  { ...sreOnlyPolicy, account_id: DEMO_ACCOUNT_ID, app_count: 2, reusable: true },
  {
    id: POLICY.allowEveryone,
    name: 'Allow everyone (temporary)',
    decision: 'allow',
    include: [{ everyone: {} }],
    exclude: [],
    require: [],
    session_duration: '24h',
    account_id: DEMO_ACCOUNT_ID,
    app_count: 1,
    reusable: true,
    ...stamps,
  },
  {
    id: POLICY.otpAll,
    name: 'Any email via one-time PIN',
    decision: 'allow',
    include: [{ login_method: { id: IDP.otp } }],
    exclude: [],
    require: [],
    session_duration: '24h',
    account_id: DEMO_ACCOUNT_ID,
    app_count: 1,
    reusable: true,
    ...stamps,
  },
  {
    id: POLICY.bypassEveryone,
    name: 'Public health checks',
    decision: 'bypass',
    include: [{ everyone: {} }],
    exclude: [],
    require: [],
    session_duration: '24h',
    account_id: DEMO_ACCOUNT_ID,
    app_count: 1,
    reusable: true,
    ...stamps,
  },
  {
    id: POLICY.officeIp,
    name: 'Office network',
    decision: 'allow',
    include: [{ ip: { ip: '0.0.0.0/0' } }],
    exclude: [],
    require: [],
    session_duration: '24h',
    account_id: DEMO_ACCOUNT_ID,
    app_count: 0,
    reusable: true,
    ...stamps,
  },
  {
    id: POLICY.partners,
    name: 'Partners',
    decision: 'allow',
    include: [{ group: { id: GROUP.partners } }],
    exclude: [],
    require: [],
    session_duration: '8h',
    account_id: DEMO_ACCOUNT_ID,
    app_count: 1,
    reusable: true,
    ...stamps,
  },
  {
    id: POLICY.gmail,
    name: 'Freelancers',
    decision: 'allow',
    include: [{ email_domain: { domain: 'gmail.com' } }],
    exclude: [],
    require: [],
    session_duration: '24h',
    account_id: DEMO_ACCOUNT_ID,
    app_count: 0,
    reusable: true,
    ...stamps,
  },
] satisfies (PolicyListResponse & Timestamps)[];

// ---------------------------------------------------------------- applications
export const TOKEN_ID = {
  ci: id('token/ci-deploy'),
  monitoring: id('token/legacy-monitoring'),
  backup: id('token/backup-job'),
};

export const APP = {
  wiki: id('app/internal-wiki'),
  grafana: id('app/grafana'),
  hr: id('app/hr-portal'),
  status: id('app/status'),
  payroll: id('app/payroll-saml'),
  expenses: id('app/expenses-oidc'),
  bastion: id('app/bastion-ssh'),
  vnc: id('app/lab-vnc'),
  rdp: id('app/finance-rdp'),
  launcher: id('app/launcher'),
  warp: id('app/warp'),
  biso: id('app/biso'),
  bookmark: id('app/bookmark'),
  dash: id('app/dash-sso'),
  infra: id('app/infra'),
  mcp: id('app/mcp'),
  mcpPortal: id('app/mcp-portal'),
  proxy: id('app/proxy-endpoint'),
  partners: id('app/partner-portal'),
  ci: id('app/ci-dashboard'),
  finance: id('app/finance-reports'),
  wikiUploads: id('app/wiki-uploads'),
  vendorShare: id('app/vendor-share'),
  metrics: id('app/metrics-ingest'),
};
export const APP_POLICY = {
  financeBlockAbroad: id('app-policy/finance-block-abroad'),
  auditorsUsPt: id('app-policy/finance-auditors-us-pt'),
};
const aud = (name: string): string =>
  stableUuid(`aud/${name}`).replaceAll('-', '') + stableUuid(`aud2/${name}`).replaceAll('-', '');
const embedded = (policy: typeof employeesPolicy | typeof sreOnlyPolicy, precedence: number) => ({
  ...policy,
  precedence,
});

export const applications = [
  {
    id: APP.wiki,
    aud: aud('wiki'),
    name: 'Internal Wiki',
    type: 'self_hosted',
    domain: 'wiki.northwind.example',
    destinations: [{ type: 'public', uri: 'wiki.northwind.example' }],
    allowed_idps: [IDP.okta],
    auto_redirect_to_identity: true,
    app_launcher_visible: true,
    session_duration: '720h',
    http_only_cookie_attribute: false,
    enable_binding_cookie: false,
    same_site_cookie_attribute: 'lax',
    options_preflight_bypass: false,
    allow_iframe: false,
    skip_interstitial: false,
    policies: [embedded(employeesPolicy, 1)],
    tags: ['production'],
    ...stamps,
  },
  {
    id: APP.grafana,
    aud: aud('grafana'),
    name: 'Grafana',
    type: 'self_hosted',
    domain: 'grafana.northwind.example',
    destinations: [{ type: 'public', uri: 'grafana.northwind.example' }],
    allowed_idps: [IDP.okta],
    auto_redirect_to_identity: true,
    app_launcher_visible: true,
    session_duration: '12h',
    http_only_cookie_attribute: true,
    enable_binding_cookie: false,
    same_site_cookie_attribute: 'lax',
    options_preflight_bypass: true,
    cors_headers: {
      allow_all_origins: true,
      allow_credentials: true,
      allowed_methods: ['GET', 'POST', 'OPTIONS'],
      allowed_headers: ['content-type', 'authorization'],
      max_age: 600,
    },
    allow_iframe: true,
    // A reusable Bypass meant for health checks, attached to the whole Grafana host: Grafana is public.
    policies: [embedded(sreOnlyPolicy, 1), { id: POLICY.bypassEveryone, precedence: 2 }],
    tags: ['production'],
    ...stamps,
  },
  {
    id: APP.hr,
    aud: aud('hr'),
    name: 'HR Portal',
    type: 'self_hosted',
    domain: 'hr.northwind.example',
    destinations: [{ type: 'public', uri: 'hr.northwind.example' }],
    allowed_idps: [IDP.okta],
    auto_redirect_to_identity: true,
    app_launcher_visible: true,
    session_duration: '8h',
    http_only_cookie_attribute: true,
    enable_binding_cookie: true,
    same_site_cookie_attribute: 'strict',
    path_cookie_attribute: true,
    options_preflight_bypass: false,
    allow_iframe: false,
    skip_interstitial: false,
    policies: [embedded(employeesPolicy, 1)],
    tags: ['production', 'pii'],
    ...stamps,
  },
  {
    id: APP.status,
    aud: aud('status'),
    name: 'Status API health checks',
    type: 'self_hosted',
    domain: 'status.northwind.example/healthz',
    destinations: [{ type: 'public', uri: 'status.northwind.example/healthz' }],
    allowed_idps: [IDP.okta],
    session_duration: '24h',
    http_only_cookie_attribute: true,
    same_site_cookie_attribute: 'lax',
    policies: [
      {
        id: POLICY.statusHealthChecks,
        name: 'Health checks (app-scoped)',
        decision: 'bypass',
        include: [{ everyone: {} }],
        exclude: [],
        require: [],
        precedence: 1,
        session_duration: '24h',
        ...stamps,
      },
    ],
    ...stamps,
  },
  {
    id: APP.payroll,
    aud: aud('payroll'),
    name: 'Payroll (SaaS)',
    type: 'saas',
    allowed_idps: [IDP.okta],
    app_launcher_visible: true,
    saas_app: {
      auth_type: 'saml',
      sp_entity_id: 'https://payroll.example-vendor.com/saml/northwind',
      consumer_service_url: 'https://payroll.example-vendor.com/saml/acs',
      name_id_format: 'email',
      idp_entity_id: `https://northwind.cloudflareaccess.com/cdn-cgi/access/sso/saml/${aud('payroll')}`,
      public_key: 'MIIDpDCCAoygAwIBAgIGAYmNorthwindPayrollDemoKey',
      sso_endpoint: `https://northwind.cloudflareaccess.com/cdn-cgi/access/sso/saml/${aud('payroll')}`,
      default_relay_state: '',
      custom_attributes: [],
    },
    policies: [embedded(employeesPolicy, 1)],
    ...stamps,
  },
  {
    id: APP.expenses,
    aud: aud('expenses'),
    name: 'Expense Reports (OIDC)',
    type: 'saas',
    allowed_idps: [IDP.okta],
    app_launcher_visible: true,
    saas_app: {
      auth_type: 'oidc',
      client_id: 'a3d5f0c1e2b4968778695a4b3c2d1e0f',
      client_secret: '[REDACTED]',
      grant_types: ['authorization_code', 'implicit'],
      redirect_uris: ['http://expenses.northwind.example/oauth/callback'],
      scopes: ['openid', 'email', 'profile'],
      access_token_lifetime: '5m',
      allow_pkce_without_client_secret: false,
    },
    policies: [embedded(employeesPolicy, 1)],
    ...stamps,
  },
  {
    id: APP.bastion,
    aud: aud('bastion'),
    name: 'Bastion SSH (browser)',
    type: 'ssh',
    domain: 'ssh.northwind.example',
    allowed_idps: [IDP.okta],
    session_duration: '4h',
    http_only_cookie_attribute: true,
    same_site_cookie_attribute: 'strict',
    enable_binding_cookie: true,
    policies: [embedded(sreOnlyPolicy, 1)],
    ...stamps,
  },
  {
    id: APP.vnc,
    aud: aud('vnc'),
    name: 'Lab VNC console',
    type: 'vnc',
    domain: 'vnc.lab.northwind.example',
    allowed_idps: [IDP.okta],
    session_duration: '8h',
    http_only_cookie_attribute: true,
    same_site_cookie_attribute: 'lax',
    policies: [embedded(employeesPolicy, 1)],
    ...stamps,
  },
  {
    id: APP.rdp,
    aud: aud('rdp'),
    name: 'Finance Jump Host (RDP)',
    type: 'rdp',
    domain: 'rdp.northwind.example',
    target_criteria: [{ port: 3389, protocol: 'RDP', target_attributes: { hostname: ['fin-jump-01'] } }],
    allowed_idps: [IDP.okta],
    session_duration: '8h',
    http_only_cookie_attribute: true,
    same_site_cookie_attribute: 'lax',
    policies: [
      {
        ...employeesPolicy,
        id: id('app-policy/rdp-finance'),
        name: 'Finance staff',
        precedence: 1,
        connection_rules: {
          rdp: {
            allowed_clipboard_local_to_remote_formats: ['text'],
            allowed_clipboard_remote_to_local_formats: ['text', 'file'],
          },
        },
      },
    ],
    ...stamps,
  },
  {
    id: APP.launcher,
    aud: aud('launcher'),
    name: 'App Launcher',
    type: 'app_launcher',
    domain: 'northwind.cloudflareaccess.com',
    allowed_idps: [IDP.okta],
    session_duration: '24h',
    policies: [embedded(employeesPolicy, 1)],
    ...stamps,
  },
  {
    id: APP.warp,
    aud: aud('warp'),
    name: 'Warp Login App',
    type: 'warp',
    domain: 'northwind.cloudflareaccess.com/warp',
    allowed_idps: [IDP.okta],
    session_duration: '24h',
    policies: [
      {
        id: id('app-policy/warp-enrollment'),
        name: 'Corporate devices',
        decision: 'allow',
        precedence: 1,
        include: [{ email_domain: { domain: 'northwind.example' } }],
        exclude: [],
        require: [{ certificate: {} }, { common_name: { common_name: 'northwind-device' } }],
        ...stamps,
      },
    ],
    ...stamps,
  },
  {
    id: APP.biso,
    aud: aud('biso'),
    name: 'Browser Isolation Permissions',
    type: 'biso',
    domain: 'northwind.cloudflareaccess.com/browser',
    session_duration: '24h',
    policies: [embedded(employeesPolicy, 1)],
    ...stamps,
  },
  {
    id: APP.bookmark,
    aud: aud('bookmark'),
    name: 'Company Handbook',
    type: 'bookmark',
    domain: 'https://handbook.northwind.example',
    app_launcher_visible: true,
    logo_url: 'https://handbook.northwind.example/logo.svg',
    policies: [],
    ...stamps,
  },
  {
    id: APP.dash,
    aud: aud('dash'),
    name: 'Cloudflare Dashboard SSO',
    type: 'dash_sso',
    domain: 'dash.cloudflare.com',
    allowed_idps: [IDP.okta],
    session_duration: '24h',
    policies: [embedded(sreOnlyPolicy, 1)],
    ...stamps,
  },
  {
    id: APP.infra,
    aud: aud('infra'),
    name: 'Production servers (SSH)',
    type: 'infrastructure',
    target_criteria: [{ port: 22, protocol: 'SSH', target_attributes: { hostname: ['db-01', 'web-legacy-01'] } }],
    policies: [
      {
        id: id('app-policy/infra-ssh'),
        name: 'SRE shell access',
        decision: 'allow',
        include: [{ group: { id: GROUP.sre } }],
        exclude: [],
        require: [],
        connection_rules: { ssh: { usernames: ['root', 'deploy'], allow_email_alias: false } },
        ...stamps,
      },
    ],
    ...stamps,
  },
  {
    id: APP.mcp,
    aud: aud('mcp'),
    name: 'Internal tools MCP server',
    type: 'mcp',
    destinations: [{ type: 'via_mcp_server_portal', mcp_server_id: id('mcp-server/internal-tools') }],
    allowed_idps: [IDP.okta],
    session_duration: '8h',
    http_only_cookie_attribute: true,
    same_site_cookie_attribute: 'lax',
    policies: [embedded(employeesPolicy, 1)],
    ...stamps,
  },
  {
    id: APP.mcpPortal,
    aud: aud('mcp-portal'),
    name: 'AI Tools Portal',
    type: 'mcp_portal',
    domain: 'mcp.northwind.example',
    destinations: [{ type: 'public', uri: 'mcp.northwind.example' }],
    allowed_idps: [IDP.okta],
    session_duration: '8h',
    http_only_cookie_attribute: true,
    same_site_cookie_attribute: 'lax',
    policies: [embedded(employeesPolicy, 1)],
    ...stamps,
  },
  {
    id: APP.proxy,
    aud: aud('proxy'),
    name: 'Gateway proxy endpoint (PAC)',
    type: 'proxy_endpoint',
    domain: 'pac.northwind.example',
    session_duration: '24h',
    policies: [embedded(employeesPolicy, 1)],
    ...stamps,
  },
  // ------------------------------------------------ reach: chains, dead policies, narrower apps, look-alikes
  {
    // Partners → Partner logins → GitHub login method: anyone with a GitHub account gets in.
    id: APP.partners,
    aud: aud('partners'),
    name: 'Partner portal',
    type: 'self_hosted',
    domain: 'partners.northwind.example',
    allowed_idps: [IDP.okta, IDP.github],
    session_duration: '8h',
    http_only_cookie_attribute: true,
    same_site_cookie_attribute: 'lax',
    enable_binding_cookie: true,
    policies: [{ id: POLICY.partners, precedence: 1 }],
    ...stamps,
  },
  {
    // Look-alike, correct: GitHub login limited to the company's GitHub organization.
    id: APP.ci,
    aud: aud('ci'),
    name: 'CI dashboard',
    type: 'self_hosted',
    domain: 'ci.northwind.example',
    allowed_idps: [IDP.github],
    session_duration: '8h',
    http_only_cookie_attribute: true,
    same_site_cookie_attribute: 'lax',
    enable_binding_cookie: true,
    policies: [
      {
        id: id('app-policy/ci-org'),
        name: 'Northwind GitHub organization',
        decision: 'allow',
        precedence: 1,
        include: [{ 'github-organization': { name: 'northwind-labs', identity_provider_id: IDP.github } }],
        exclude: [],
        require: [],
        ...stamps,
      },
    ],
    ...stamps,
  },
  {
    // A Block shadowed by the Allow before it, and an Allow whose require cannot hold (US and Portugal at once).
    id: APP.finance,
    aud: aud('finance'),
    name: 'Finance reports',
    type: 'self_hosted',
    domain: 'finance.northwind.example',
    allowed_idps: [IDP.okta],
    session_duration: '8h',
    http_only_cookie_attribute: true,
    same_site_cookie_attribute: 'strict',
    enable_binding_cookie: true,
    policies: [
      {
        id: id('app-policy/finance-staff'),
        name: 'Finance staff',
        decision: 'allow',
        precedence: 1,
        include: [{ okta: { name: 'finance', identity_provider_id: IDP.okta } }],
        exclude: [],
        require: [],
        ...stamps,
      },
      {
        id: APP_POLICY.financeBlockAbroad,
        name: 'Block finance staff outside the US',
        decision: 'deny',
        precedence: 2,
        include: [{ okta: { name: 'finance', identity_provider_id: IDP.okta } }],
        exclude: [{ geo: { country_code: 'US' } }],
        require: [],
        ...stamps,
      },
      {
        id: APP_POLICY.auditorsUsPt,
        name: 'Auditors in the US or Portugal',
        decision: 'allow',
        precedence: 3,
        include: [{ email_domain: { domain: 'audit-partner.example' } }],
        exclude: [],
        require: [{ geo: { country_code: 'US' } }, { geo: { country_code: 'PT' } }],
        ...stamps,
      },
    ],
    ...stamps,
  },
  {
    // A path carved out of the Internal Wiki with weaker reach: the reusable one-time PIN policy.
    id: APP.wikiUploads,
    aud: aud('wiki-uploads'),
    name: 'Wiki uploads',
    type: 'self_hosted',
    domain: 'wiki.northwind.example/uploads',
    allowed_idps: [IDP.okta, IDP.otp],
    session_duration: '8h',
    http_only_cookie_attribute: true,
    same_site_cookie_attribute: 'lax',
    enable_binding_cookie: true,
    policies: [{ id: POLICY.otpAll, precedence: 1 }],
    ...stamps,
  },
  {
    // Look-alike, correct: one-time PIN for a list of named vendors.
    id: APP.vendorShare,
    aud: aud('vendor-share'),
    name: 'Vendor file share',
    type: 'self_hosted',
    domain: 'share.northwind.example',
    allowed_idps: [IDP.otp],
    session_duration: '8h',
    http_only_cookie_attribute: true,
    same_site_cookie_attribute: 'lax',
    enable_binding_cookie: true,
    policies: [
      {
        id: id('app-policy/vendor-guests'),
        name: 'Named vendors',
        decision: 'allow',
        precedence: 1,
        include: [
          { email: { email: 'accounts@acme-supplies.example' } },
          { email: { email: 'billing@globex.example' } },
        ],
        exclude: [],
        require: [],
        session_duration: '8h',
        ...stamps,
      },
    ],
    ...stamps,
  },
  {
    // Service Auth for the legacy uptime monitor's token, which never expires.
    id: APP.metrics,
    aud: aud('metrics'),
    name: 'Metrics ingest',
    type: 'self_hosted',
    domain: 'metrics.northwind.example',
    session_duration: '24h',
    http_only_cookie_attribute: true,
    same_site_cookie_attribute: 'lax',
    policies: [
      {
        id: id('app-policy/metrics-monitor'),
        name: 'Uptime monitor',
        decision: 'non_identity',
        precedence: 1,
        include: [{ service_token: { token_id: TOKEN_ID.monitoring } }],
        exclude: [],
        require: [],
        ...stamps,
      },
    ],
    ...stamps,
  },
] satisfies Application[];

// ---------------------------------------------------------------- service tokens

export const serviceTokens = [
  {
    id: TOKEN_ID.ci,
    name: 'CI deploy (GitHub Actions)',
    client_id: 'a1b2c3d4e5f60718293a4b5c6d7e8f90.access',
    duration: '8760h',
    expires_at: '2027-10-21T16:04:11Z',
    enabled: true,
    ...stamps,
    last_seen_at: '2026-11-01T23:12:40Z',
  },
  {
    id: TOKEN_ID.monitoring,
    name: 'Legacy uptime monitor',
    client_id: '0f9e8d7c6b5a49382716f5e4d3c2b1a0.access',
    duration: 'forever',
    enabled: true,
    ...stamps,
    last_seen_at: '2026-11-02T05:59:01Z',
  },
  {
    id: TOKEN_ID.backup,
    name: 'Nightly backup job (retired)',
    client_id: '5a5a5a5a6b6b6b6b7c7c7c7c8d8d8d8d.access',
    duration: '8760h',
    expires_at: '2026-03-14T09:26:53Z',
    enabled: false,
    ...stamps,
    last_seen_at: '2026-03-13T02:00:07Z',
  },
] satisfies Token[];

// ---------------------------------------------------------------- mTLS
export const CERT = { devices: id('mtls/corporate-devices'), kiosk: id('mtls/kiosk') };

export const mtlsCertificates = [
  {
    id: CERT.devices,
    name: 'Corporate device CA',
    fingerprint: 'MD5 Fingerprint=1E:80:0F:7A:FD:31:55:96:DE:D5:CB:E2:F0:91:F8:A9',
    expires_on: '2031-01-31T00:00:00Z',
    associated_hostnames: ['wiki.northwind.example', 'hr.northwind.example'],
    ...stamps,
  },
  {
    id: CERT.kiosk,
    name: 'Warehouse kiosk CA (old)',
    fingerprint: 'MD5 Fingerprint=9C:41:22:0B:7E:5D:AA:13:68:F0:2C:D4:B9:07:E6:51',
    expires_on: '2025-06-30T00:00:00Z',
    associated_hostnames: ['kiosk.northwind.example'],
    ...stamps,
  },
] satisfies MtlsCertificate[];

export const mtlsHostnameSettings = [
  { hostname: 'hr.northwind.example', china_network: false, client_certificate_forwarding: false },
  { hostname: 'wiki.northwind.example', china_network: false, client_certificate_forwarding: true },
] satisfies CertificateSettings[];

// ---------------------------------------------------------------- organization
export const CUSTOM_PAGE = { denied: id('page/denied'), legacyLogin: id('page/legacy-login') };

export const organization = {
  name: 'Northwind Labs',
  auth_domain: 'northwind.cloudflareaccess.com',
  session_duration: '24h',
  warp_auth_session_duration: '24h',
  allow_authenticate_via_warp: false,
  auto_redirect_to_identity: false,
  deny_unmatched_requests: false,
  is_ui_read_only: false,
  user_seat_expiration_inactive_time: '730h',
  mfa_config: { allowed_authenticators: ['biometrics', 'security_key', 'totp'], session_duration: '24h' },
  mfa_required_for_all_apps: true,
  service_token_inactivity: { action: 'disable', enabled: true, inactivity_threshold_days: 90 },
  strict_service_token_auth: false,
  custom_pages: { forbidden: CUSTOM_PAGE.denied, identity_denied: CUSTOM_PAGE.denied },
  login_design: {
    background_color: '#0b1f3a',
    text_color: '#ffffff',
    header_text: 'Northwind Labs',
    logo_path: 'https://northwind.example/logo.svg',
  },
} satisfies OrganizationListResponse;

// ---------------------------------------------------------------- SAML certificate sets, federation, CAs
export const SAML_SET = { primary: id('saml-set/primary') };

export const samlCertificateSets = [
  {
    uid: SAML_SET.primary,
    created_at: CREATED,
    updated_at: UPDATED,
    current_certificate: {
      uid: id('saml-cert/2026'),
      is_current: true,
      not_after: '2029-09-30T00:00:00Z',
      public_certificate:
        '-----BEGIN CERTIFICATE-----\nMIIC+jCCAeKgAwIBAgIQNorthwindDemoSamlEncryptionCert\n-----END CERTIFICATE-----\n',
    },
    previous_certificate: null,
  },
] satisfies SAMLCertificateListResponse[];

export const idpFederationGrants = [
  { id: id('federation/okta-to-subsidiary'), idp_id: IDP.okta },
] satisfies IdPFederationGrant[];

export const gatewayCAs = [
  {
    id: id('gateway-ca/ssh'),
    public_key:
      'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBNorthwindGatewayCA= ' +
      'open-ssh-ca@cloudflareaccess.org',
  },
] satisfies GatewayCAListResponse[];

export const shortLivedCAs = [
  {
    id: id('short-lived-ca/bastion'),
    aud: aud('bastion'),
    public_key:
      'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBNorthwindBastionCA= ' +
      'open-ssh-ca@cloudflareaccess.org',
  },
] satisfies ApplicationCA[];

// ---------------------------------------------------------------- infrastructure targets, tags, pages, bookmarks, keys
export const TARGET = { db: id('target/db-01'), legacy: id('target/web-legacy-01') };

export const infrastructureTargets = [
  {
    id: TARGET.db,
    hostname: 'db-01',
    created_at: CREATED,
    modified_at: UPDATED,
    ip: { ipv4: { ip_addr: '10.20.1.15', virtual_network_id: id('vnet/default') } },
    tags: { env: 'production', team: 'data' },
  },
  {
    id: TARGET.legacy,
    hostname: 'web-legacy-01',
    created_at: CREATED,
    modified_at: UPDATED,
    ip: { ipv4: { ip_addr: '203.0.113.40', virtual_network_id: id('vnet/default') } },
    tags: { env: 'production' },
  },
] satisfies TargetListResponse[];

export const accessTags = [
  { name: 'production', app_count: 2, ...stamps },
  { name: 'pii', app_count: 1, ...stamps },
  { name: 'Q3 2025 / migration', app_count: 0, ...stamps },
] satisfies AccessTag[];

export const customPages = [
  {
    uid: CUSTOM_PAGE.denied,
    name: 'Access denied (branded)',
    type: 'forbidden',
    contract_version: 2,
    custom_html:
      '<!DOCTYPE html><html><head><title>Access denied</title></head><body><h1>You do not have access</h1><p>Ask ' +
      '#it-help for access.</p></body></html>',
  },
  {
    uid: CUSTOM_PAGE.legacyLogin,
    name: 'Old login page (2023)',
    type: 'login',
    custom_html:
      '<html><body><h1>Northwind login</h1><script src="https://cdn.example-analytics.com/track.js"></script></body></html>',
  },
] satisfies CustomPage[];

export const bookmarks = [
  {
    id: APP.bookmark,
    name: 'Company Handbook',
    domain: 'https://handbook.northwind.example',
    app_launcher_visible: true,
    logo_url: 'https://handbook.northwind.example/logo.svg',
    ...stamps,
  },
] satisfies LegacyBookmark[];

export const accessKeys = {
  key_rotation_interval_days: 30,
  last_key_rotation_at: '2026-10-15T00:00:00Z',
  days_until_next_rotation: 13,
} satisfies KeyGetResponse;

// ---------------------------------------------------------------- AI controls
export const MCP_SERVER = { github: id('mcp-server/github'), internal: id('mcp-server/internal-tools') };
export const MCP_PORTAL = { engineering: id('mcp-portal/engineering'), support: id('mcp-portal/support') };

const githubServer = {
  id: MCP_SERVER.github,
  name: 'GitHub MCP',
  hostname: 'https://api.githubcopilot.com/mcp/',
  auth_type: 'oauth',
  auth_config_summary: { auth_mode: 'dcr', has_client_secret: true, client_secret_version: 1 },
  authentication_status: 'connected',
  status: 'ready',
  secure_web_gateway: true,
  is_shared_oauth_callback_enabled: false,
  tools: [{ name: 'search_code' }, { name: 'get_issue' }],
  prompts: [],
  last_synced: '2026-11-02T05:00:00Z',
  last_successful_sync: '2026-11-02T05:00:00Z',
  created_at: CREATED,
  modified_at: UPDATED,
  created_by: 'admin@northwind.example',
  modified_by: 'admin@northwind.example',
} satisfies ServerListResponse;
const internalToolsServer = {
  id: MCP_SERVER.internal,
  name: 'Internal tools',
  hostname: 'https://tools.internal.northwind.example/mcp',
  auth_type: 'unauthenticated',
  authentication_status: 'not_required',
  status: 'ready',
  secure_web_gateway: false,
  tools: [{ name: 'restart_service' }, { name: 'query_db' }],
  prompts: [],
  last_synced: '2026-11-02T05:00:00Z',
  last_successful_sync: '2026-11-02T05:00:00Z',
  created_at: CREATED,
  modified_at: UPDATED,
  created_by: 'dev@northwind.example',
  modified_by: 'dev@northwind.example',
} satisfies ServerListResponse;

export const mcpServers = [githubServer, internalToolsServer] satisfies ServerListResponse[];

const portalServer = (server: ServerListResponse, onBehalf: boolean, defaultDisabled: boolean) => ({
  id: server.id,
  server_id: server.id,
  name: server.name,
  hostname: server.hostname,
  auth_type: server.auth_type,
  tools: server.tools,
  prompts: server.prompts,
  on_behalf: onBehalf,
  default_disabled: defaultDisabled,
  secure_web_gateway: server.secure_web_gateway,
});

export const mcpPortals = [
  {
    id: MCP_PORTAL.engineering,
    name: 'Engineering AI portal',
    hostname: 'mcp.northwind.example',
    description: 'MCP tools for engineers',
    secure_web_gateway: false,
    code_mode: 'off',
    servers: [portalServer(githubServer, true, true), portalServer(internalToolsServer, false, false)],
    created_at: CREATED,
    modified_at: UPDATED,
    created_by: 'admin@northwind.example',
    modified_by: 'admin@northwind.example',
  },
  {
    id: MCP_PORTAL.support,
    name: 'Support AI portal',
    hostname: 'mcp-support.northwind.example',
    description: 'Read-only GitHub tools for support',
    secure_web_gateway: true,
    code_mode: 'off',
    servers: [portalServer(githubServer, true, true)],
    created_at: CREATED,
    modified_at: UPDATED,
    created_by: 'admin@northwind.example',
    modified_by: 'admin@northwind.example',
  },
] satisfies PortalListResponse[];

// ---------------------------------------------------------------- Gateway
export const gatewayConfiguration = {
  created_at: CREATED,
  updated_at: UPDATED,
  settings: {
    activity_log: { enabled: true },
    antivirus: { enabled_download_phase: true, enabled_upload_phase: false, fail_closed: false },
    block_page: { enabled: true, name: 'Northwind Labs', footer_text: 'Contact #it-help', background_color: '#0b1f3a' },
    body_scanning: { inspection_mode: 'deep' },
    browser_isolation: { url_browser_isolation_enabled: true, non_identity_enabled: false },
    fips: { tls: false },
    protocol_detection: { enabled: true },
    tls_decrypt: { enabled: true },
    inspection: { mode: 'dynamic' },
  },
} satisfies ConfigurationGetResponse;

// ---------------------------------------------------------------- Cloudflare Tunnels
/*
 * The API answers null for unset timestamps and the catch-all ingress rule has no hostname (see
 * developers.cloudflare.com/cloudflare-one/networks/connectors/cloudflare-tunnel/get-started/create-remote-tunnel-api);
 * the SDK 7.3.0 types say string for both.
 */
type Tunnel = Omit<CloudflareTunnel, 'deleted_at' | 'conns_active_at' | 'conns_inactive_at'> & {
  deleted_at: string | null;
  conns_active_at: string | null;
  conns_inactive_at: string | null;
};
type TunnelIngress = Omit<TunnelConfigurationGetResponse.Config.Ingress, 'hostname'> & { hostname?: string };
type TunnelConfiguration = Omit<TunnelConfigurationGetResponse, 'config'> & {
  config: Omit<TunnelConfigurationGetResponse.Config, 'ingress'> & { ingress: TunnelIngress[] };
};

export const TUNNEL = {
  prod: id('tunnel/northwind-prod'),
  observability: id('tunnel/observability'),
  datacenter: id('tunnel/legacy-datacenter'),
};

/** A tunnel, fields in the API's order. */
const tunnel = (
  tunnelId: string,
  name: string,
  status: Tunnel['status'],
  managed: 'cloudflare' | 'local',
  active: string | null,
  inactive: string | null,
) =>
  ({
    id: tunnelId,
    account_tag: DEMO_ACCOUNT_ID,
    created_at: CREATED,
    deleted_at: null,
    name,
    connections: [],
    conns_active_at: active,
    conns_inactive_at: inactive,
    tun_type: 'cfd_tunnel',
    metadata: {},
    status,
    remote_config: managed === 'cloudflare',
    config_src: managed,
  }) satisfies Tunnel;

export const tunnels = [
  tunnel(TUNNEL.prod, 'northwind-prod', 'healthy', 'cloudflare', '2026-10-30T08:12:44Z', null),
  tunnel(TUNNEL.observability, 'observability-k8s', 'healthy', 'cloudflare', '2026-10-28T14:03:10Z', null),
  // Locally managed: its ingress rules live in config.yml on the origin; the API has no configuration for it.
  tunnel(TUNNEL.datacenter, 'legacy-datacenter', 'down', 'local', null, '2026-09-01T03:15:00Z'),
] satisfies Tunnel[];

const catchAll = { service: 'http_status:404' };

export const tunnelConfigurations = [
  {
    // Every hostname has an Access application in front of it; HR also makes cloudflared check the Access token.
    tunnel_id: TUNNEL.prod,
    account_id: DEMO_ACCOUNT_ID,
    version: 12,
    source: 'cloudflare',
    created_at: UPDATED,
    config: {
      ingress: [
        { hostname: 'wiki.northwind.example', service: 'http://wiki.internal:8080', originRequest: {} },
        {
          hostname: 'hr.northwind.example',
          service: 'https://hr.internal:8443',
          originRequest: {
            access: { required: true, teamName: 'northwind', audTag: [aud('hr')] },
            originServerName: 'hr.internal',
          },
        },
        { hostname: 'ssh.northwind.example', service: 'ssh://bastion.internal:22', originRequest: {} },
        catchAll,
      ],
    },
  },
  {
    // grafana-direct publishes the same Grafana origin with no Access application in front of it.
    tunnel_id: TUNNEL.observability,
    account_id: DEMO_ACCOUNT_ID,
    version: 4,
    source: 'cloudflare',
    created_at: UPDATED,
    config: {
      ingress: [
        { hostname: 'grafana.northwind.example', service: 'http://localhost:3000', originRequest: {} },
        { hostname: 'grafana-direct.northwind.example', service: 'http://localhost:3000', originRequest: {} },
        catchAll,
      ],
    },
  },
] satisfies TunnelConfiguration[];

// ---------------------------------------------------------------- what a scan must find
export interface PlantedMisconfiguration {
  /** The catalog row the finding implements; or, for rules beyond the catalog, `rule_id`. */
  catalog_id?: string;
  rule_id?: string;
  resource_type: ResourceType;
  resource_id: string;
  note: string;
}

export const planted: PlantedMisconfiguration[] = [
  {
    catalog_id: 'ZTA-APP-001',
    resource_type: 'access_application',
    resource_id: APP.wiki,
    note: 'Internal Wiki: http_only_cookie_attribute is false',
  },
  {
    catalog_id: 'ZTA-APP-002',
    resource_type: 'access_application',
    resource_id: APP.wiki,
    note: 'Internal Wiki: enable_binding_cookie is false',
  },
  {
    catalog_id: 'ZTA-APP-007',
    resource_type: 'access_application',
    resource_id: APP.wiki,
    note: 'Internal Wiki: session_duration 720h',
  },
  {
    catalog_id: 'ZTA-APP-006',
    resource_type: 'access_application',
    resource_id: APP.grafana,
    note: 'Grafana: options_preflight_bypass together with cors_headers',
  },
  {
    catalog_id: 'ZTA-APP-004',
    resource_type: 'access_application',
    resource_id: APP.grafana,
    note: 'Grafana: CORS allow_all_origins with allow_credentials',
  },
  {
    catalog_id: 'ZTA-APP-008',
    resource_type: 'access_application',
    resource_id: APP.grafana,
    note: 'Grafana: allow_iframe is true',
  },
  {
    catalog_id: 'ZTA-SAAS-001',
    resource_type: 'access_application',
    resource_id: APP.expenses,
    note: 'Expense Reports (OIDC): implicit grant enabled',
  },
  {
    catalog_id: 'ZTA-SAAS-004',
    resource_type: 'access_application',
    resource_id: APP.expenses,
    note: 'Expense Reports (OIDC): http:// redirect URI',
  },
  {
    catalog_id: 'ZTA-RDP-001',
    resource_type: 'access_application',
    resource_id: APP.rdp,
    note: 'Finance Jump Host (RDP): clipboard allows files from remote to local',
  },
  {
    catalog_id: 'ZTA-INFRA-001',
    resource_type: 'access_application',
    resource_id: APP.infra,
    note: 'Production servers (SSH): ssh username root allowed',
  },
  {
    catalog_id: 'ZTA-POL-001',
    resource_type: 'access_policy',
    resource_id: POLICY.allowEveryone,
    note: 'Allow everyone (temporary): allow with include everyone and no require',
  },
  {
    catalog_id: 'ZTA-POL-002',
    resource_type: 'access_policy',
    resource_id: POLICY.otpAll,
    note: 'Any email via one-time PIN: allow on the OTP login method alone',
  },
  {
    catalog_id: 'ZTA-POL-003',
    resource_type: 'access_policy',
    resource_id: POLICY.bypassEveryone,
    note: 'Public health checks: bypass for everyone on the whole Grafana host',
  },
  {
    catalog_id: 'ZTA-POL-006',
    resource_type: 'access_policy',
    resource_id: POLICY.gmail,
    note: 'Freelancers: email_domain gmail.com',
  },
  {
    catalog_id: 'ZTA-POL-007',
    resource_type: 'access_policy',
    resource_id: POLICY.officeIp,
    note: 'Office network: ip 0.0.0.0/0',
  },
  {
    catalog_id: 'ZTA-POL-006',
    resource_type: 'access_group',
    resource_id: GROUP.contractors,
    note: 'Contractors (personal mail): email_domain gmail.com',
  },
  {
    catalog_id: 'ZTA-GRP-001',
    resource_type: 'access_group',
    resource_id: GROUP.everyone,
    note: 'Everyone (legacy): includes everyone',
  },
  {
    catalog_id: 'ZTA-POL-016',
    resource_type: 'access_group',
    resource_id: GROUP.finance,
    note: 'Finance: includes a group that no longer exists',
  },
  {
    catalog_id: 'ZTA-IDP-002',
    resource_type: 'identity_provider',
    resource_id: IDP.otp,
    note: 'One-time PIN login method is configured',
  },
  {
    catalog_id: 'ZTA-IDP-003',
    resource_type: 'identity_provider',
    resource_id: IDP.github,
    note: 'GitHub: social identity provider',
  },
  {
    catalog_id: 'ZTA-IDP-005',
    resource_type: 'identity_provider',
    resource_id: IDP.adfs,
    note: 'Legacy ADFS (SAML): no idp_public_certs',
  },
  {
    catalog_id: 'ZTA-IDP-007',
    resource_type: 'identity_provider',
    resource_id: IDP.adfs,
    note: 'Legacy ADFS (SAML): sign_request is false',
  },
  {
    catalog_id: 'ZTA-IDP-010',
    resource_type: 'identity_provider',
    resource_id: IDP.entra,
    note: 'Microsoft Entra ID: SCIM on without user_deprovision',
  },
  {
    catalog_id: 'ZTA-TOK-001',
    resource_type: 'service_token',
    resource_id: TOKEN_ID.monitoring,
    note: 'Legacy uptime monitor: duration forever, no expires_at',
  },
  {
    catalog_id: 'ZTA-TOK-003',
    resource_type: 'service_token',
    resource_id: TOKEN_ID.backup,
    note: 'Nightly backup job (retired): expired 2026-03-14',
  },
  {
    catalog_id: 'ZTA-MTLS-001',
    resource_type: 'mtls_certificate',
    resource_id: CERT.kiosk,
    note: 'Warehouse kiosk CA (old): expired 2025-06-30',
  },
  {
    catalog_id: 'ZTA-MTLS-004',
    resource_type: 'mtls_hostname_settings',
    resource_id: 'wiki.northwind.example',
    note: 'client_certificate_forwarding is on',
  },
  {
    catalog_id: 'ZTA-ORG-001',
    resource_type: 'organization',
    resource_id: 'organization',
    note: 'deny_unmatched_requests is false',
  },
  {
    catalog_id: 'ZTA-ORG-010',
    resource_type: 'organization',
    resource_id: 'organization',
    note: 'strict_service_token_auth is false',
  },
  {
    catalog_id: 'ZTA-INFRA-006',
    resource_type: 'infrastructure_target',
    resource_id: TARGET.legacy,
    note: 'web-legacy-01: public IPv4 203.0.113.40',
  },
  {
    catalog_id: 'ZTA-PAGE-001',
    resource_type: 'custom_page',
    resource_id: CUSTOM_PAGE.legacyLogin,
    note: 'Old login page (2023): no contract_version (legacy template)',
  },
  {
    catalog_id: 'ZTA-PAGE-002',
    resource_type: 'custom_page',
    resource_id: CUSTOM_PAGE.legacyLogin,
    note: 'Old login page (2023): third-party <script src>',
  },
  {
    catalog_id: 'ZTA-MCPS-001',
    resource_type: 'mcp_server',
    resource_id: MCP_SERVER.internal,
    note: 'Internal tools: auth_type unauthenticated',
  },
  {
    catalog_id: 'ZTA-MCPS-005',
    resource_type: 'mcp_server',
    resource_id: MCP_SERVER.internal,
    note: 'Internal tools: secure_web_gateway is false',
  },
  {
    catalog_id: 'ZTA-MCPP-001',
    resource_type: 'mcp_portal',
    resource_id: MCP_PORTAL.engineering,
    note: 'Engineering AI portal: Internal tools server with on_behalf false',
  },
  {
    catalog_id: 'ZTA-MCPP-002',
    resource_type: 'mcp_portal',
    resource_id: MCP_PORTAL.engineering,
    note: 'Engineering AI portal: secure_web_gateway is false',
  },
  {
    catalog_id: 'ZTA-MCPP-003',
    resource_type: 'mcp_portal',
    resource_id: MCP_PORTAL.engineering,
    note: 'Engineering AI portal: Internal tools server not default_disabled',
  },
  {
    catalog_id: 'ZTA-MCPP-004',
    resource_type: 'mcp_portal',
    resource_id: MCP_PORTAL.engineering,
    note: 'Engineering AI portal: unauthenticated server behind the portal',
  },
  // Reach: what only reading applications, policies, groups, IdPs, tokens and tunnels together shows.
  {
    rule_id: 'access-application-reach-restricted',
    resource_type: 'access_application',
    resource_id: APP.partners,
    note: 'Partner portal: reusable policy → group → GitHub login method admits anyone with a GitHub account',
  },
  {
    rule_id: 'access-application-reach-restricted',
    resource_type: 'access_application',
    resource_id: APP.grafana,
    note: 'Grafana: a Bypass for everyone on the whole host',
  },
  {
    rule_id: 'access-application-social-login-not-allowed',
    resource_type: 'access_application',
    resource_id: APP.partners,
    note: 'Partner portal: GitHub login not narrowed to an organization',
  },
  {
    rule_id: 'access-application-block-policy-not-shadowed',
    resource_type: 'access_application',
    resource_id: APP.finance,
    note: 'Finance reports: the Block after the Allow for the same group never applies',
  },
  {
    rule_id: 'access-policy-require-satisfiable',
    resource_type: 'access_policy',
    resource_id: APP_POLICY.auditorsUsPt,
    note: 'Auditors in the US or Portugal: requires both countries at once',
  },
  {
    rule_id: 'access-application-not-weaker-than-parent',
    resource_type: 'access_application',
    resource_id: APP.wikiUploads,
    note: 'Wiki uploads: one-time PIN for anyone under the Okta-only Internal Wiki',
  },
  {
    rule_id: 'tunnel-configuration-hostnames-protected',
    resource_type: 'tunnel_configuration',
    resource_id: TUNNEL.observability,
    note: 'grafana-direct.northwind.example has no Access application in front',
  },
  {
    rule_id: 'service-token-reach-short-lived',
    resource_type: 'service_token',
    resource_id: TOKEN_ID.monitoring,
    note: 'Legacy uptime monitor: never expires and opens Metrics ingest',
  },
];

/**
 * Resources that must raise nothing at medium or above. The organization (a single object) carries
 * planted findings, so it has no clean counterpart.
 */
export const clean: { resource_type: ResourceType; resource_id: string }[] = [
  { resource_type: 'access_application', resource_id: APP.hr },
  { resource_type: 'access_application', resource_id: APP.payroll },
  { resource_type: 'access_application', resource_id: APP.bastion },
  { resource_type: 'access_policy', resource_id: POLICY.employees },
  { resource_type: 'access_policy', resource_id: POLICY.sre },
  // Bypass for everyone on status.northwind.example/healthz only: the documented use of Bypass (info at most).
  { resource_type: 'access_policy', resource_id: POLICY.statusHealthChecks },
  { resource_type: 'access_group', resource_id: GROUP.engineering },
  { resource_type: 'identity_provider', resource_id: IDP.okta },
  { resource_type: 'service_token', resource_id: TOKEN_ID.ci },
  { resource_type: 'mtls_certificate', resource_id: CERT.devices },
  { resource_type: 'mtls_hostname_settings', resource_id: 'hr.northwind.example' },
  { resource_type: 'saml_certificate_set', resource_id: SAML_SET.primary },
  { resource_type: 'idp_federation_grant', resource_id: idpFederationGrants[0]?.id ?? '' },
  { resource_type: 'gateway_ca', resource_id: gatewayCAs[0]?.id ?? '' },
  { resource_type: 'short_lived_ca', resource_id: shortLivedCAs[0]?.id ?? '' },
  { resource_type: 'infrastructure_target', resource_id: TARGET.db },
  { resource_type: 'access_tag', resource_id: 'production' },
  { resource_type: 'custom_page', resource_id: CUSTOM_PAGE.denied },
  { resource_type: 'bookmark', resource_id: APP.bookmark },
  { resource_type: 'access_keys', resource_id: 'access_keys' },
  { resource_type: 'mcp_server', resource_id: MCP_SERVER.github },
  { resource_type: 'mcp_portal', resource_id: MCP_PORTAL.support },
  { resource_type: 'gateway_configuration', resource_id: 'gateway_configuration' },
  { resource_type: 'tunnel', resource_id: TUNNEL.prod },
  { resource_type: 'tunnel_configuration', resource_id: TUNNEL.prod },
  // Look-alikes of reach findings that are correct.
  { resource_type: 'access_application', resource_id: APP.ci },
  { resource_type: 'access_application', resource_id: APP.vendorShare },
  { resource_type: 'access_application', resource_id: APP.status },
];
