import type { CloudflareClient } from './client.js';
import { CloudflareApiError } from './errors.js';

export interface AccountRead {
  /** `ok`: the account answered; `denied`: 401/403/404 (wrong id or scope); `unreachable`: any other failure. */
  status: 'ok' | 'denied' | 'unreachable';
  /** The account's name, when it answered. */
  name?: string;
  http_status?: number;
  /** What went wrong (never a credential). */
  message: string;
}

/**
 * Reads the account itself (`GET /accounts/{account_id}`, "Account Details",
 * https://developers.cloudflare.com/api/resources/accounts/methods/get/) before collecting, so a wrong account id
 * or a token without access to it is one clear error instead of a 403 or 404 on every resource type. That
 * endpoint accepts tokens with "Account Settings Read" (among other groups, none of them Access ones).
 */
export async function readAccount(client: CloudflareClient, accountId: string): Promise<AccountRead> {
  const endpoint = `/accounts/${encodeURIComponent(accountId)}`;
  try {
    const response = await client.get(endpoint);
    const result = response.envelope.result as { id?: unknown; name?: unknown } | null;
    if (typeof result !== 'object' || result === null || (result.id !== undefined && result.id !== accountId)) {
      return {
        status: 'unreachable',
        http_status: response.status,
        message: `GET ${endpoint} did not answer with account ${accountId}`,
      };
    }
    return {
      status: 'ok',
      http_status: response.status,
      ...(typeof result.name === 'string' ? { name: result.name } : {}),
      message: `Account ${accountId}${typeof result.name === 'string' ? ` (${result.name})` : ''} is readable.`,
    };
  } catch (error) {
    if (!(error instanceof CloudflareApiError)) throw error;
    const denied = error.kind === 'forbidden' || error.kind === 'not_found';
    return {
      status: denied ? 'denied' : 'unreachable',
      ...(error.status === undefined ? {} : { http_status: error.status }),
      message: error.message,
    };
  }
}
