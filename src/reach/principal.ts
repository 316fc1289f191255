/**
 * A principal for the what-if evaluation: who is asking, through which identity provider, from where.
 * An attribute left undefined is unknown: a selector that reads it is neither a match nor a miss.
 */

export interface Principal {
  /** The email address the identity provider vouches for; absent for a service token or no login at all. */
  email?: string;
  /** Id of the identity provider the login went through. */
  idp?: string;
  /** Every group the person has at their identity provider (Okta/Entra group, GitHub org or org/team, SAML value). */
  groups?: string[];
  /** ISO 3166-1 alpha-2 country of the request's source address. */
  country?: string;
  /** Source IP address of the request. */
  ip?: string;
  /** Authentication methods used at login (`mfa`, `hwk`, `otp`, …); undefined when unknown. */
  authMethods?: string[];
  /** Device posture checks the device passes (integration uids); undefined when unknown. */
  postures?: string[];
  /** Service token id the request presents. */
  serviceToken?: string;
}

/** Three-valued truth: `null` is "cannot tell from what is known". */
export type Tri = boolean | null;

export function triAnd(values: Iterable<Tri>): Tri {
  let unknown = false;
  for (const v of values) {
    if (v === false) return false;
    if (v === null) unknown = true;
  }
  return unknown ? null : true;
}

export function triOr(values: Iterable<Tri>): Tri {
  let unknown = false;
  for (const v of values) {
    if (v === true) return true;
    if (v === null) unknown = true;
  }
  return unknown ? null : false;
}

export function triNot(v: Tri): Tri {
  return v === null ? null : !v;
}
