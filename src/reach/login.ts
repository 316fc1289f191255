/**
 * Which terms need a login. Allow and Block apply after a login, except to a request that presents a
 * credential a term names (a service token); Service Auth needs one only when a term reads who the user is;
 * a Bypass never authenticates, so its identity selectors never match.
 * https://developers.cloudflare.com/cloudflare-one/access-controls/policies/#bypass
 * https://developers.cloudflare.com/cloudflare-one/access-controls/policies/#service-auth
 */
import type { PolicyDecision } from './policies.js';
import { selectorSpec } from './selectors.js';
import type { Term } from './terms.js';

/** The term reads the user's identity (identity selectors, login methods, identity-based conditions). */
export function readsIdentity(term: Term): boolean {
  return term.atoms.some((a) => {
    const spec = selectorSpec(a.selector);
    return spec.kind === 'identity' || spec.kind === 'login_method' || spec.identityBased === true;
  });
}

export function admitsCredential(term: Term): boolean {
  return term.atoms.some((a) => selectorSpec(a.selector).kind === 'credential');
}

/** A request with this term needs a user logged in through an identity provider the application allows. */
export function needsLogin(term: Term, decision: PolicyDecision): boolean {
  if (decision === 'bypass') return false;
  if (decision === 'non_identity') return readsIdentity(term);
  return !(admitsCredential(term) && !readsIdentity(term));
}

/** The term can match a request that carries no user (a service token, or nothing). */
export function matchesWithoutUser(term: Term, decision: PolicyDecision): boolean {
  if (decision === 'bypass') return !readsIdentity(term);
  return !needsLogin(term, decision);
}
