import type { CloudflareClient } from './client.js';
import { CloudflareApiError } from './errors.js';

export interface TokenVerification {
  ok: boolean;
  /**
   * The token's status as the API reports it (`active`, `disabled`, `expired`), `invalid` when both
   * verify endpoints rejected it, `unreachable` when they could not be asked, or `skipped` for API keys
   * (which have no verify endpoint).
   */
  status: string;
  /** HTTP status of the deciding request, when there was one. */
  http_status?: number;
  /** Which endpoint answered (`/user/tokens/verify` or `/accounts/{id}/tokens/verify`). */
  endpoint?: string;
  message: string;
}

/**
 * Checks a Bearer token before a collection: `GET /user/tokens/verify` (user-owned tokens), then
 * `GET /accounts/{id}/tokens/verify` (account-owned tokens). Never includes the token in the message.
 */
export async function verifyToken(client: CloudflareClient, accountId: string): Promise<TokenVerification> {
  if (client.authKind !== 'token') {
    return { ok: true, status: 'skipped', message: 'Global API key in use: there is no verify endpoint for keys.' };
  }
  const endpoints = ['/user/tokens/verify', `/accounts/${encodeURIComponent(accountId)}/tokens/verify`];
  let last: TokenVerification | undefined;
  for (const endpoint of endpoints) {
    try {
      const response = await client.get(endpoint);
      const result = response.envelope.result as { status?: unknown } | null;
      const status = typeof result?.status === 'string' ? result.status : 'unknown';
      const verification: TokenVerification = {
        ok: status === 'active',
        status,
        http_status: response.status,
        endpoint,
        message:
          status === 'active'
            ? `The API token is active (verified at ${endpoint}).`
            : `The API token is ${status} (verified at ${endpoint}); create or re-enable a token with read access ` +
              `to Access.`,
      };
      if (verification.ok) return verification;
      last = verification;
    } catch (error) {
      if (!(error instanceof CloudflareApiError)) throw error;
      const rejected =
        error.kind === 'forbidden' || error.kind === 'api' || error.kind === 'http' || error.kind === 'not_found';
      last = {
        ok: false,
        status: rejected ? 'invalid' : 'unreachable',
        ...(error.status === undefined ? {} : { http_status: error.status }),
        endpoint,
        message: rejected
          ? 'The API token was rejected by both /user/tokens/verify and /accounts/{id}/tokens/verify: ' +
            'check CLOUDFLARE_API_TOKEN (and that the account id is the one the token belongs to).'
          : `The token could not be verified: ${error.message}`,
      };
      if (!rejected) return last;
    }
  }
  return last!;
}
