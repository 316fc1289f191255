/**
 * `Retry-After` as milliseconds: delta-seconds (fractions allowed) or an HTTP date.
 * `undefined` when absent or unparseable; never negative.
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}

/**
 * Exponential backoff with jitter for retry number `retry` (1 = first retry):
 * `min(base × 2^(retry-1), max)`, scaled by a random factor in [0.5, 1).
 */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(baseMs * 2 ** Math.max(0, retry - 1), maxMs);
  return Math.round(ceiling * (0.5 + random() * 0.5));
}
