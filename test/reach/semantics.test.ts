/**
 * Access semantics, table-driven from Cloudflare's documented examples: each case is a small account (one
 * application, its policies, groups, IdPs and tokens), the principals the example talks about with the
 * decision `decide()` must take, and — where the example shows it — the ways in and dead policies.
 * Every case cites its page; together they cover every selector of SELECTORS and every decision.
 */
import { describe, expect, it } from 'vitest';
import type { Data } from '../../src/common/values.js';
import {
  appPatterns,
  coveringApps,
  DECISIONS,
  decide,
  hostCovers,
  isBroaderThan,
  parsePattern,
  pathCovers,
  SELECTORS,
  type DeadReason,
  type PrincipalClass,
  type Principal,
  type WayIn,
} from '../../src/reach/index.js';
import { firstApp, IDPS, modelOf, type Account } from './fixtures.js';

const DOCS = 'https://developers.cloudflare.com/cloudflare-one';
const POLICIES = `${DOCS}/access-controls/policies/`;
const COMMON = `${DOCS}/access-controls/policies/common-policies/`;
const GROUPS = `${DOCS}/access-controls/policies/groups/`;
const PATHS = `${DOCS}/access-controls/policies/app-paths/`;
const MFA = `${DOCS}/access-controls/policies/mfa-requirements/`;
const TOKENS = `${DOCS}/access-controls/service-credentials/service-tokens/`;
const OTP = `${DOCS}/integrations/identity-providers/one-time-pin/`;
const EXTERNAL = `${DOCS}/access-controls/policies/external-evaluation/`;
const ENTRA = `${DOCS}/integrations/identity-providers/entra-id/`;

/** The IdPs of every case, plus one of each kind that carries groups. */
const ALL_IDPS: readonly Data[] = [
  ...IDPS,
  { id: 'entra', name: 'Entra ID', type: 'azureAD', config: {} },
  { id: 'gws', name: 'Google Workspace', type: 'google-apps', config: {} },
  { id: 'saml-idp', name: 'Generic SAML', type: 'saml', config: {} },
  { id: 'oidc-idp', name: 'Generic OIDC', type: 'oidc', config: {} },
];

interface Who {
  who: string;
  principal: Principal;
  decision: 'allow' | 'deny' | 'bypass' | 'non_identity' | 'none';
  /** The deciding policy (by name); absent for `none`. */
  policy?: string;
  /** The grant holds only under assumptions (unknown attributes, lists, certificates, an IdP account). */
  assumes: boolean;
}

interface Case {
  name: string;
  doc: string;
  account: Account;
  principals: Who[];
  /** Evaluation order, by policy name. */
  order?: string[];
  ways?: Partial<WayIn>[];
  broadest?: PrincipalClass;
  dead?: { policy: string; reason: DeadReason; shadowed_by?: string }[];
  notes?: RegExp[];
}

/** A policy named `name`, its id the name in kebab case (so that expectations read by name). */
function policy(
  name: string,
  decision: string,
  rules: { include?: Data[]; require?: Data[]; exclude?: Data[] },
  precedence?: number,
): Data {
  return {
    id: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    name,
    decision,
    include: rules.include ?? [],
    require: rules.require ?? [],
    exclude: rules.exclude ?? [],
    ...(precedence === undefined ? {} : { precedence }),
  };
}

function account(
  policies: Data[],
  opts: { allowed?: string[]; domain?: string; groups?: Data[]; idps?: readonly Data[] } = {},
): Account {
  const app: Data = {
    id: 'app',
    name: 'App',
    type: 'self_hosted',
    domain: opts.domain ?? 'app.example.com',
    policies,
    ...(opts.allowed ? { allowed_idps: opts.allowed } : {}),
  };
  return { apps: [app], groups: opts.groups ?? [], idps: opts.idps ?? ALL_IDPS };
}

const user = (email: string, idp: string | undefined, more: Partial<Principal> = {}): Principal => ({
  email,
  ...(idp ? { idp } : {}),
  groups: [],
  country: 'PT',
  ip: '198.51.100.7',
  authMethods: ['pwd'],
  postures: [],
  ...more,
});
const request = (more: Partial<Principal> = {}): Principal => ({
  country: 'PT',
  ip: '198.51.100.7',
  postures: [],
  ...more,
});
const noCountry: Partial<Principal> = { country: undefined };

const email = (e: string): Data => ({ email: { email: e } });
const domain = (d: string): Data => ({ email_domain: { domain: d } });
const geo = (c: string): Data => ({ geo: { country_code: c } });
const everyone: Data = { everyone: {} };
const group = (id: string): Data => ({ group: { id } });

const CASES: Case[] = [
  {
    name: 'Allow: emails ending in @example.com',
    doc: `${POLICIES}#allow`,
    account: account([policy('Employees', 'allow', { include: [domain('@example.com')] })], { allowed: ['okta'] }),
    principals: [
      {
        who: 'an employee',
        principal: user('alice@example.com', 'okta'),
        decision: 'allow',
        policy: 'Employees',
        assumes: false,
      },
      { who: 'someone else', principal: user('bob@other.example', 'okta'), decision: 'none', assumes: false },
    ],
    ways: [{ policy: 'employees', decision: 'allow', class: 'email_domain', idps: ['okta'] }],
    broadest: 'email_domain',
    dead: [],
  },
  {
    name: 'Allow: include Portugal, require @team.com, exclude user-1 and user-2',
    doc: `${POLICIES}#allow`,
    account: account(
      [
        policy('Team in Portugal', 'allow', {
          include: [geo('PT')],
          require: [domain('@team.com')],
          exclude: [email('user-1@team.com'), email('user-2@team.com')],
        }),
      ],
      { allowed: ['okta'] },
    ),
    principals: [
      {
        who: 'a team member in Portugal',
        principal: user('carol@team.com', 'okta'),
        decision: 'allow',
        policy: 'Team in Portugal',
        assumes: false,
      },
      { who: 'user-1, excluded', principal: user('user-1@team.com', 'okta'), decision: 'none', assumes: false },
      {
        who: 'a team member in the US',
        principal: user('carol@team.com', 'okta', { country: 'US' }),
        decision: 'none',
        assumes: false,
      },
      {
        who: 'a team member, country not given',
        principal: user('carol@team.com', 'okta', noCountry),
        decision: 'allow',
        policy: 'Team in Portugal',
        assumes: true,
      },
    ],
    ways: [{ class: 'email_domain', conditions: ['country PT'], has_exceptions: true }],
    dead: [],
  },
  {
    name: 'Block: Russia, except the corporate IP list; deny by default',
    doc: `${POLICIES}#block (also ${COMMON}#block-requests-from-high-risk-countries)`,
    account: account(
      [
        policy('Block Russia', 'deny', { include: [geo('RU')], exclude: [{ ip_list: { id: 'corporate-ips' } }] }, 1),
        policy('Employees', 'allow', { include: [domain('example.com')] }, 2),
      ],
      { allowed: ['okta'] },
    ),
    principals: [
      {
        who: 'an employee in Portugal',
        principal: user('alice@example.com', 'okta'),
        decision: 'allow',
        policy: 'Employees',
        assumes: false,
      },
      {
        who: 'an employee in Russia (in only from the IP list)',
        principal: user('alice@example.com', 'okta', { country: 'RU' }),
        decision: 'allow',
        policy: 'Employees',
        assumes: true,
      },
      {
        who: 'no Allow matches: denied by default',
        principal: user('eve@other.example', 'okta'),
        decision: 'none',
        assumes: false,
      },
    ],
    ways: [{ policy: 'employees', class: 'email_domain' }],
    dead: [],
  },
  {
    name: 'Bypass: everyone on test.example.com/admin',
    doc: `${POLICIES}#bypass`,
    account: account([policy('Public admin endpoint', 'bypass', { include: [everyone] })], {
      domain: 'test.example.com/admin',
    }),
    principals: [
      {
        who: 'an anonymous request',
        principal: request(),
        decision: 'bypass',
        policy: 'Public admin endpoint',
        assumes: false,
      },
    ],
    ways: [{ decision: 'bypass', class: 'internet', idps: [] }],
    broadest: 'internet',
    dead: [],
  },
  {
    name: 'Bypass: an identity selector never matches (the policy is dead)',
    doc: `${POLICIES}#bypass`,
    account: account([policy('Bypass for Alice', 'bypass', { include: [email('alice@example.com')] })]),
    principals: [{ who: 'Alice', principal: user('alice@example.com', 'otp'), decision: 'none', assumes: false }],
    ways: [],
    broadest: 'nobody',
    dead: [{ policy: 'bypass-for-alice', reason: 'identity_in_bypass' }],
  },
  {
    name: 'Bypass: an identity exclude never matches either, so it excepts nobody',
    doc: `${POLICIES}#bypass`,
    account: account([
      policy('Bypass but Alice', 'bypass', { include: [everyone], exclude: [email('alice@example.com')] }),
    ]),
    principals: [
      {
        who: 'Alice',
        principal: user('alice@example.com', 'otp'),
        decision: 'bypass',
        policy: 'Bypass but Alice',
        assumes: false,
      },
    ],
    ways: [{ class: 'internet' }],
  },
  {
    name: 'Bypass: the authentication method is identity-based, so a Bypass on it is dead',
    doc: `${POLICIES}#cloudflare-access-selectors`,
    account: account([
      policy('Bypass with a key', 'bypass', {
        include: [everyone],
        require: [{ auth_method: { auth_method: 'hwk' } }],
      }),
      policy('Key holders', 'allow', { include: [{ auth_method: { auth_method: 'hwk' } }] }),
    ]),
    principals: [
      {
        who: 'a key holder',
        principal: user('alice@example.com', 'otp', { authMethods: ['hwk'] }),
        decision: 'allow',
        policy: 'Key holders',
        assumes: false,
      },
    ],
    dead: [{ policy: 'bypass-with-a-key', reason: 'identity_in_bypass' }],
  },
  {
    name: 'Service Auth: a service token, from 192.0.2.0/24 only',
    doc: `${COMMON}#authenticate-a-service-using-a-service-token`,
    account: account([
      policy('CI', 'non_identity', {
        include: [{ service_token: { token_id: 'tok-ci' } }],
        require: [{ ip: { ip: '192.0.2.0/24' } }],
      }),
    ]),
    principals: [
      {
        who: 'the token from its network',
        principal: request({ serviceToken: 'tok-ci', ip: '192.0.2.10' }),
        decision: 'non_identity',
        policy: 'CI',
        assumes: false,
      },
      {
        who: 'the token from elsewhere',
        principal: request({ serviceToken: 'tok-ci' }),
        decision: 'none',
        assumes: false,
      },
      {
        who: 'the token, address not given',
        principal: { serviceToken: 'tok-ci' },
        decision: 'non_identity',
        policy: 'CI',
        assumes: true,
      },
      {
        who: 'another token',
        principal: request({ serviceToken: 'tok-forever', ip: '192.0.2.10' }),
        decision: 'none',
        assumes: false,
      },
    ],
    ways: [
      {
        decision: 'non_identity',
        class: 'service_token',
        credentials: ["service token 'CI'"],
        conditions: ['IP 192.0.2.0/24'],
        idps: [],
      },
    ],
    broadest: 'service_token',
  },
  {
    name: 'Service Auth: any service token of the account; an expired one does not authenticate',
    doc: `${POLICIES}#cloudflare-access-selectors (Any Access Service Token); ${TOKENS}#renew-service-tokens`,
    account: account([
      policy('Any token', 'non_identity', { include: [{ any_valid_service_token: {} }] }),
      policy('Old token', 'non_identity', { include: [{ service_token: { token_id: 'tok-old' } }] }),
    ]),
    principals: [
      {
        who: 'a token that expires later',
        principal: request({ serviceToken: 'tok-ci' }),
        decision: 'non_identity',
        policy: 'Any token',
        assumes: false,
      },
      {
        who: 'a token that never expires',
        principal: request({ serviceToken: 'tok-forever' }),
        decision: 'non_identity',
        policy: 'Any token',
        assumes: false,
      },
      { who: 'an expired token', principal: request({ serviceToken: 'tok-old' }), decision: 'none', assumes: false },
      { who: 'a user', principal: user('alice@example.com', 'otp'), decision: 'none', assumes: false },
    ],
  },
  {
    name: 'Service Auth: a token the account no longer holds does not authenticate',
    doc: `${TOKENS}#revoke-service-tokens`,
    account: account([
      policy('Deleted token', 'non_identity', { include: [{ service_token: { token_id: 'tok-deleted' } }] }),
    ]),
    principals: [
      {
        who: 'the deleted token',
        principal: request({ serviceToken: 'tok-deleted' }),
        decision: 'none',
        assumes: false,
      },
    ],
  },
  {
    name: 'Service Auth: a valid client certificate (unknown to the snapshot)',
    doc: `${POLICIES}#service-auth`,
    account: account([policy('mTLS', 'non_identity', { include: [{ certificate: {} }] })]),
    principals: [{ who: 'a request', principal: request(), decision: 'non_identity', policy: 'mTLS', assumes: true }],
    ways: [{ class: 'condition_only', unknown: ['a valid client certificate'], credentials: [] }],
  },
  {
    name: 'Service Auth: a certificate with an expected common name',
    doc: `${COMMON}#authenticate-a-service-using-mutual-tls`,
    account: account([
      policy('API client', 'non_identity', { include: [{ common_name: { common_name: 'api-client.example.com' } }] }),
    ]),
    principals: [
      { who: 'a request', principal: request(), decision: 'non_identity', policy: 'API client', assumes: true },
    ],
    ways: [{ class: 'condition_only', unknown: ['client certificate common name api-client.example.com'] }],
  },
  {
    name: "Service Auth: a linked app's OAuth token",
    doc: `${POLICIES}#cloudflare-access-selectors (Linked App Token)`,
    account: account([
      policy('MCP client', 'non_identity', { include: [{ linked_app_token: { app_uid: 'saas-app' } }] }),
    ]),
    principals: [
      {
        who: 'a request with a token of its own',
        principal: request(),
        decision: 'non_identity',
        policy: 'MCP client',
        assumes: true,
      },
      { who: 'a service token', principal: request({ serviceToken: 'tok-ci' }), decision: 'none', assumes: false },
    ],
    ways: [{ class: 'service_token', credentials: ['OAuth token of linked application saas-app'] }],
  },
  {
    name: 'Order of execution: Allow A, Block B, Service Auth C, Bypass D, Allow E runs C > D > A > B > E',
    doc: `${POLICIES}#cloudflare-access-policy-order-of-execution`,
    account: account(
      [
        policy('Allow A', 'allow', { include: [domain('example.com')] }, 1),
        policy('Block B', 'deny', { include: [geo('RU')] }, 2),
        policy('Service Auth C', 'non_identity', { include: [{ service_token: { token_id: 'tok-ci' } }] }, 3),
        policy('Bypass D', 'bypass', { include: [{ ip: { ip: '203.0.113.0/24' } }] }, 4),
        policy('Allow E', 'allow', { include: [everyone] }, 5),
      ],
      { allowed: ['okta'] },
    ),
    order: ['Service Auth C', 'Bypass D', 'Allow A', 'Block B', 'Allow E'],
    principals: [
      {
        who: "the token, from D's network",
        principal: request({ serviceToken: 'tok-ci', ip: '203.0.113.5' }),
        decision: 'non_identity',
        policy: 'Service Auth C',
        assumes: false,
      },
      {
        who: "an employee in Russia, from D's network",
        principal: user('alice@example.com', 'okta', { country: 'RU', ip: '203.0.113.5' }),
        decision: 'bypass',
        policy: 'Bypass D',
        assumes: false,
      },
      {
        who: 'an employee in Russia',
        principal: user('alice@example.com', 'okta', { country: 'RU' }),
        decision: 'allow',
        policy: 'Allow A',
        assumes: false,
      },
      {
        who: 'an outsider in Russia',
        principal: user('mallory@evil.example', 'okta', { country: 'RU' }),
        decision: 'deny',
        policy: 'Block B',
        assumes: false,
      },
      {
        who: 'an outsider in Portugal',
        principal: user('bob@other.example', 'okta'),
        decision: 'allow',
        policy: 'Allow E',
        assumes: false,
      },
    ],
    ways: [
      { policy: 'service-auth-c', class: 'service_token' },
      { policy: 'bypass-d', class: 'condition_only' },
      { policy: 'allow-a', class: 'email_domain' },
      { policy: 'allow-e', class: 'any_idp_user' },
    ],
    broadest: 'any_idp_user',
    dead: [],
  },
  {
    name: 'Require rules: country US AND Portugal, emails in two domains: nobody (as written, no include)',
    doc: `${POLICIES}#require-rules-with-or-operators`,
    account: account([
      policy('Countries', 'allow', {
        require: [geo('US'), geo('PT'), domain('cloudflare.com'), domain('contractors.com')],
      }),
    ]),
    principals: [
      {
        who: 'an employee in the US',
        principal: user('a@cloudflare.com', 'okta', { country: 'US' }),
        decision: 'none',
        assumes: false,
      },
    ],
    ways: [],
    broadest: 'nobody',
    dead: [{ policy: 'countries', reason: 'no_include' }],
  },
  {
    name: 'Require rules: the same with an include: the require cannot hold',
    doc: `${POLICIES}#require-rules-with-or-operators`,
    account: account([
      policy('Countries', 'allow', {
        include: [everyone],
        require: [geo('US'), geo('PT'), domain('cloudflare.com'), domain('contractors.com')],
      }),
    ]),
    principals: [
      {
        who: 'an employee in the US',
        principal: user('a@cloudflare.com', 'okta', { country: 'US' }),
        decision: 'none',
        assumes: false,
      },
    ],
    ways: [],
    dead: [{ policy: 'countries', reason: 'unsatisfiable_require' }],
  },
  {
    name: 'Require rules: the rule-group fix (require group "Country requirements", include either domain)',
    doc: `${POLICIES}#require-rules-with-or-operators; ${GROUPS}#country-requirements`,
    account: account(
      [
        policy('Countries', 'allow', {
          include: [domain('cloudflare.com'), domain('contractors.com')],
          require: [group('country-requirements')],
        }),
      ],
      {
        allowed: ['okta'],
        groups: [{ id: 'country-requirements', name: 'Country requirements', include: [geo('US'), geo('PT')] }],
      },
    ),
    principals: [
      {
        who: 'an employee in Portugal',
        principal: user('a@cloudflare.com', 'okta'),
        decision: 'allow',
        policy: 'Countries',
        assumes: false,
      },
      {
        who: 'a contractor in the US',
        principal: user('b@contractors.com', 'okta', { country: 'US' }),
        decision: 'allow',
        policy: 'Countries',
        assumes: false,
      },
      {
        who: 'an employee in France',
        principal: user('a@cloudflare.com', 'okta', { country: 'FR' }),
        decision: 'none',
        assumes: false,
      },
      {
        who: 'an employee, country not given',
        principal: user('a@cloudflare.com', 'okta', noCountry),
        decision: 'allow',
        policy: 'Countries',
        assumes: true,
      },
    ],
    ways: [
      { class: 'email_domain', conditions: ['country US'], groups: ['country-requirements'] },
      { class: 'email_domain', conditions: ['country PT'], groups: ['country-requirements'] },
      { class: 'email_domain', conditions: ['country US'], groups: ['country-requirements'] },
      { class: 'email_domain', conditions: ['country PT'], groups: ['country-requirements'] },
    ],
    dead: [],
  },
  {
    name: 'Rule groups nest: Employees = Engineering (an Okta group) or Sales (a domain)',
    doc: GROUPS,
    account: account([policy('Employees', 'allow', { include: [group('employees')] })], {
      allowed: ['okta'],
      groups: [
        { id: 'employees', name: 'Employees', include: [group('engineering'), group('sales')] },
        { id: 'engineering', name: 'Engineering', include: [{ okta: { name: 'eng', identity_provider_id: 'okta' } }] },
        { id: 'sales', name: 'Sales', include: [domain('sales.example.com')] },
      ],
    }),
    principals: [
      {
        who: 'an engineer',
        principal: user('dev@example.com', 'okta', { groups: ['eng'] }),
        decision: 'allow',
        policy: 'Employees',
        assumes: false,
      },
      {
        who: 'a sales rep',
        principal: user('rep@sales.example.com', 'okta'),
        decision: 'allow',
        policy: 'Employees',
        assumes: false,
      },
      { who: 'neither', principal: user('other@example.com', 'okta'), decision: 'none', assumes: false },
    ],
    ways: [
      { class: 'named', groups: ['employees', 'engineering'], idps: ['okta'] },
      { class: 'email_domain', groups: ['employees', 'sales'] },
    ],
    dead: [],
    notes: [],
  },
  {
    name: 'Rule groups: a cycle cannot be resolved: unknown where it is met, and noted',
    doc: GROUPS,
    account: account([policy('Cyclic', 'allow', { include: [group('a')] })], {
      allowed: ['okta'],
      groups: [
        { id: 'a', name: 'A', include: [group('b')] },
        { id: 'b', name: 'B', include: [group('a'), email('alice@example.com')] },
      ],
    }),
    principals: [
      {
        who: 'Alice, named in the cycle',
        principal: user('alice@example.com', 'okta'),
        decision: 'allow',
        policy: 'Cyclic',
        assumes: false,
      },
      {
        who: 'Bob, in only if the cycle holds',
        principal: user('bob@example.com', 'okta'),
        decision: 'allow',
        policy: 'Cyclic',
        assumes: true,
      },
    ],
    notes: [/Access group a \(cycle\)/],
  },
  {
    name: 'Rule groups: a group missing from the snapshot is unknown, and noted',
    doc: GROUPS,
    account: account([policy('Missing group', 'allow', { include: [group('deleted')] })], { allowed: ['okta'] }),
    principals: [
      {
        who: 'anyone',
        principal: user('bob@example.com', 'okta'),
        decision: 'allow',
        policy: 'Missing group',
        assumes: true,
      },
    ],
    notes: [/Access group deleted \(missing\)/],
  },
  {
    name: 'Identity provider groups are bound to their IdP: an Okta group through GitHub does not count',
    doc: `${POLICIES}#cloudflare-access-selectors (Identity provider group)`,
    account: account(
      [policy('Engineering', 'allow', { include: [{ okta: { name: 'eng', identity_provider_id: 'okta' } }] })],
      { allowed: ['okta', 'gh'] },
    ),
    principals: [
      {
        who: 'an engineer through Okta',
        principal: user('dev@example.com', 'okta', { groups: ['eng'] }),
        decision: 'allow',
        policy: 'Engineering',
        assumes: false,
      },
      {
        who: 'the same group name through GitHub',
        principal: user('dev@example.com', 'gh', { groups: ['eng'] }),
        decision: 'none',
        assumes: false,
      },
    ],
    ways: [{ class: 'named', idps: ['okta'] }],
  },
  {
    name: 'Identity provider groups of every kind: Entra, Google Workspace, SAML, OIDC, GitHub organization/team',
    doc:
      `${POLICIES}#cloudflare-access-selectors (Identity provider group, SAML Group, OIDC Claim); ` +
      `${ENTRA}#entra-groups-in-zero-trust-policies`,
    account: account([
      policy('Groups', 'allow', {
        include: [
          { azureAD: { id: 'object-id-admins', identity_provider_id: 'entra' } },
          { gsuite: { email: 'eng@example.com', identity_provider_id: 'gws' } },
          { saml: { attribute_name: 'role', attribute_value: 'admin', identity_provider_id: 'saml-idp' } },
          { oidc: { claim_name: 'groups', claim_value: 'admins', identity_provider_id: 'oidc-idp' } },
          { 'github-organization': { name: 'acme', team: 'core', identity_provider_id: 'gh' } },
        ],
      }),
    ]),
    principals: [
      {
        who: 'an Entra admin',
        principal: user('a@example.com', 'entra', { groups: ['object-id-admins'] }),
        decision: 'allow',
        policy: 'Groups',
        assumes: false,
      },
      {
        who: 'a Workspace group member',
        principal: user('b@example.com', 'gws', { groups: ['eng@example.com'] }),
        decision: 'allow',
        policy: 'Groups',
        assumes: false,
      },
      {
        who: 'a SAML admin',
        principal: user('c@example.com', 'saml-idp', { groups: ['admin'] }),
        decision: 'allow',
        policy: 'Groups',
        assumes: false,
      },
      {
        who: 'an OIDC admin',
        principal: user('d@example.com', 'oidc-idp', { groups: ['admins'] }),
        decision: 'allow',
        policy: 'Groups',
        assumes: false,
      },
      {
        who: 'a GitHub team member',
        principal: user('e@example.com', 'gh', { groups: ['acme/core'] }),
        decision: 'allow',
        policy: 'Groups',
        assumes: false,
      },
      {
        who: 'an Entra group through SAML',
        principal: user('f@example.com', 'saml-idp', { groups: ['object-id-admins'] }),
        decision: 'none',
        assumes: false,
      },
    ],
    ways: ['entra', 'gws', 'saml-idp', 'oidc-idp', 'gh'].map((idp) => ({ class: 'named' as const, idps: [idp] })),
  },
  {
    name: 'Login method outside allowed_idps: the policy is dead',
    doc: `${POLICIES}#cloudflare-access-selectors (Login Methods)`,
    account: account([policy('GitHub users', 'allow', { include: [{ login_method: { id: 'gh' } }] })], {
      allowed: ['okta'],
    }),
    principals: [{ who: 'a GitHub user', principal: user('dev@example.com', 'gh'), decision: 'none', assumes: false }],
    ways: [],
    broadest: 'nobody',
    dead: [{ policy: 'github-users', reason: 'idp_not_allowed' }],
  },
  {
    name: 'Include login method One-time PIN: anyone with an email address',
    doc: `${POLICIES}#include-all-valid-emails; ${OTP}`,
    account: account([policy('OTP', 'allow', { include: [{ login_method: { id: 'otp' } }] })], {
      allowed: ['otp', 'okta'],
    }),
    principals: [
      {
        who: 'anyone, by one-time PIN',
        principal: user('anyone@gmail.com', 'otp'),
        decision: 'allow',
        policy: 'OTP',
        assumes: false,
      },
      {
        who: 'anyone, IdP not given (PIN tried, no assumption)',
        principal: user('anyone@gmail.com', undefined),
        decision: 'allow',
        policy: 'OTP',
        assumes: false,
      },
      { who: 'an Okta user', principal: user('bob@example.com', 'okta'), decision: 'none', assumes: false },
    ],
    ways: [{ class: 'any_email', idps: ['otp'] }],
    broadest: 'any_email',
  },
  {
    name: 'Include everyone through a corporate IdP: any of its users; an account there is an assumption',
    doc: `${POLICIES}#include-everyone`,
    account: account([policy('Everyone', 'allow', { include: [everyone] })], { allowed: ['okta'] }),
    principals: [
      {
        who: 'an Okta user',
        principal: user('bob@example.com', 'okta'),
        decision: 'allow',
        policy: 'Everyone',
        assumes: false,
      },
      {
        who: 'anyone, IdP not given',
        principal: user('bob@example.com', undefined),
        decision: 'allow',
        policy: 'Everyone',
        assumes: true,
      },
      {
        who: 'a service token (an Allow asks for a login)',
        principal: request({ serviceToken: 'tok-ci' }),
        decision: 'none',
        assumes: false,
      },
    ],
    ways: [{ class: 'any_idp_user', idps: ['okta'] }],
    broadest: 'any_idp_user',
  },
  {
    name: 'Include everyone with one-time PIN allowed: anyone with an email address',
    doc: `${POLICIES}#include-everyone`,
    account: account([policy('Everyone', 'allow', { include: [everyone] })], { allowed: ['otp'] }),
    principals: [
      { who: 'anyone', principal: user('x@gmail.com', 'otp'), decision: 'allow', policy: 'Everyone', assumes: false },
    ],
    broadest: 'any_email',
  },
  {
    name: 'Contractors by one-time PIN: emails in two domains, login method required',
    doc: `${COMMON}#allow-contractor-access-with-email-based-authentication`,
    account: account(
      [
        policy('Contractors', 'allow', {
          include: [domain('contractor-a.com'), domain('contractor-b.com')],
          require: [{ login_method: { id: 'otp' } }],
        }),
      ],
      { allowed: ['otp', 'okta'] },
    ),
    principals: [
      {
        who: 'a contractor by PIN',
        principal: user('c@contractor-b.com', 'otp'),
        decision: 'allow',
        policy: 'Contractors',
        assumes: false,
      },
      {
        who: 'a contractor through Okta',
        principal: user('c@contractor-b.com', 'okta'),
        decision: 'none',
        assumes: false,
      },
    ],
    ways: [
      { class: 'email_domain', idps: ['otp'] },
      { class: 'email_domain', idps: ['otp'] },
    ],
  },
  {
    name: 'Exclude everyone cancels the include: the policy is dead',
    doc: `${POLICIES}#exclude`,
    account: account([
      policy('Nobody', 'allow', { include: [domain('example.com')], exclude: [everyone] }),
      policy('Not Alice', 'allow', { include: [email('alice@example.com')], exclude: [email('alice@example.com')] }),
    ]),
    principals: [{ who: 'Alice', principal: user('alice@example.com', 'okta'), decision: 'none', assumes: false }],
    ways: [],
    dead: [
      { policy: 'nobody', reason: 'exclude_cancels_include' },
      { policy: 'not-alice', reason: 'exclude_cancels_include' },
    ],
  },
  {
    name: 'Shadowing: an Allow for everyone decides before a later Block',
    doc: `${POLICIES}#cloudflare-access-policy-order-of-execution`,
    account: account(
      [
        policy('Everyone', 'allow', { include: [everyone] }, 1),
        policy('Block Russia', 'deny', { include: [geo('RU')] }, 2),
      ],
      { allowed: ['okta'] },
    ),
    principals: [
      {
        who: 'a user in Russia',
        principal: user('ivan@example.com', 'okta', { country: 'RU' }),
        decision: 'allow',
        policy: 'Everyone',
        assumes: false,
      },
    ],
    dead: [{ policy: 'block-russia', reason: 'shadowed', shadowed_by: 'everyone' }],
  },
  {
    name: 'Shadowing: a Bypass for everyone decides before everything else',
    doc: `${POLICIES}#cloudflare-access-policy-order-of-execution; ${POLICIES}#bypass`,
    account: account([
      policy('Employees', 'allow', { include: [domain('example.com')] }, 1),
      policy('Public', 'bypass', { include: [everyone] }, 2),
      policy('CI', 'non_identity', { include: [{ service_token: { token_id: 'tok-ci' } }] }, 3),
    ]),
    order: ['Public', 'CI', 'Employees'],
    principals: [
      {
        who: 'an employee',
        principal: user('alice@example.com', 'okta'),
        decision: 'bypass',
        policy: 'Public',
        assumes: false,
      },
      {
        who: 'the CI token',
        principal: request({ serviceToken: 'tok-ci' }),
        decision: 'bypass',
        policy: 'Public',
        assumes: false,
      },
    ],
    ways: [{ policy: 'public', class: 'internet' }],
    broadest: 'internet',
    dead: [
      { policy: 'ci', reason: 'shadowed', shadowed_by: 'public' },
      { policy: 'employees', reason: 'shadowed', shadowed_by: 'public' },
    ],
  },
  {
    name: 'A decision Access does not know is never evaluated',
    doc: `${POLICIES}#cloudflare-access-policy-actions`,
    account: account([policy('Typo', 'block', { include: [everyone] })]),
    principals: [{ who: 'anyone', principal: user('alice@example.com', 'okta'), decision: 'none', assumes: false }],
    dead: [{ policy: 'typo', reason: 'unknown_decision' }],
  },
  {
    name: 'Require MFA: the IdP must report mfa; unknown methods are an assumption',
    doc: `${MFA}#identity-provider-based-mfa`,
    account: account(
      [
        policy('MFA', 'allow', {
          include: [domain('example.com')],
          require: [{ auth_method: { auth_method: 'mfa' } }],
        }),
      ],
      { allowed: ['okta'] },
    ),
    principals: [
      {
        who: 'an employee with MFA',
        principal: user('alice@example.com', 'okta', { authMethods: ['pwd', 'mfa'] }),
        decision: 'allow',
        policy: 'MFA',
        assumes: false,
      },
      {
        who: 'an employee with a password only',
        principal: user('alice@example.com', 'okta'),
        decision: 'none',
        assumes: false,
      },
      {
        who: 'an employee, methods not given',
        principal: user('alice@example.com', 'okta', { authMethods: undefined }),
        decision: 'allow',
        policy: 'MFA',
        assumes: true,
      },
    ],
    ways: [{ class: 'email_domain', conditions: ['authentication method mfa'] }],
  },
  {
    name: 'Device posture: an IdP group on a managed device (three posture checks)',
    doc: `${COMMON}#require-device-posture-for-sensitive-applications`,
    account: account(
      [
        policy('Managed devices', 'allow', {
          include: [{ okta: { name: 'Full-Time Employees', identity_provider_id: 'okta' } }],
          require: ['os-version', 'disk-encryption', 'firewall'].map((uid) => ({
            device_posture: { integration_uid: uid },
          })),
        }),
      ],
      { allowed: ['okta'] },
    ),
    principals: [
      {
        who: 'an employee on a compliant device',
        decision: 'allow',
        policy: 'Managed devices',
        assumes: false,
        principal: user('alice@example.com', 'okta', {
          groups: ['Full-Time Employees'],
          postures: ['os-version', 'disk-encryption', 'firewall'],
        }),
      },
      {
        who: 'an employee without a firewall',
        decision: 'none',
        assumes: false,
        principal: user('alice@example.com', 'okta', {
          groups: ['Full-Time Employees'],
          postures: ['os-version', 'disk-encryption'],
        }),
      },
      {
        who: 'an employee, device not given',
        decision: 'allow',
        policy: 'Managed devices',
        assumes: true,
        principal: user('alice@example.com', 'okta', { groups: ['Full-Time Employees'], postures: undefined }),
      },
    ],
    ways: [
      {
        class: 'named',
        conditions: ['device posture os-version', 'device posture disk-encryption', 'device posture firewall'],
      },
    ],
  },
  {
    name: 'Exclude high-risk users: a user risk score the snapshot cannot judge',
    doc: `${COMMON}#exclude-high-risk-users`,
    account: account(
      [
        policy('Low risk', 'allow', {
          include: [domain('example.com')],
          exclude: [{ user_risk_score: { user_risk_score: ['high'] } }],
        }),
      ],
      { allowed: ['okta'] },
    ),
    principals: [
      {
        who: 'an employee',
        principal: user('alice@example.com', 'okta'),
        decision: 'allow',
        policy: 'Low risk',
        assumes: true,
      },
    ],
    ways: [{ class: 'email_domain', has_exceptions: true }],
  },
  {
    name: 'External evaluation: custom logic the snapshot cannot judge',
    doc: EXTERNAL,
    account: account(
      [
        policy('Evaluated', 'allow', {
          include: [domain('example.com')],
          require: [
            {
              external_evaluation: {
                evaluate_url: 'https://eval.example.com',
                keys_url: 'https://eval.example.com/keys',
              },
            },
          ],
        }),
      ],
      { allowed: ['okta'] },
    ),
    principals: [
      {
        who: 'an employee',
        principal: user('alice@example.com', 'okta'),
        decision: 'allow',
        policy: 'Evaluated',
        assumes: true,
      },
    ],
    ways: [{ class: 'email_domain', unknown: ['external evaluation https://eval.example.com'] }],
  },
  {
    name: 'Email lists, Cloudflare account members, Entra authentication contexts: unknown to the snapshot',
    doc: `${COMMON}#allow-contractor-access-with-email-based-authentication (email list); ${ENTRA}`,
    account: account(
      [
        policy('Listed', 'allow', { include: [{ email_list: { id: 'contractors' } }] }, 1),
        policy('Members', 'allow', { include: [{ cloudflare_account_member: {} }] }, 2),
        policy(
          'Context',
          'allow',
          {
            include: [domain('example.com')],
            require: [{ auth_context: { id: 'c1', ac_id: 'c1', identity_provider_id: 'entra' } }],
          },
          3,
        ),
      ],
      { allowed: ['otp'] },
    ),
    principals: [
      {
        who: 'someone by PIN',
        principal: user('c@contractor.example', 'otp'),
        decision: 'allow',
        policy: 'Listed',
        assumes: true,
      },
      { who: 'a service token', principal: request({ serviceToken: 'tok-ci' }), decision: 'none', assumes: false },
    ],
    ways: [
      { policy: 'listed', class: 'named', unknown: ['email list contractors'] },
      { policy: 'members', class: 'named' },
      { policy: 'context', class: 'email_domain', unknown: ['Entra authentication context c1'] },
    ],
  },
  {
    name: 'A malformed rule cannot be judged',
    doc: `${POLICIES}#cloudflare-access-selectors`,
    account: account(
      [policy('Malformed', 'allow', { include: [{ email: { email: 'a@example.com' }, geo: { country_code: 'PT' } }] })],
      { allowed: ['okta'] },
    ),
    principals: [
      {
        who: 'anyone',
        principal: user('bob@example.com', 'okta'),
        decision: 'allow',
        policy: 'Malformed',
        assumes: true,
      },
    ],
  },
];

const idOf = (a: Account, name: string | undefined): string | undefined =>
  name === undefined
    ? undefined
    : ((a.apps[0]!.policies as Data[]).find((p) => p.name === name)?.id as string | undefined);

function check(c: Case): void {
  const app = firstApp(c.account);
  if (c.order)
    expect(
      app.policies.map((p) => p.name),
      'evaluation order',
    ).toEqual(c.order);
  for (const w of c.principals) {
    const got = decide(app.policies, w.principal, app.context);
    expect({ decision: got.decision, policy: got.policy, assumes: got.assumptions.length > 0 }, w.who).toEqual({
      decision: w.decision,
      policy: idOf(c.account, w.policy),
      assumes: w.assumes,
    });
  }
  if (c.ways) expect(app.ways, 'ways in').toMatchObject(c.ways);
  if (c.broadest) expect(app.broadest, 'broadest class').toBe(c.broadest);
  if (c.dead) {
    expect(
      app.dead.map((d) => ({
        policy: d.policy,
        reason: d.reason,
        ...(d.shadowed_by ? { shadowed_by: d.shadowed_by } : {}),
      })),
      'dead policies',
    ).toEqual(c.dead);
  }
  if (c.notes) {
    expect(app.notes, 'notes').toHaveLength(c.notes.length);
    c.notes.forEach((re, i) => expect(app.notes[i]).toMatch(re));
  }
}

describe('Access semantics from the documentation', () => {
  for (const c of CASES) {
    const title = `${c.name} — ${c.doc}`;
    it(title, () => check(c));
  }

  it('the cases use every selector of SELECTORS and every decision', () => {
    const selectors = new Set<string>();
    const decisions = new Set<string>();
    for (const c of CASES) {
      for (const p of firstApp(c.account).policies) {
        if (p.decision) decisions.add(p.decision);
        for (const t of p.expansion.terms)
          for (const a of [...t.atoms, ...t.excludes.flatMap((e) => e.atoms)]) selectors.add(a.selector);
      }
    }
    expect([...selectors].sort()).toEqual(expect.arrayContaining(Object.keys(SELECTORS).sort()));
    expect([...decisions].sort()).toEqual([...DECISIONS].sort());
  });
});

describe('application paths', () => {
  // Each row: pattern, covered, not covered — the tables of the app-paths page.
  const TABLES: [string, string[], string[]][] = [
    ['*.example.com', ['alpha.example.com', 'beta.example.com'], ['example.com', 'foo.bar.example.com']],
    ['example.com', ['example.com', 'example.com/alpha', 'example.com/beta'], ['alpha.example.com']],
    ['example.com/*', ['example.com', 'example.com/alpha', 'example.com/beta'], ['alpha.example.com']],
    ['*.test.example.com', ['alpha.test.example.com', 'beta.test.example.com'], ['test.example.com', 'example.com']],
    ['*test.example.com', ['test.example.com', 'alphatest.example.com'], ['beta.test.example.com']],
    ['example.com/alpha/*', ['example.com/alpha/one', 'example.com/alpha/two'], ['example.com/alpha', 'example.com']],
    ['example.com/foo*/bar', ['example.com/foo/bar', 'example.com/food/bar', 'example.com/food/stuff/bar'], []],
  ];
  const covers = (pattern: string, url: string): boolean => {
    const p = parsePattern(pattern)!;
    const u = parsePattern(url)!;
    return hostCovers(p.host, u.host) && pathCovers(p.path, u.path);
  };

  for (const [pattern, yes, no] of TABLES) {
    it(`${pattern} covers ${yes.join(', ')}${no.length ? `, not ${no.join(', ')}` : ''} — ${PATHS}#wildcards`, () => {
      for (const url of yes) expect(covers(pattern, url), url).toBe(true);
      for (const url of no) expect(covers(pattern, url), url).toBe(false);
    });
  }

  it(`a pattern is broader than what it covers, not than itself or a sibling — ${PATHS}#wildcards`, () => {
    const ROWS: [string, string, boolean][] = [
      ['*.example.com', 'alpha.example.com', true],
      ['*.example.com', 'example.com', false],
      ['*.example.com', 'foo.bar.example.com', false],
      ['*.example.com', '*.example.com/admin', true],
      ['example.com', 'example.com/alpha', true],
      ['example.com/*', 'example.com/alpha', true],
      ['example.com', 'example.com/*', false],
      ['example.com', 'alpha.example.com', false],
      ['*.test.example.com', 'alpha.test.example.com', true],
      ['*.test.example.com', 'test.example.com', false],
      ['*test.example.com', 'test.example.com', true],
      ['*test.example.com', 'beta.test.example.com', false],
      ['example.com/alpha/*', 'example.com/alpha/one', true],
      ['example.com/alpha/*', 'example.com/alpha', false],
      ['example.com/alpha/*', 'example.com/alpha/*', false],
      ['example.com/foo*/bar', 'example.com/food/stuff/bar', true],
      ['example.com/alpha', 'example.com/beta', false],
      ['alpha.example.com', '*.example.com', false],
    ];
    for (const [outer, inner, expected] of ROWS) {
      expect(isBroaderThan(parsePattern(outer)!, parsePattern(inner)!), `${outer} broader than ${inner}`).toBe(
        expected,
      );
    }
  });

  it(`ports, query strings and anchors are not part of an application path — ${PATHS}#unsupported-urls`, () => {
    expect(parsePattern('https://Example.com:8443/eng?x=1#top')).toMatchObject({ host: 'example.com', path: 'eng' });
  });

  it(`dashboard.com/eng/exec wins over dashboard.com/eng, inherits nothing — ${PATHS}#policy-inheritance`, () => {
    const model = modelOf({
      apps: [
        {
          id: 'eng',
          name: 'Engineering',
          type: 'self_hosted',
          domain: 'dashboard.com/eng',
          policies: [
            policy('Engineering team', 'allow', {
              include: [{ okta: { name: 'engineering', identity_provider_id: 'okta' } }],
            }),
          ],
        },
        {
          id: 'exec',
          name: 'Executives',
          type: 'self_hosted',
          domain: 'dashboard.com/eng/exec',
          policies: [policy('Anyone by PIN', 'allow', { include: [everyone] })],
        },
      ],
    });
    const apps = model.apps;
    expect(coveringApps(apps, 'dashboard.com', 'eng/exec/report').map((c) => c.app.id)).toEqual(['exec', 'eng']);
    expect(coveringApps(apps, 'dashboard.com', 'eng/other').map((c) => c.app.id)).toEqual(['eng']);
    expect(appPatterns(apps[1]!.app).map((p) => p.text)).toEqual(['dashboard.com/eng/exec']);
    // The narrower application lets in more people than the one it carves out of.
    expect(model.narrower).toEqual([
      expect.objectContaining({
        app: expect.objectContaining({ id: 'exec' }),
        parent: expect.objectContaining({ id: 'eng' }),
        class: 'any_email',
        parent_class: 'named',
      }),
    ]);
  });
});
