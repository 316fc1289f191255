/** One entry of the v4 envelope's `errors[]` / `messages[]`. */
export interface ApiMessage {
  code: number;
  message: string;
}

/**
 * Why a request (or a listing) failed:
 * - `forbidden`: HTTP 401/403 (not retried)
 * - `not_found`: HTTP 404 answered by the API itself: a v4 envelope with `success: false` (the account lacks
 *   the feature, or a wrong id); see docs/coverage.md
 * - `rate_limited`, `server`, `timeout`, `network`: transient failures that outlived every retry
 * - `http`: another non-2xx status
 * - `api`: HTTP 2xx with `success: false`
 * - `malformed`: the body is not a JSON v4 envelope (also for a 404: HTML, problem+json or empty is not the API)
 * - `shape`: the envelope's `result` is not what the endpoint should return
 * - `pagination`: pages repeat, items reappear, fewer items than `total_count`, or more pages than allowed
 * - `stopped`: the client was stopped (`--timeout`) before the request could finish
 */
export type ApiErrorKind =
  | 'forbidden'
  | 'not_found'
  | 'rate_limited'
  | 'server'
  | 'timeout'
  | 'network'
  | 'http'
  | 'api'
  | 'malformed'
  | 'shape'
  | 'pagination'
  | 'stopped';

export interface ApiErrorInit {
  kind: ApiErrorKind;
  /** Request path below the base URL, with its query; never headers or credentials. */
  endpoint: string;
  status?: number;
  errors?: ApiMessage[];
  /** HTTP attempts spent, retries included. */
  attempts?: number;
  reason: string;
}

/** A failed Cloudflare API call. The message names the endpoint and the reason, never a credential. */
export class CloudflareApiError extends Error {
  override name = 'CloudflareApiError';
  readonly kind: ApiErrorKind;
  readonly endpoint: string;
  readonly status: number | undefined;
  readonly errors: ApiMessage[];
  readonly attempts: number;
  readonly reason: string;

  constructor(init: ApiErrorInit) {
    const codes = (init.errors ?? []).map((e) => `${e.code}: ${e.message}`).join('; ');
    const status = init.status === undefined ? '' : ` (HTTP ${init.status})`;
    super(`GET ${init.endpoint}${status}: ${init.reason}${codes ? ` [${codes}]` : ''}`);
    this.kind = init.kind;
    this.endpoint = init.endpoint;
    this.status = init.status;
    this.errors = init.errors ?? [];
    this.attempts = init.attempts ?? 0;
    this.reason = init.reason;
  }
}

/** Replaces every occurrence of the given secret values (tokens, keys) with `[REDACTED]`. */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join('[REDACTED]');
  }
  return out;
}
