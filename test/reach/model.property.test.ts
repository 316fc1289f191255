/**
 * Property-based tests of the reach model against a naive evaluator written here that walks the raw policy
 * JSON (no term expansion, no code shared with src/reach). The rules it implements:
 * 1. include: any rule matches; require: every rule matches; exclude: no rule matches. An Access group is a
 *    rule set of its own, resolved recursively; a group missing, or met again inside itself, is unknown.
 *    https://developers.cloudflare.com/cloudflare-one/access-controls/policies/#cloudflare-access-rule-types
 *    https://developers.cloudflare.com/cloudflare-one/access-controls/policies/groups/
 * 2. Bypass and Service Auth first, then Allow and Block, each in the order set; the first match decides;
 *    a decision Access does not know is never evaluated.
 *    https://developers.cloudflare.com/cloudflare-one/access-controls/policies/
 *    #cloudflare-access-policy-order-of-execution
 * 3. Identity-based selectors (the "Identity-based selector?" column of the selectors table) never match in
 *    a Bypass policy, nor for a user who did not log in through an identity provider the application allows.
 *    https://developers.cloudflare.com/cloudflare-one/access-controls/policies/#bypass
 * 4. Allow and Block apply to a user only after such a login. A request without a user (a service token, or
 *    nothing) gets through an Allow only by a credential its matching conjunction asks for (the model's
 *    convention for non-strict service token mode; the docs say the token selectors "require the Service
 *    Auth action"); a Block applies to it the same way, through a credential it names.
 *    https://developers.cloudflare.com/cloudflare-one/access-controls/service-credentials/service-tokens/
 * 5. An expired service token, or one the account does not have, does not authenticate (same page).
 * 6. An attribute the principal does not give is unknown; so is a selector nobody can judge from the
 *    snapshot (lists, certificates, external evaluation, linked-app tokens, malformed rules). Three-valued
 *    logic throughout (Kleene); where the walk needs a definite answer, every assignment of the unjudgeable
 *    conditions is tried (`possibleOutcomes`).
 *
 * Runs: FUZZ_RUNS (default 100) and FUZZ_SEED (default fixed; `random` for a fresh seed, printed);
 * See `npm run fuzz`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Data } from '../../src/common/values.js';
import {
  DEAD_REASONS,
  decide,
  termsMatch,
  type AppReach,
  type EffectivePolicy,
  type Principal,
  type PrincipalDecision,
} from '../../src/reach/index.js';
import { firstApp, IDPS, NOW, TOKENS, type Account } from './fixtures.js';

// ---------------------------------------------------------------------------------------------------------------
// Run settings

function seedFromEnv(): number {
  const raw = process.env.FUZZ_SEED;
  if (raw === 'random') return Math.floor(Math.random() * 2 ** 31);
  return raw !== undefined && raw !== '' ? Number(raw) : 20260115;
}

const SEED = seedFromEnv();
const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
if (process.env.FUZZ_SEED === 'random') console.log(`model.property: FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS}`);

const settings = (salt: number): fc.Parameters<unknown> => ({ seed: SEED + salt, numRuns: RUNS, endOnFailure: false });

// ---------------------------------------------------------------------------------------------------------------
// The universe

const EMAILS = ['alice@example.com', 'bob@example.com', 'carol@gmail.com', 'dave@partner.io'] as const;
const DOMAINS = ['example.com', '@example.com', 'Example.COM', 'gmail.com', 'partner.io'] as const;
const IDP_IDS = ['otp', 'okta', 'gh'] as const;
const IDP_GROUPS = ['eng', 'ops', 'acme', 'acme/core'] as const;
const COUNTRIES = ['US', 'PT', 'RU'] as const;
const IPS = ['192.0.2.10', '198.51.100.7', '203.0.113.5'] as const;
const CIDRS = ['192.0.2.0/24', '198.51.100.7/32', '203.0.113.5', '0.0.0.0/0', '2001:db8::/32'] as const;
const POSTURES = ['posture-a', 'posture-b'] as const;
const AUTH_METHODS = ['mfa', 'hwk', 'pwd'] as const;
const TOKEN_IDS = ['tok-ci', 'tok-forever', 'tok-old', 'tok-ghost'] as const;
const GROUP_IDS = ['g0', 'g1', 'g2', 'g3'] as const;
const DECISIONS = ['allow', 'deny', 'bypass', 'non_identity'] as const;

const optIdp = fc.constantFrom<string | undefined>(undefined, 'okta', 'gh', 'otp');
const withIdp = (body: Data, idp: string | undefined): Data =>
  idp === undefined ? body : { ...body, identity_provider_id: idp };

const identityRule: fc.Arbitrary<Data> = fc.oneof(
  fc.constantFrom(...EMAILS).map((email) => ({ email: { email } })),
  fc.constantFrom(...DOMAINS).map((domain) => ({ email_domain: { domain } })),
  fc.constantFrom(...IDP_IDS).map((id) => ({ login_method: { id } })),
  fc.tuple(fc.constantFrom('eng', 'ops'), optIdp).map(([name, idp]) => ({ okta: withIdp({ name }, idp) })),
  fc.tuple(fc.constantFrom('eng', 'ops'), optIdp).map(([id, idp]) => ({ azureAD: withIdp({ id }, idp) })),
  fc.constantFrom('eng', 'ops').map((email) => ({ gsuite: { email, identity_provider_id: 'okta' } })),
  fc.constantFrom('eng', 'ops').map((v) => ({ saml: { attribute_name: 'role', attribute_value: v } })),
  fc.constantFrom('eng', 'ops').map((v) => ({ oidc: { claim_name: 'groups', claim_value: v } })),
  fc.constantFrom<[string, string | undefined]>(['acme', undefined], ['acme', 'core']).map(([name, team]) => ({
    'github-organization': { name, ...(team ? { team } : {}), identity_provider_id: 'gh' },
  })),
  fc.constantFrom('mfa', 'hwk').map((m) => ({ auth_method: { auth_method: m } })),
);

const conditionRule: fc.Arbitrary<Data> = fc.oneof(
  fc.constantFrom(...CIDRS).map((ip) => ({ ip: { ip } })),
  fc.constantFrom(...COUNTRIES).map((c) => ({ geo: { country_code: c } })),
  fc.constantFrom(...POSTURES).map((uid) => ({ device_posture: { integration_uid: uid } })),
);

const credentialRule: fc.Arbitrary<Data> = fc.oneof(
  fc.constantFrom(...TOKEN_IDS).map((token_id) => ({ service_token: { token_id } })),
  fc.constant({ any_valid_service_token: {} }),
);

/** Selectors nobody can judge from the snapshot (lists, certificates, linked apps, malformed rules). */
const opaqueRule: fc.Arbitrary<Data> = fc.constantFrom<Data>(
  { email_list: { id: 'list-1' } },
  { ip_list: { id: 'iplist-1' } },
  { certificate: {} },
  { linked_app_token: { app_uid: 'app-x' } },
  { cloudflare_account_member: {} },
  { external_evaluation: { evaluate_url: 'https://eval.example.com', keys_url: 'https://eval.example.com/keys' } },
  { user_risk_score: { user_risk_score: ['high'] } },
  {},
);

const groupRule: fc.Arbitrary<Data> = fc.constantFrom(...GROUP_IDS, 'g-missing').map((id) => ({ group: { id } }));

const ruleArb: fc.Arbitrary<Data> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ everyone: {} }) },
  { weight: 6, arbitrary: identityRule },
  { weight: 4, arbitrary: conditionRule },
  { weight: 2, arbitrary: credentialRule },
  { weight: 1, arbitrary: opaqueRule },
  { weight: 3, arbitrary: groupRule },
);

const rules = (max: number, zeroBias: boolean): fc.Arbitrary<Data[]> =>
  zeroBias
    ? fc.oneof(
        { weight: 3, arbitrary: fc.constant<Data[]>([]) },
        { weight: 2, arbitrary: fc.array(ruleArb, { minLength: 1, maxLength: max }) },
      )
    : fc.array(ruleArb, { minLength: 0, maxLength: max });

const groupArb = (id: string): fc.Arbitrary<Data> =>
  fc
    .record({ include: rules(3, false), require: rules(2, true), exclude: rules(2, true) })
    .map((g) => ({ id, name: `group ${id}`, ...g }));

interface PolicySpec {
  decision: string;
  include: Data[];
  require: Data[];
  exclude: Data[];
  reusable: boolean;
  precedence: number | undefined;
}

const policyArb: fc.Arbitrary<PolicySpec> = fc.record({
  decision: fc.oneof(
    { weight: 30, arbitrary: fc.constantFrom(...DECISIONS, 'allow') },
    { weight: 1, arbitrary: fc.constant('block') },
  ),
  include: fc.oneof(
    { weight: 1, arbitrary: fc.constant<Data[]>([]) },
    { weight: 12, arbitrary: fc.array(ruleArb, { minLength: 1, maxLength: 3 }) },
  ),
  require: rules(3, true),
  exclude: rules(3, true),
  reusable: fc.boolean(),
  precedence: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
});

const accountArb: fc.Arbitrary<Account> = fc
  .record({
    groups: fc.tuple(...GROUP_IDS.map(groupArb)),
    policies: fc.array(policyArb, { minLength: 1, maxLength: 4 }),
    allowed: fc.subarray([...IDP_IDS]),
  })
  .map(({ groups, policies, allowed }) => {
    const reusable: Data[] = [];
    const own: Data[] = [];
    policies.forEach((spec, i) => {
      const body = {
        id: `p${i}`,
        name: `policy ${i}`,
        decision: spec.decision,
        include: spec.include,
        require: spec.require,
        exclude: spec.exclude,
      };
      const order = spec.precedence === undefined ? {} : { precedence: spec.precedence };
      if (spec.reusable) {
        reusable.push({ ...body, reusable: true });
        own.push({ id: body.id, ...order });
      } else {
        own.push({ ...body, ...order });
      }
    });
    const app: Data = {
      id: 'app',
      name: 'App',
      type: 'self_hosted',
      domain: 'app.example.com',
      allowed_idps: allowed,
      policies: own,
    };
    // Only the groups the policies reach, so that a counterexample shows nothing else.
    const used = new Set<string>();
    const queue = policies.flatMap((p) => groupRefs(p as unknown as Data));
    for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
      if (used.has(id)) continue;
      used.add(id);
      queue.push(...groupRefs(groups.find((g) => g.id === id) ?? {}));
    }
    return { apps: [app], policies: reusable, groups: groups.filter((g) => used.has(String(g.id))) };
  });

function groupRefs(holder: Data): string[] {
  return ['include', 'require', 'exclude']
    .flatMap((k) => (Array.isArray(holder[k]) ? (holder[k] as unknown[]) : []))
    .flatMap((r) =>
      typeof r === 'object' && r !== null && 'group' in r ? [String((r as { group: Data }).group.id)] : [],
    );
}

const someOf = <T>(values: readonly T[]): fc.Arbitrary<T[]> => fc.subarray([...values]);
const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined, freq: 3 });

/** Any principal: a user, a service token or an anonymous request; each attribute sometimes unknown. */
const principalArb: fc.Arbitrary<Principal> = fc
  .oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        email: fc.constantFrom<string>(...EMAILS),
        idp: maybe(fc.constantFrom<string>(...IDP_IDS)),
        groups: maybe(someOf(IDP_GROUPS)),
        country: maybe(fc.constantFrom<string>(...COUNTRIES)),
        ip: maybe(fc.constantFrom<string>(...IPS)),
        authMethods: maybe(someOf(AUTH_METHODS)),
        postures: maybe(someOf(POSTURES)),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        serviceToken: fc.constantFrom<string>(...TOKEN_IDS),
        country: maybe(fc.constantFrom<string>(...COUNTRIES)),
        ip: maybe(fc.constantFrom<string>(...IPS)),
        postures: maybe(someOf(POSTURES)),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        country: maybe(fc.constantFrom<string>(...COUNTRIES)),
        ip: maybe(fc.constantFrom<string>(...IPS)),
        postures: maybe(someOf(POSTURES)),
      }),
    },
  )
  .map(dropUndefined);

/** A principal whose every attribute is known (a user with a fixed identity provider, a token, or anonymous). */
const knownPrincipalArb: fc.Arbitrary<Principal> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      email: fc.constantFrom<string>(...EMAILS),
      idp: fc.constantFrom<string>(...IDP_IDS),
      groups: someOf(IDP_GROUPS),
      country: fc.constantFrom<string>(...COUNTRIES),
      ip: fc.constantFrom<string>(...IPS),
      authMethods: someOf(AUTH_METHODS),
      postures: someOf(POSTURES),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      serviceToken: fc.constantFrom<string>(...TOKEN_IDS),
      country: fc.constantFrom<string>(...COUNTRIES),
      ip: fc.constantFrom<string>(...IPS),
      postures: someOf(POSTURES),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      country: fc.constantFrom<string>(...COUNTRIES),
      ip: fc.constantFrom<string>(...IPS),
      postures: someOf(POSTURES),
    }),
  },
);

function dropUndefined<T extends object>(x: T): T {
  return Object.fromEntries(Object.entries(x).filter(([, v]) => v !== undefined)) as T;
}

// ---------------------------------------------------------------------------------------------------------------
// The naive evaluator: walks the raw JSON, shares no code with src/reach.

type Tri = boolean | null;
const all = (xs: readonly Tri[]): Tri => (xs.includes(false) ? false : xs.includes(null) ? null : true);
const any = (xs: readonly Tri[]): Tri => (xs.includes(true) ? true : xs.includes(null) ? null : false);
const not = (x: Tri): Tri => (x === null ? null : !x);

const isObj = (x: unknown): x is Data => typeof x === 'object' && x !== null && !Array.isArray(x);
const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : x === undefined || x === null ? [] : [x]);
const text = (x: unknown): string | undefined => (typeof x === 'string' && x !== '' ? x : undefined);
const low = (x: unknown): string | undefined => text(x)?.trim().toLowerCase();

/** Selectors the documentation marks identity-based (plus the IdP-bound Entra authentication context). */
const IDENTITY_SELECTORS = new Set([
  'email',
  'email_domain',
  'email_list',
  'external_evaluation',
  'user_risk_score',
  'login_method',
  'auth_method',
  'okta',
  'azureAD',
  'gsuite',
  'github-organization',
  'saml',
  'oidc',
  'cloudflare_account_member',
  'auth_context',
]);

interface NaiveEnv {
  account: Account;
  /** How identity-based selectors evaluate: on their own, or never (Bypass, or nobody logged in). */
  identity: 'evaluate' | 'never';
  /** Values of the unjudgeable conditions, by key; undefined: unknown. */
  world?: ReadonlyMap<string, boolean>;
  /** Collects the keys of the unjudgeable conditions met. */
  met?: Set<string>;
}

function opaque(key: string, env: NaiveEnv): Tri {
  env.met?.add(key);
  return env.world?.get(key) ?? null;
}

function ipv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

function inRange(ip: string, cidr: string): Tri {
  const [base, bits] = cidr.split('/');
  if (base === undefined) return null;
  if (base.includes(':')) return false; // an IPv6 range never holds an IPv4 address
  const a = ipv4(ip);
  const b = ipv4(base);
  const prefix = bits === undefined ? 32 : Number(bits);
  if (a === undefined || b === undefined) return null;
  const size = 2 ** (32 - prefix);
  return Math.floor(a / size) === Math.floor(b / size);
}

function tokenWorks(id: string, account: Account): boolean {
  const token = (account.tokens ?? TOKENS).find((t) => t.id === id);
  if (!token) return false;
  return typeof token.expires_at !== 'string' || Date.parse(token.expires_at) > NOW.getTime();
}

/** A group at the identity provider: unknown when the groups are, or when it is bound to an IdP and the IdP is. */
function idpGroup(wanted: string | undefined, bound: unknown, p: Principal): Tri {
  if (bound !== undefined && p.idp !== undefined && p.idp !== bound) return false;
  if (p.groups === undefined) return null;
  const member = wanted !== undefined && p.groups.some((g) => g.toLowerCase() === wanted.toLowerCase());
  return member && bound !== undefined && p.idp === undefined ? null : member;
}

function selectorMatch(selector: string, body: Data, p: Principal, env: NaiveEnv): Tri {
  const user = p.email !== undefined;
  if (IDENTITY_SELECTORS.has(selector) && (!user || env.identity === 'never')) return false;
  const email = low(p.email) ?? '';
  switch (selector) {
    case 'everyone':
      return true;
    case 'email':
      return low(body.email) !== undefined && low(body.email) === email;
    case 'email_domain': {
      const domain = low(body.domain)?.replace(/^@/, '');
      return domain !== undefined && email.endsWith(`@${domain}`);
    }
    case 'login_method':
      return p.idp === undefined ? null : p.idp === body.id;
    case 'okta':
      return idpGroup(text(body.name), body.identity_provider_id, p);
    case 'azureAD':
      return idpGroup(text(body.id), body.identity_provider_id, p);
    case 'gsuite':
      return idpGroup(text(body.email), body.identity_provider_id, p);
    case 'saml':
      return idpGroup(text(body.attribute_value), body.identity_provider_id, p);
    case 'oidc':
      return idpGroup(text(body.claim_value), body.identity_provider_id, p);
    case 'github-organization': {
      const org = text(body.name);
      return idpGroup(org && text(body.team) ? `${org}/${String(body.team)}` : org, body.identity_provider_id, p);
    }
    case 'auth_method':
      return p.authMethods === undefined ? null : p.authMethods.includes(String(body.auth_method));
    case 'ip':
      return p.ip === undefined ? null : inRange(p.ip, String(body.ip));
    case 'geo':
      return p.country === undefined ? null : p.country.toUpperCase() === String(body.country_code).toUpperCase();
    case 'device_posture':
      return p.postures === undefined ? null : p.postures.includes(String(body.integration_uid));
    case 'service_token':
      return (
        p.serviceToken !== undefined && p.serviceToken === body.token_id && tokenWorks(p.serviceToken, env.account)
      );
    case 'any_valid_service_token':
      return p.serviceToken !== undefined && tokenWorks(p.serviceToken, env.account);
    case 'linked_app_token':
      return p.serviceToken !== undefined ? false : opaque(`${selector}:${JSON.stringify(body)}`, env);
    default:
      return opaque(`${selector}:${JSON.stringify(body)}`, env);
  }
}

/** Credential selectors: what a request without a user can present. */
const CREDENTIALS = new Set(['service_token', 'any_valid_service_token', 'linked_app_token']);

/**
 * `m`: the rules match. `c`: they match through a conjunction that holds a credential selector (the only
 * way a request without a user gets through an Allow policy). Computed on the raw JSON:
 * c(a AND b) = (c(a) AND m(b)) OR (m(a) AND c(b)); c(a OR b) = c(a) OR c(b); c(a AND NOT e) = c(a) AND NOT m(e).
 */
interface Match {
  m: Tri;
  c: Tri;
}

function ruleMatch(rule: unknown, p: Principal, env: NaiveEnv, path: readonly string[]): Match {
  if (!isObj(rule) || Object.keys(rule).length !== 1)
    return { m: opaque(`invalid:${JSON.stringify(rule)}`, env), c: false };
  const [selector, raw] = Object.entries(rule)[0]!;
  const body = isObj(raw) ? raw : {};
  if (selector !== 'group') {
    const m = selectorMatch(selector, body, p, env);
    return { m, c: CREDENTIALS.has(selector) ? m : false };
  }
  const id = String(body.id);
  const group = (env.account.groups ?? []).find((g) => g.id === id);
  // A group missing from the snapshot, or met again inside itself, cannot be judged.
  if (!group || path.includes(id)) return { m: opaque(`group:${id}`, env), c: false };
  return holderPair(group, p, env, [...path, id]);
}

/** include: any; require: all; exclude: none. */
function holderPair(holder: Data, p: Principal, env: NaiveEnv, path: readonly string[] = []): Match {
  const each = (key: string): Match[] => list(holder[key]).map((r) => ruleMatch(r, p, env, path));
  const included = each('include');
  let body: Match = { m: any(included.map((x) => x.m)), c: any(included.map((x) => x.c)) };
  for (const r of each('require')) body = { m: all([body.m, r.m]), c: any([all([body.c, r.m]), all([body.m, r.c])]) };
  const out = not(any(each('exclude').map((x) => x.m)));
  return { m: all([body.m, out]), c: all([body.c, out]) };
}

const holderMatch = (holder: Data, p: Principal, env: NaiveEnv): Tri => holderPair(holder, p, env).m;

interface NaivePolicy {
  id: string;
  decision: string;
  data: Data;
}

/** The application's policies in the documented order: Bypass and Service Auth, then Allow and Block. */
function naiveOrder(account: Account): NaivePolicy[] {
  const app = account.apps[0]!;
  const shared = new Map((account.policies ?? []).map((p) => [p.id, p]));
  const resolved = list(app.policies)
    .filter(isObj)
    .map((ref, index) => {
      const base = shared.get(ref.id);
      const data = base && !('include' in ref) ? { ...base, ...ref } : ref;
      return { data, index, rank: typeof data.precedence === 'number' ? data.precedence : Infinity };
    });
  resolved.sort((a, b) => a.rank - b.rank || a.index - b.index);
  const of = (decisions: string[]) =>
    resolved
      .filter((r) => decisions.includes(String(r.data.decision)))
      .map((r) => ({ id: String(r.data.id), decision: String(r.data.decision), data: r.data }));
  return [...of(['bypass', 'non_identity']), ...of(['allow', 'deny'])];
}

function loginIdps(account: Account): string[] {
  const allowed = list(account.apps[0]!.allowed_idps).map(String);
  return allowed.length > 0 ? allowed : (account.idps ?? IDPS).map((i) => String(i.id));
}

function loggedIn(account: Account, p: Principal): boolean {
  return p.email !== undefined && p.idp !== undefined && loginIdps(account).includes(p.idp);
}

interface Outcome {
  decision: string;
  policy?: string;
}

interface NaiveWalk extends Outcome {
  /** Policies before the deciding one whose match is unknown. */
  unknown: NaivePolicy[];
}

/**
 * The first definite match decides (see the rules at the top of the file). A user counts only through a
 * login via an identity provider the application allows: otherwise identity selectors do not match, and
 * Allow and Block do not apply (Access asks for a login the user cannot give). A request without a user
 * meets an Allow or a Block only through a credential the matching conjunction names.
 */
function naiveWalk(account: Account, p: Principal, world?: ReadonlyMap<string, boolean>, met?: Set<string>): NaiveWalk {
  const user = p.email !== undefined;
  const login = loggedIn(account, p);
  const unknown: NaivePolicy[] = [];
  for (const policy of naiveOrder(account)) {
    const phase2 = policy.decision === 'allow' || policy.decision === 'deny';
    if (phase2 && user && !login) continue;
    const identity = policy.decision === 'bypass' || (user && !login) ? 'never' : 'evaluate';
    const env: NaiveEnv = { account, identity, ...(world ? { world } : {}), ...(met ? { met } : {}) };
    const r = holderPair(policy.data, p, env);
    const m = phase2 && !user ? r.c : r.m;
    if (m === true) return { decision: policy.decision, policy: policy.id, unknown };
    if (m === null) unknown.push(policy);
  }
  return { decision: 'none', unknown };
}

/** Every outcome the walk can have, one per assignment of the unjudgeable conditions (lists, certificates…). */
function possibleOutcomes(account: Account, p: Principal): Outcome[] | undefined {
  const met = new Set<string>();
  for (const policy of naiveOrder(account)) holderMatch(policy.data, p, { account, identity: 'evaluate', met });
  const keys = [...met].sort();
  if (keys.length > 8) return undefined;
  const out: Outcome[] = [];
  for (let bits = 0; bits < 2 ** keys.length; bits++) {
    const world = new Map(keys.map((k, i) => [k, ((bits >> i) & 1) === 1]));
    const { decision, policy } = naiveWalk(account, p, world);
    if (!out.some((o) => o.decision === decision && o.policy === policy))
      out.push({ decision, ...(policy ? { policy } : {}) });
  }
  return out;
}

const GRANTS = new Set(['allow', 'bypass', 'non_identity']);
const outcomeText = (o: Outcome): string => `${o.decision}${o.policy ? ` by ${o.policy}` : ''}`;

// ---------------------------------------------------------------------------------------------------------------
// Properties

const usable = (p: EffectivePolicy): boolean => !p.expansion.truncated;
const someUsers = fc.array(principalArb, { minLength: 1, maxLength: 6 });
const someKnown = fc.array(knownPrincipalArb, { minLength: 1, maxLength: 6 });

function decideFor(app: AppReach, p: Principal): PrincipalDecision {
  return decide(app.policies, p, app.context);
}

/*
 * What the properties claim, precisely ("known" principal: every attribute given, a user with a fixed IdP,
 * a service token, or an anonymous request; "world": one assignment of the unjudgeable conditions):
 * (a) For every principal (attributes may be unknown) and every policy whose expansion is complete (not cut
 *     at MAX_TERMS), termsMatch(policy.expansion.terms) equals the naive three-valued match of the raw
 *     rules. Kleene logic is a distributive lattice, so expanding into terms must preserve every value.
 * (b) For a known principal, when the naive walk meets no unknown policy before its first definite match,
 *     decide() returns that decision and policy with no assumption. Otherwise decide() returns the naive one
 *     or an unknown grant met before it (then with assumptions), and a decision without assumptions holds
 *     in every world. Exception: three-valued logic cannot see that "X and not X" is false, so decide() may
 *     return a "maybe" that no world realises; only its membership and its assumptions are checked.
 * (c) For a known principal, no world is decided by a policy analysePolicies() reports dead.
 * (c') decide() never returns a dead policy with no assumptions.
 * (d) For a known principal and every world in which the naive walk admits it through policy P (Allow,
 *     Bypass or Service Auth), the model has a way in through P; a user let in by an Allow logged in through
 *     an IdP that way names (or holds its credential); a request with neither user nor token gets in by an
 *     internet, condition-only or credential way. This holds for every policy the walk can reach: a policy
 *     that admits someone in some world is by definition not dead (no include, unknown decision and
 *     unsatisfiable requires match nobody; an IdP the app does not allow gives no login; a cancelling
 *     exclude and a shadowing policy decide first in the same world). Exception: a policy whose expansion
 *     is cut at MAX_TERMS may lose its live terms (`usable`), so those accounts are left out.
 */
describe('reach model against a naive evaluator of Access semantics', () => {
  it('(a) the terms of every policy match exactly when its raw rules do (three-valued)', () => {
    fc.assert(
      fc.property(accountArb, someUsers, (account, principals) => {
        const app = firstApp(account);
        const raw = new Map(naiveOrder(account).map((p) => [p.id, p.data]));
        for (const policy of app.policies.filter(usable)) {
          const data = raw.get(policy.id);
          if (!data) continue; // a decision Access does not know: never evaluated
          for (const p of principals) {
            const expected = holderMatch(data, p, { account, identity: 'evaluate' });
            expect(termsMatch(policy.expansion.terms, p, app.context), `${policy.id} for ${JSON.stringify(p)}`).toBe(
              expected,
            );
          }
        }
      }),
      settings(1),
    );
  });

  it('(b) decide() takes the naive decision when the walk meets no unknown, and a possible one otherwise', () => {
    fc.assert(
      fc.property(accountArb, someKnown, (account, principals) => {
        const app = firstApp(account);
        fc.pre(app.policies.every(usable));
        for (const p of principals) {
          const naive = naiveWalk(account, p);
          const got = decideFor(app, p);
          const where = `${JSON.stringify(p)}: model ${outcomeText(got)}, naive ${outcomeText(naive)}`;
          if (naive.unknown.length === 0) {
            expect({ decision: got.decision, policy: got.policy, assumptions: got.assumptions }, where).toEqual({
              decision: naive.decision,
              policy: naive.policy,
              assumptions: [],
            });
            continue;
          }
          // Unknowns met: the answer is the naive one or an unknown grant before it, and then it names assumptions.
          const candidates = [naive.policy, ...naive.unknown.filter((u) => GRANTS.has(u.decision)).map((u) => u.id)];
          expect(candidates, where).toContain(got.policy);
          if (got.policy !== naive.policy) expect(got.assumptions.length, where).toBeGreaterThan(0);
          // Without assumptions, whether the principal gets in holds whatever the unjudgeable conditions are.
          const worlds = possibleOutcomes(account, p);
          if (got.assumptions.length === 0 && worlds) {
            for (const w of worlds)
              expect(GRANTS.has(w.decision), `${where}; possible: ${outcomeText(w)}`).toBe(GRANTS.has(got.decision));
          }
        }
      }),
      settings(2),
    );
  });

  it('(c) a dead policy never decides, whatever the unjudgeable conditions are', () => {
    fc.assert(
      fc.property(accountArb, someKnown, (account, principals) => {
        const app = firstApp(account);
        fc.pre(app.policies.every(usable) && app.dead.length > 0);
        const dead = new Map(app.dead.map((d) => [d.policy, d]));
        for (const p of principals) {
          for (const o of possibleOutcomes(account, p) ?? []) {
            const d = o.policy === undefined ? undefined : dead.get(o.policy);
            expect(d, `${JSON.stringify(p)} is decided by dead ${JSON.stringify(d)}`).toBeUndefined();
          }
        }
      }),
      settings(3),
    );
  });

  it("(c') decide() never rests a decision without assumptions on a dead policy", () => {
    fc.assert(
      fc.property(accountArb, someKnown, (account, principals) => {
        const app = firstApp(account);
        fc.pre(app.dead.length > 0);
        for (const p of principals) {
          const got = decideFor(app, p);
          if (got.assumptions.length > 0) continue;
          const d = app.dead.find((x) => x.policy === got.policy);
          expect(d, `${JSON.stringify(p)}: ${outcomeText(got)}`).toBeUndefined();
        }
      }),
      settings(4),
    );
  });

  it('(d) every principal the naive walk admits through policy P has a way in through P', () => {
    fc.assert(
      fc.property(accountArb, someKnown, (account, principals) => {
        const app = firstApp(account);
        fc.pre(app.policies.every(usable));
        for (const p of principals) {
          for (const o of possibleOutcomes(account, p) ?? []) {
            if (!GRANTS.has(o.decision)) continue;
            const where =
              `${JSON.stringify(p)} gets in by ${outcomeText(o)}; ` +
              `ways ${JSON.stringify(app.ways)}, dead ${JSON.stringify(app.dead)}`;
            const ways = app.ways.filter((w) => w.policy === o.policy);
            expect(ways.length, where).toBeGreaterThan(0);
            // A user let in by an Allow policy logged in through an IdP one of its ways names (or holds its
            // credential).
            if (o.decision === 'allow' && p.email !== undefined) {
              expect(
                ways.some((w) => w.idps.includes(p.idp!) || w.credentials.length > 0),
                where,
              ).toBe(true);
            }
            // A request with neither login nor token gets in only by a way that asks for neither (a linked
            // app's OAuth token is a credential of its own).
            if (p.email === undefined && p.serviceToken === undefined) {
              expect(
                ways.some((w) => w.class === 'internet' || w.class === 'condition_only' || w.credentials.length > 0),
                where,
              ).toBe(true);
            }
          }
        }
      }),
      settings(5),
    );
  });
});

describe('the generators reach what the properties are about', () => {
  it('produces every dead reason, every outcome and mostly principals no known bug affects', () => {
    const accounts = fc.sample(accountArb, { seed: SEED, numRuns: 600 });
    const principals = fc.sample(knownPrincipalArb, { seed: SEED + 7, numRuns: 600 });
    const reasons = new Set<string>();
    const outcomes = new Set<string>();
    const classes = new Set<string>();
    accounts.forEach((account, i) => {
      const app = firstApp(account);
      for (const d of app.dead) reasons.add(d.reason);
      for (const w of app.ways) classes.add(w.class);
      const p = principals[i]!;
      for (const o of possibleOutcomes(account, p) ?? []) outcomes.add(o.decision);
    });
    expect([...reasons].sort()).toEqual([...DEAD_REASONS].sort());
    expect([...outcomes].sort()).toEqual(['allow', 'bypass', 'deny', 'non_identity', 'none']);
    expect([...classes].sort()).toEqual(
      expect.arrayContaining([
        'internet',
        'any_email',
        'any_idp_user',
        'email_domain',
        'named',
        'service_token',
        'condition_only',
      ]),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Regressions: the smallest counterexamples fast-check found in earlier versions of the model.

const APP = { id: 'app', name: 'App', type: 'self_hosted', domain: 'app.example.com' };
const oneApp = (policies: Data[], extra: Partial<Account> & { allowed_idps?: string[] } = {}): AppReach => {
  const { allowed_idps: allowed, ...rest } = extra;
  return firstApp({ apps: [{ ...APP, ...(allowed ? { allowed_idps: allowed } : {}), policies }], ...rest });
};
const ALICE: Principal = {
  email: 'alice@example.com',
  idp: 'otp',
  groups: [],
  country: 'US',
  ip: '192.0.2.10',
  authMethods: ['hwk'],
  postures: [],
};

describe('model regressions found by the properties', () => {
  it('BUG-2: a Service Auth login method the app does not allow lets nobody in', () => {
    const app = oneApp([{ id: 'p0', decision: 'non_identity', include: [{ login_method: { id: 'gh' } }] }], {
      allowed_idps: ['okta'],
    });
    expect(app.dead.map((d) => d.reason)).toEqual(['idp_not_allowed']);
    expect(decideFor(app, { ...ALICE, idp: 'gh' }).decision).toBe('none');
  });

  it('BUG-3: a Bypass on an authentication method is dead and shadows nothing', () => {
    const app = oneApp([
      { id: 'p0', decision: 'bypass', include: [{ everyone: {} }], require: [{ auth_method: { auth_method: 'hwk' } }] },
      { id: 'p1', decision: 'allow', include: [{ auth_method: { auth_method: 'hwk' } }] },
    ]);
    expect(decideFor(app, ALICE)).toMatchObject({ decision: 'allow', policy: 'p1' });
    expect(app.dead.map((d) => [d.policy, d.reason])).toEqual([['p0', 'identity_in_bypass']]);
  });

  it('BUG-4: a service token the account does not hold lets nobody in', () => {
    const app = oneApp([
      { id: 'p0', decision: 'non_identity', include: [{ service_token: { token_id: 'tok-ghost' } }] },
    ]);
    expect(decideFor(app, { serviceToken: 'tok-ghost' }).decision).toBe('none');
  });

  it('BUG-5: an Okta group is unknown while the groups are', () => {
    const app = oneApp([
      { id: 'p0', decision: 'allow', include: [{ okta: { name: 'eng', identity_provider_id: 'okta' } }] },
    ]);
    expect(
      termsMatch(app.policies[0]!.expansion.terms, { email: 'alice@example.com', idp: 'okta' }, app.context),
    ).toBeNull();
  });

  it('BUG-5: an Okta group bound to Okta is unknown while the identity provider is', () => {
    const app = oneApp([
      { id: 'p0', decision: 'allow', include: [{ okta: { name: 'eng', identity_provider_id: 'okta' } }] },
    ]);
    expect(
      termsMatch(app.policies[0]!.expansion.terms, { email: 'alice@example.com', groups: ['eng'] }, app.context),
    ).toBeNull();
  });

  it("BUG-6: a Block that holds unless an excluded group's own exclude holds is an assumption", () => {
    const app = oneApp(
      [
        { id: 'p0', decision: 'deny', include: [{ everyone: {} }], exclude: [{ group: { id: 'g1' } }] },
        { id: 'p1', decision: 'allow', include: [{ everyone: {} }] },
      ],
      {
        groups: [
          { id: 'g1', name: 'not on the list', include: [{ everyone: {} }], exclude: [{ ip_list: { id: 'L' } }] },
        ],
      },
    );
    // p0 blocks exactly the requests from IP list L: Alice gets in only if she is not on it.
    expect(decideFor(app, ALICE).assumptions.length).toBeGreaterThan(0);
  });

  it('BUG-7: an Allow for everyone does not shadow a later Allow for a service token', () => {
    const app = oneApp([
      { id: 'p0', decision: 'allow', include: [{ everyone: {} }] },
      { id: 'p1', decision: 'allow', include: [{ service_token: { token_id: 'tok-ci' } }] },
    ]);
    expect(decideFor(app, { serviceToken: 'tok-ci' })).toMatchObject({ decision: 'allow', policy: 'p1' });
    expect(app.dead).toEqual([]);
  });
});
