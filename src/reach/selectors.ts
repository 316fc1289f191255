/**
 * What each Access rule selector admits, table-driven: its kind (identity, login method, condition,
 * service credential), the principal class it narrows to, a readable description, and its three-valued
 * match against a principal. Selectors and their meaning:
 * https://developers.cloudflare.com/cloudflare-one/access-controls/policies/#cloudflare-access-selectors
 * Field names follow the official SDK's AccessRule union (schemas/fields/access_policy.json).
 */
import { isObject, str, asArray, type Data, plainText } from '../common/values.js';
import { isPublicEmailDomain, parseCidr } from '../engine/functions.js';
import type { PrincipalClass } from './classes.js';
import type { Principal, Tri } from './principal.js';

/** What the model knows about the account beyond the policy itself. */
export interface SelectorContext {
  idps: ReadonlyMap<string, Data>;
  tokens: ReadonlyMap<string, Data>;
  now: Date;
}

export type SelectorKind = 'everyone' | 'identity' | 'login_method' | 'condition' | 'credential';

export interface SelectorSpec {
  kind: SelectorKind;
  /** Class of the identities an `identity` selector admits. */
  identityClass?: (body: Data) => PrincipalClass;
  /** The identity provider the selector is bound to (login methods, IdP group selectors). */
  idp?: (body: Data) => string | undefined;
  /** The principal attribute a condition reads; an assumption about it is named after it. */
  attribute?: string;
  /** The model cannot judge it from the snapshot or any principal attribute (lists, external calls). */
  opaque?: boolean;
  /**
   * A condition the docs' selector table marks identity-based: it needs a login, so it never matches in a
   * Bypass or for a request with no user (authentication method, external evaluation, risk score).
   */
  identityBased?: boolean;
  /** False when the selector admits every value of its attribute (for example `0.0.0.0/0`). */
  gates?: (body: Data) => boolean;
  describe: (body: Data, ctx: SelectorContext) => string;
  match: (body: Data, principal: Principal, ctx: SelectorContext) => Tri;
}

/** Identity providers anyone can sign up with: their users are, in effect, anyone with an email address. */
export const OPEN_IDP_TYPES: ReadonlySet<string> = new Set([
  'onetimepin',
  'github',
  'google',
  'facebook',
  'linkedin',
  'yandex',
  'cloudflare',
]);

const lower = (x: unknown): string | undefined => str(x)?.trim().toLowerCase();

function idpName(id: string | undefined, ctx: SelectorContext): string {
  if (!id) return 'any identity provider';
  const idp = ctx.idps.get(id);
  return str(idp?.name) ?? id;
}

/** True when the principal has a user identity (not a bare service token, not an anonymous request). */
const isUser = (p: Principal): boolean => p.email !== undefined;

function ipInCidr(ip: string, cidr: unknown): Tri {
  const inner = parseCidr(ip);
  const outer = parseCidr(cidr);
  if (!inner || !outer) return null;
  if (inner.version !== outer.version) return false;
  const shift = BigInt((inner.version === 4 ? 32 : 128) - outer.prefix);
  return inner.address >> shift === outer.address >> shift;
}

function idpGroup(value: (body: Data) => string | undefined, label: string): SelectorSpec {
  return {
    kind: 'identity',
    identityClass: () => 'named',
    idp: (body) => str(body.identity_provider_id),
    describe: (body, ctx) => `${label} '${value(body) ?? '?'}' at ${idpName(str(body.identity_provider_id), ctx)}`,
    match: (body, p) => {
      if (!isUser(p)) return false;
      const bound = str(body.identity_provider_id);
      if (bound && p.idp !== undefined && p.idp !== bound) return false;
      const wanted = value(body);
      if (wanted === undefined) return false;
      if (p.groups === undefined) return null;
      if (!p.groups.some((g) => g.toLowerCase() === wanted.toLowerCase())) return false;
      return bound && p.idp === undefined ? null : true;
    },
  };
}

const unknownCondition = (attribute: string, describe: SelectorSpec['describe']): SelectorSpec => ({
  kind: 'condition',
  attribute,
  describe,
  opaque: true,
  match: () => null,
});

/** An identity-based condition the snapshot cannot judge: false with no user, unknown otherwise. */
const unknownIdentityCondition = (attribute: string, describe: SelectorSpec['describe']): SelectorSpec => ({
  kind: 'condition',
  attribute,
  describe,
  opaque: true,
  identityBased: true,
  match: (_b, p) => (isUser(p) ? null : false),
});

export const SELECTORS: Readonly<Record<string, SelectorSpec>> = {
  everyone: { kind: 'everyone', describe: () => 'everyone', match: () => true },
  email: {
    kind: 'identity',
    identityClass: () => 'named',
    describe: (b) => `email ${str(b.email) ?? '?'}`,
    match: (b, p) => (isUser(p) ? lower(b.email) !== undefined && lower(b.email) === lower(p.email) : false),
  },
  email_list: {
    kind: 'identity',
    identityClass: () => 'named',
    opaque: true,
    describe: (b) => `email list ${str(b.id) ?? '?'}`,
    // List contents live in Zero Trust lists, which the snapshot does not hold.
    match: (_b, p) => (isUser(p) ? null : false),
  },
  email_domain: {
    kind: 'identity',
    identityClass: (b) => (isPublicEmailDomain(b.domain) ? 'public_email_domain' : 'email_domain'),
    describe: (b) => `emails ending in @${(lower(b.domain) ?? '?').replace(/^@/, '')}`,
    match: (b, p) => {
      const domain = lower(b.domain)?.replace(/^@/, '');
      return isUser(p) ? domain !== undefined && (lower(p.email) ?? '').endsWith(`@${domain}`) : false;
    },
  },
  login_method: {
    kind: 'login_method',
    idp: (b) => str(b.id),
    describe: (b, ctx) => `login method ${idpName(str(b.id), ctx)}`,
    match: (b, p) => (isUser(p) && p.idp !== undefined ? p.idp === str(b.id) : isUser(p) ? null : false),
  },
  azureAD: idpGroup((b) => str(b.id), 'Entra ID group'),
  okta: idpGroup((b) => str(b.name), 'Okta group'),
  gsuite: idpGroup((b) => str(b.email), 'Google Workspace group'),
  saml: idpGroup((b) => str(b.attribute_value), 'SAML attribute value'),
  oidc: idpGroup((b) => str(b.claim_value), 'OIDC claim value'),
  'github-organization': idpGroup(
    (b) => (str(b.team) ? `${str(b.name) ?? '?'}/${str(b.team)}` : str(b.name)),
    'GitHub organization',
  ),
  cloudflare_account_member: {
    kind: 'identity',
    identityClass: () => 'named',
    opaque: true,
    describe: (b) => `member of Cloudflare account ${str(b.account_id) ?? '(this account)'}`,
    match: (_b, p) => (isUser(p) ? null : false),
  },
  ip: {
    kind: 'condition',
    attribute: 'ip',
    gates: (b) => parseCidr(b.ip)?.prefix !== 0,
    describe: (b) => `IP ${str(b.ip) ?? '?'}`,
    match: (b, p) => (p.ip === undefined ? null : ipInCidr(p.ip, b.ip)),
  },
  ip_list: unknownCondition('ip', (b) => `IP list ${str(b.id) ?? '?'}`),
  geo: {
    kind: 'condition',
    attribute: 'country',
    describe: (b) => `country ${str(b.country_code) ?? '?'}`,
    match: (b, p) => (p.country === undefined ? null : p.country.toUpperCase() === str(b.country_code)?.toUpperCase()),
  },
  auth_method: {
    kind: 'condition',
    attribute: 'auth_method',
    identityBased: true,
    describe: (b) => `authentication method ${str(b.auth_method) ?? '?'}`,
    match: (b, p) => {
      if (!isUser(p)) return false;
      return p.authMethods === undefined ? null : p.authMethods.includes(plainText(b.auth_method));
    },
  },
  device_posture: {
    kind: 'condition',
    attribute: 'device_posture',
    describe: (b) => `device posture ${str(b.integration_uid) ?? '?'}`,
    match: (b, p) => (p.postures === undefined ? null : p.postures.includes(plainText(b.integration_uid))),
  },
  certificate: unknownCondition('certificate', () => 'a valid client certificate'),
  common_name: unknownCondition('certificate', (b) => `client certificate common name ${str(b.common_name) ?? '?'}`),
  external_evaluation: unknownIdentityCondition('external_evaluation', (b) =>
    `external evaluation ${str(b.evaluate_url) ?? ''}`.trim(),
  ),
  auth_context: unknownIdentityCondition('auth_context', (b) => `Entra authentication context ${str(b.ac_id) ?? '?'}`),
  user_risk_score: unknownIdentityCondition(
    'user_risk_score',
    (b) => `user risk score ${asArray(b.user_risk_score).join('/')}`,
  ),
  service_token: {
    kind: 'credential',
    describe: (b, ctx) =>
      `service token '${str(ctx.tokens.get(plainText(b.token_id))?.name) ?? str(b.token_id) ?? '?'}'`,
    match: (b, p, ctx) => {
      if (p.serviceToken === undefined || p.serviceToken !== str(b.token_id)) return false;
      const token = ctx.tokens.get(p.serviceToken);
      // A token the account no longer holds was revoked: it does not authenticate.
      return token !== undefined && tokenValid(token, ctx.now);
    },
  },
  any_valid_service_token: {
    kind: 'credential',
    describe: () => 'any service token of the account',
    match: (_b, p, ctx) => (p.serviceToken === undefined ? false : tokenValid(ctx.tokens.get(p.serviceToken), ctx.now)),
  },
  group: unknownCondition('group', (b) => `Access group ${str(b.id) ?? '?'} (missing, or part of a cycle)`),
  invalid_rule: unknownCondition('invalid_rule', () => 'a malformed rule'),
  linked_app_token: {
    kind: 'credential',
    describe: (b) => `OAuth token of linked application ${str(b.app_uid) ?? '?'}`,
    match: (_b, p) => (p.serviceToken !== undefined ? false : null),
  },
};

function tokenValid(token: Data | undefined, now: Date): boolean {
  if (!token) return false;
  const expires = typeof token.expires_at === 'string' ? Date.parse(token.expires_at) : NaN;
  return Number.isNaN(expires) || expires > now.getTime();
}

/** The spec of a selector; an unlisted selector is a condition the model cannot judge. */
export function selectorSpec(selector: string): SelectorSpec {
  return SELECTORS[selector] ?? unknownCondition(selector, () => `unsupported selector '${selector}'`);
}

/** The selector name and body of one Access rule object (`{"email": {"email": "a@b"}}`). */
export function ruleParts(rule: unknown): { selector: string; body: Data } | undefined {
  if (!isObject(rule)) return undefined;
  const keys = Object.keys(rule);
  if (keys.length !== 1) return undefined;
  const selector = keys[0]!;
  const body = rule[selector];
  return { selector, body: isObject(body) ? body : {} };
}
