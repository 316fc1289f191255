/**
 * Principal classes: who a way into a resource admits, from the broadest to the narrowest.
 * The order is the order of exposure: a resource's reach is the broadest class of its live ways in.
 */

export const PRINCIPAL_CLASSES = [
  'internet',
  'any_email',
  'any_idp_user',
  'public_email_domain',
  'email_domain',
  'named',
  'service_token',
  'condition_only',
  'nobody',
] as const;

export type PrincipalClass = (typeof PRINCIPAL_CLASSES)[number];

export const CLASS_LABELS: Record<PrincipalClass, string> = {
  internet: 'the internet (no login)',
  any_email: 'anyone with an email address',
  any_idp_user: 'any user of an identity provider',
  public_email_domain: 'a public webmail domain',
  email_domain: 'an email domain',
  named: 'listed people or groups',
  service_token: 'service tokens',
  condition_only: 'anyone meeting a network or device condition',
  nobody: 'nobody',
};

const RANK: Record<PrincipalClass, number> = Object.fromEntries(PRINCIPAL_CLASSES.map((c, i) => [c, i])) as Record<
  PrincipalClass,
  number
>;

/** 0 for the internet, growing as the class narrows. */
export function classRank(c: PrincipalClass): number {
  return RANK[c];
}

export function isPrincipalClass(x: unknown): x is PrincipalClass {
  return typeof x === 'string' && Object.hasOwn(RANK, x);
}

export function broadestOf(classes: Iterable<PrincipalClass>): PrincipalClass {
  let best: PrincipalClass = 'nobody';
  for (const c of classes) if (RANK[c] < RANK[best]) best = c;
  return best;
}

export function narrowestOf(classes: Iterable<PrincipalClass>): PrincipalClass | undefined {
  let best: PrincipalClass | undefined;
  for (const c of classes) if (best === undefined || RANK[c] > RANK[best]) best = c;
  return best;
}
