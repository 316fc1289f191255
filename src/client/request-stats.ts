/** What the HTTP client counted while collecting one account; stored in the snapshot manifest. */
export interface RequestStats {
  total: number;
  retries: number;
  rate_limited: number;
  server_errors: number;
  timeouts: number;
  bytes: number;
  duration_ms: number;
  /** Server-requested pauses (`Retry-After`, `Ratelimit` t) longer than the client's cap, cut to it. */
  pauses_capped?: number;
}
