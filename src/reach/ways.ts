/**
 * Ways in: for every term of a live Allow, Bypass or Service Auth policy, who it admits (the principal
 * class), through which identity providers, under which conditions. And the policies that can never take
 * effect: no include, a require that cannot hold, an IdP the application does not allow, an exclude that
 * cancels every include, or an earlier policy that decides first for everyone it would match.
 */
import { str, type Data, plainText } from '../common/values.js';
import { broadestOf, narrowestOf, type PrincipalClass } from './classes.js';
import type { EffectivePolicy, PolicyDecision } from './policies.js';
import { OPEN_IDP_TYPES, selectorSpec, type SelectorContext } from './selectors.js';
import type { Atom, Term } from './terms.js';
import { admitsCredential, matchesWithoutUser, needsLogin, readsIdentity } from './login.js';

export type GrantDecision = Exclude<PolicyDecision, 'deny'>;

export interface WayIn {
  policy: string;
  policy_name: string;
  decision: GrantDecision;
  class: PrincipalClass;
  /** Identity requirements (all must hold). */
  identity: string[];
  /** Identity providers that can produce this identity (ids); empty when no login happens. */
  idps: string[];
  /** Service tokens or other non-user credentials it admits. */
  credentials: string[];
  /** Conditions that still apply (network, country, device, authentication method). */
  conditions: string[];
  /** Conditions the model cannot judge from the snapshot (lists, external evaluation, certificates). */
  unknown: string[];
  /** Access groups the way runs through (ids). */
  groups: string[];
  /** True when exclude rules carve exceptions out of it. */
  has_exceptions: boolean;
}

export const DEAD_REASONS = [
  'no_include',
  'unknown_decision',
  'idp_not_allowed',
  'identity_in_bypass',
  'unsatisfiable_require',
  'exclude_cancels_include',
  'shadowed',
] as const;
export type DeadReason = (typeof DEAD_REASONS)[number];

export interface DeadPolicy {
  policy: string;
  policy_name: string;
  decision: string;
  reason: DeadReason;
  detail: string;
  /** The earlier policy that decides first (for `shadowed`). */
  shadowed_by?: string;
}

export interface AppContext extends SelectorContext {
  /**
   * Identity providers the application accepts (its `allowed_idps`, or every IdP when that is empty);
   * `[ANY_IDP]` when the snapshot holds no identity provider to name.
   */
  loginIdps: string[];
}

/** Stands for "an identity provider the snapshot does not list" (treated as open to anyone). */
export const ANY_IDP = '*';

type TermVerdict = { ok: true } | { ok: false; reason: DeadReason; detail: string };

function gating(atom: Atom): boolean {
  const spec = selectorSpec(atom.selector);
  return spec.kind === 'condition' && (spec.gates?.(atom.body) ?? true);
}

/** The IdPs a term's login can go through: the app's, narrowed by login methods and IdP-bound selectors. */
function termIdps(term: Term, ctx: AppContext): string[] {
  let idps = ctx.loginIdps;
  for (const atom of term.atoms) {
    const bound = selectorSpec(atom.selector).idp?.(atom.body);
    if (bound !== undefined) idps = idps.includes(ANY_IDP) ? [bound] : idps.filter((id) => id === bound);
  }
  return idps;
}

function distinctValues(term: Term, selector: string, field: string): Set<string> {
  const values = new Set<string>();
  for (const a of term.atoms) if (a.selector === selector) values.add(plainText(a.body[field] ?? '').toLowerCase());
  return values;
}

/** A require that no principal can satisfy: two different emails, domains or countries, an email outside a domain. */
function contradiction(term: Term): string | undefined {
  const emails = distinctValues(term, 'email', 'email');
  const domains = [...distinctValues(term, 'email_domain', 'domain')].map((d) => d.replace(/^@/, ''));
  const countries = distinctValues(term, 'geo', 'country_code');
  const tokens = distinctValues(term, 'service_token', 'token_id');
  if (emails.size > 1) return `it requires two different emails (${[...emails].join(', ')})`;
  if (new Set(domains).size > 1) return `it requires emails ending in two different domains (${domains.join(', ')})`;
  if (countries.size > 1) return `it requires two different countries (${[...countries].join(', ')})`;
  if (tokens.size > 1) return 'it requires two different service tokens';
  const [email] = emails;
  if (email && domains.length > 0 && !email.endsWith(`@${domains[0]}`)) {
    return `it requires ${email} and emails ending in @${domains[0]}`;
  }
  return undefined;
}

function judgeTerm(term: Term, decision: PolicyDecision, ctx: AppContext): TermVerdict {
  if (decision === 'bypass' && readsIdentity(term)) {
    return {
      ok: false,
      reason: 'identity_in_bypass',
      detail: 'Bypass does not authenticate, so its identity selectors never match',
    };
  }
  const clash = contradiction(term);
  if (clash) return { ok: false, reason: 'unsatisfiable_require', detail: clash };
  if (needsLogin(term, decision) && termIdps(term, ctx).length === 0) {
    const detail = 'it needs an identity provider the application does not allow';
    return { ok: false, reason: 'idp_not_allowed', detail };
  }
  return { ok: true };
}

function idpClass(idps: readonly string[], ctx: SelectorContext): PrincipalClass {
  if (idps.length === 0) return 'nobody';
  const open = idps.some((id) => {
    const type = str(ctx.idps.get(id)?.type);
    return type === undefined || OPEN_IDP_TYPES.has(type);
  });
  return open ? 'any_email' : 'any_idp_user';
}

function termClass(term: Term, decision: GrantDecision, ctx: AppContext): PrincipalClass {
  const specs = term.atoms.map((a) => ({ a, spec: selectorSpec(a.selector) }));
  const identity = specs.filter(({ spec }) => spec.kind === 'identity');
  const loginBound = readsIdentity(term);
  if (admitsCredential(term) && !loginBound) return 'service_token';
  if (decision !== 'allow' && !loginBound) return term.atoms.some(gating) ? 'condition_only' : 'internet';
  const narrowed = narrowestOf(identity.map(({ a, spec }) => spec.identityClass?.(a.body) ?? 'named'));
  const byIdp = idpClass(termIdps(term, ctx), ctx);
  // A webmail domain through an IdP anyone can sign up with is anyone who opens a mailbox there.
  if (narrowed === 'public_email_domain' && byIdp === 'any_email') return 'any_email';
  return narrowestOf([byIdp, ...(narrowed ? [narrowed] : [])]) ?? byIdp;
}

function wayOf(policy: EffectivePolicy, term: Term, ctx: AppContext): WayIn {
  const decision = policy.decision as GrantDecision;
  const identity: string[] = [];
  const credentials: string[] = [];
  const conditions: string[] = [];
  const unknown: string[] = [];
  for (const atom of term.atoms) {
    const spec = selectorSpec(atom.selector);
    const text = spec.describe(atom.body, ctx);
    if (spec.kind === 'identity' || spec.kind === 'login_method') identity.push(text);
    else if (spec.kind === 'credential') credentials.push(text);
    else if (gating(atom)) (spec.opaque ? unknown : conditions).push(text);
    if (spec.kind === 'identity' && spec.opaque) unknown.push(text);
  }
  const cls = termClass(term, decision, ctx);
  const login = needsLogin(term, decision);
  const unique = (xs: string[]): string[] => [...new Set(xs)];
  return {
    policy: policy.id,
    policy_name: policy.name,
    decision,
    class: cls,
    identity: unique(identity),
    idps: login ? termIdps(term, ctx) : [],
    credentials: unique(credentials),
    conditions: unique(conditions),
    unknown: unique(unknown),
    groups: [...new Set(term.atoms.flatMap((a) => a.via))],
    has_exceptions: term.excludes.length > 0,
  };
}

function keysOf(term: Term): Set<string> {
  return new Set(term.atoms.filter((a) => a.selector !== 'everyone').map((a) => a.key));
}

/** `wide` decides for everyone `narrow` admits: `wide` has no exceptions and needs nothing `narrow` lacks. */
function subsumes(wide: Term, narrow: Term): boolean {
  if (wide.excludes.length > 0) return false;
  const need = keysOf(wide);
  const have = keysOf(narrow);
  for (const k of need) if (!have.has(k)) return false;
  return true;
}

/** An exclude that removes everything a term admits: `everyone`, or rules the term itself requires. */
function cancelled(term: Term): boolean {
  return term.excludes.some((ex) => subsumes(ex, term));
}

const CANCELLED = 'its exclude rules remove everyone its include rules admit';

export interface PolicyAnalysis {
  ways: WayIn[];
  dead: DeadPolicy[];
}

function dead(policy: EffectivePolicy, reason: DeadReason, detail: string, by?: EffectivePolicy): DeadPolicy {
  return {
    policy: policy.id,
    policy_name: policy.name,
    decision: plainText(policy.rawDecision ?? '(unset)'),
    reason,
    detail,
    ...(by ? { shadowed_by: by.id } : {}),
  };
}

/** Live ways in and dead policies of one application's policies (in evaluation order). */
export function analysePolicies(policies: readonly EffectivePolicy[], ctx: AppContext): PolicyAnalysis {
  const ways: WayIn[] = [];
  const deadList: DeadPolicy[] = [];
  const earlier: Earlier[] = [];
  for (const policy of policies) {
    const terms = policy.expansion.terms;
    if (policy.decision === undefined) {
      const raw = policy.rawDecision;
      const detail =
        typeof raw === 'string' ? `its decision '${raw}' is not one Access knows` : 'it has no decision Access knows';
      deadList.push(dead(policy, 'unknown_decision', detail));
      continue;
    }
    if (terms.length === 0) {
      deadList.push(dead(policy, 'no_include', 'it has no include rule, so it matches nobody'));
      continue;
    }
    const decision = policy.decision;
    const verdicts = terms.map((t) => judgeTerm(t, decision, ctx));
    const live = terms.filter((t, i) => verdicts[i]!.ok && !cancelled(t));
    const shadow = live.length > 0 ? shadowingPolicy(decision, live, earlier) : undefined;
    earlier.push({ policy, decision, terms: live });
    if (live.length === 0) {
      const failed = verdicts.find((v): v is Extract<TermVerdict, { ok: false }> => !v.ok);
      if (failed) deadList.push(dead(policy, failed.reason, failed.detail));
      else deadList.push(dead(policy, 'exclude_cancels_include', CANCELLED));
      continue;
    }
    if (shadow) {
      const detail = `policy '${shadow.name}' is evaluated first and decides for everyone it admits`;
      deadList.push(dead(policy, 'shadowed', detail, shadow));
      continue;
    }
    if (policy.decision !== 'deny') for (const t of live) ways.push(wayOf(policy, t, ctx));
  }
  return { ways, dead: deadList };
}

interface Earlier {
  policy: EffectivePolicy;
  decision: PolicyDecision;
  terms: Term[];
}

/**
 * An earlier policy that decides first for every request a live term admits. A term that needs a user
 * cannot decide for a request without one (a service token, an anonymous request).
 */
function shadowingPolicy(
  decision: PolicyDecision,
  live: Term[],
  earlier: readonly Earlier[],
): EffectivePolicy | undefined {
  for (const prev of earlier) {
    const reaches = (w: Term, t: Term): boolean =>
      matchesWithoutUser(w, prev.decision) || !matchesWithoutUser(t, decision);
    const covers = (t: Term): boolean => prev.terms.some((w) => subsumes(w, t) && reaches(w, t));
    if (prev.terms.length > 0 && live.every(covers)) return prev.policy;
  }
  return undefined;
}

export function broadestClass(ways: readonly WayIn[]): PrincipalClass {
  return broadestOf(ways.map((w) => w.class));
}

export type { Data };
