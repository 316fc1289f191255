/** How requests authenticate. Built from the environment by `credentialsFromEnv`, or passed explicitly. */
export type Credentials = { kind: 'token'; token: string } | { kind: 'key'; email: string; key: string };

export const DEFAULT_BASE_URL = 'https://api.cloudflare.com/client/v4';

export class CredentialsError extends Error {
  override name = 'CredentialsError';
}

/**
 * Reads `CLOUDFLARE_API_TOKEN`, or `CLOUDFLARE_EMAIL` + `CLOUDFLARE_API_KEY`, as Cloudflare's SDK does.
 * The token wins when both are set. Throws a `CredentialsError` (naming the variables, never the values)
 * when neither is complete.
 */
export function credentialsFromEnv(env: Record<string, string | undefined>): Credentials {
  const token = env.CLOUDFLARE_API_TOKEN?.trim();
  if (token) return { kind: 'token', token };
  const email = env.CLOUDFLARE_EMAIL?.trim();
  const key = env.CLOUDFLARE_API_KEY?.trim();
  if (email && key) return { kind: 'key', email, key };
  if (email || key) {
    const missing = email ? 'CLOUDFLARE_API_KEY' : 'CLOUDFLARE_EMAIL';
    throw new CredentialsError(
      `${missing} is not set: a global API key needs both CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY. ` +
        'Prefer a read-only API token in CLOUDFLARE_API_TOKEN.',
    );
  }
  throw new CredentialsError(
    'No Cloudflare credentials: set CLOUDFLARE_API_TOKEN to a read-only API token ' +
      '(or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY for a global API key).',
  );
}

/** `CLOUDFLARE_BASE_URL` without a trailing slash, or the public API. */
export function baseUrlFromEnv(env: Record<string, string | undefined>): string {
  const value = env.CLOUDFLARE_BASE_URL?.trim();
  return normalizeBaseUrl(value || DEFAULT_BASE_URL);
}

export function normalizeBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CredentialsError(`CLOUDFLARE_BASE_URL "${value}" is not a URL; use e.g. ${DEFAULT_BASE_URL}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CredentialsError(`CLOUDFLARE_BASE_URL "${value}" must be an http(s) URL.`);
  }
  if (url.username || url.password) {
    throw new CredentialsError('CLOUDFLARE_BASE_URL must not contain a user name or password.');
  }
  return url.toString().replace(/\/+$/, '');
}

export function authHeaders(credentials: Credentials): Record<string, string> {
  return credentials.kind === 'token'
    ? { authorization: `Bearer ${credentials.token}` }
    : { 'x-auth-email': credentials.email, 'x-auth-key': credentials.key };
}

/** Values that must never appear in a message, log line or file. */
export function secretValues(credentials: Credentials): string[] {
  return credentials.kind === 'token' ? [credentials.token] : [credentials.key];
}
