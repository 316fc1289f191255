/**
 * What-if: the decision Access takes for one principal on one application, walking the policies in
 * evaluation order (Bypass and Service Auth first, then Allow and Block; the first match decides).
 * https://developers.cloudflare.com/cloudflare-one/access-controls/policies/
 *   #cloudflare-access-policy-order-of-execution
 * An attribute the principal leaves unknown makes a policy a "maybe": the walk goes on, and a grant that
 * holds only under an assumption names it.
 */
import { str } from '../common/values.js';
import type { EffectivePolicy, PolicyDecision } from './policies.js';
import type { Principal, Tri } from './principal.js';
import { OPEN_IDP_TYPES, selectorSpec, type SelectorContext } from './selectors.js';
import { atomMatches, termsMatch, type Atom, type Term } from './terms.js';
import { needsLogin } from './login.js';
import { ANY_IDP, type AppContext, type GrantDecision } from './ways.js';

export interface Assumption {
  /** Principal attribute (or selector) the outcome depends on: country, ip, device_posture, idp, … */
  attribute: string;
  /** What must hold, in words. */
  holds: string;
}

export interface PrincipalDecision {
  decision: GrantDecision | 'deny' | 'none';
  /** The deciding policy (for `none`: no policy matched, Access denies by default). */
  policy?: string;
  /** The identity provider the login went through, when one was needed. */
  idp?: string;
  assumptions: Assumption[];
}

/** Every atom of the terms, their excludes, and the excludes' excludes, at any depth. */
function allAtoms(terms: readonly Term[]): Atom[] {
  return terms.flatMap((t) => [...t.atoms, ...allAtoms(t.excludes)]);
}

function unknownAtoms(terms: readonly Term[], principal: Principal, ctx: SelectorContext): Assumption[] {
  const out = new Map<string, Assumption>();
  {
    for (const atom of allAtoms(terms)) {
      if (atomMatches(atom, principal, ctx) !== null) continue;
      const spec = selectorSpec(atom.selector);
      const attribute = spec.attribute ?? atom.selector;
      const holds = spec.describe(atom.body, ctx);
      out.set(`${attribute}\n${holds}`, { attribute, holds });
    }
  }
  return [...out.values()];
}

/** Bypass does not authenticate: it sees the request, never who is behind it. */
function anonymous(p: Principal): Principal {
  const { email: _email, idp: _idp, groups: _groups, authMethods: _auth, ...request } = p;
  return request;
}

/**
 * The terms a principal can match in a policy. A person meets Allow and Block only after logging in through
 * an identity provider the application allows; a term that needs a login never matches a request without a
 * user (a service token meets only the terms that name a credential).
 */
function candidateTerms(policy: EffectivePolicy, principal: Principal, loggedIn: boolean): readonly Term[] {
  const user = principal.email !== undefined;
  if (user && policy.phase === 2) return loggedIn ? policy.expansion.terms : [];
  const decision = policy.decision!;
  return policy.expansion.terms.filter((t) => !needsLogin(t, decision) || (user && loggedIn));
}

/** Walk for a principal whose identity provider (if any) is fixed. */
function walk(policies: readonly EffectivePolicy[], principal: Principal, ctx: AppContext): PrincipalDecision {
  const loggedIn =
    principal.email !== undefined &&
    principal.idp !== undefined &&
    (ctx.loginIdps.includes(principal.idp) || ctx.loginIdps.includes(ANY_IDP));
  const assumptions: Assumption[] = [];
  let maybe: PrincipalDecision | undefined;
  for (const policy of policies) {
    if (policy.decision === undefined) continue;
    // Without a login Access knows nothing of the user: identity selectors cannot match.
    const seen = policy.decision === 'bypass' || !loggedIn ? anonymous(principal) : principal;
    const terms = candidateTerms(policy, principal, loggedIn);
    const matched: Tri = termsMatch(terms, seen, ctx);
    if (matched === false) continue;
    const decision: PolicyDecision = policy.decision;
    if (matched === true) {
      if (decision === 'deny') return maybe ?? { decision: 'deny', policy: policy.id, assumptions: [] };
      return { decision, policy: policy.id, assumptions };
    }
    const unknowns = unknownAtoms(terms, seen, ctx);
    if (decision === 'deny') {
      for (const u of unknowns) {
        assumptions.push({ attribute: u.attribute, holds: `not (${u.holds}): '${policy.name}' blocks` });
      }
    } else {
      maybe ??= { decision, policy: policy.id, assumptions: [...assumptions, ...unknowns] };
    }
  }
  return maybe ?? { decision: 'none', assumptions: [] };
}

function score(d: PrincipalDecision): number {
  if (d.decision === 'deny' || d.decision === 'none') return 0;
  return 1000 - d.assumptions.length;
}

/**
 * The decision for a principal. Without a given identity provider, every provider the application accepts
 * is tried; a provider other than one-time PIN (which vouches for any mailbox) is an assumption.
 */
export function decide(policies: readonly EffectivePolicy[], principal: Principal, ctx: AppContext): PrincipalDecision {
  if (principal.email === undefined || principal.idp !== undefined) {
    const d = walk(policies, principal, ctx);
    return principal.idp !== undefined && d.decision !== 'bypass' ? { ...d, idp: principal.idp } : d;
  }
  let best: PrincipalDecision = walk(policies, principal, ctx);
  for (const idp of ctx.loginIdps) {
    const d = walk(policies, { ...principal, idp }, ctx);
    if (d.decision === 'bypass' || d.decision === 'deny' || d.decision === 'none') {
      if (score(d) > score(best)) best = d;
      continue;
    }
    const type = str(ctx.idps.get(idp)?.type);
    const named =
      idp === ANY_IDP ? 'an identity provider the snapshot does not list' : (str(ctx.idps.get(idp)?.name) ?? idp);
    const viaIdp: PrincipalDecision =
      type === 'onetimepin'
        ? { ...d, idp }
        : { ...d, idp, assumptions: [{ attribute: 'idp', holds: `has an account at ${named}` }, ...d.assumptions] };
    if (score(viaIdp) > score(best)) best = viaIdp;
  }
  return best;
}

export { OPEN_IDP_TYPES };
