import { UserError } from './errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** The default bound of a whole collection (`--timeout`). */
export const DEFAULT_TIMEOUT = '30m';

/** `90s`, `15m`, `1h`, `1h30m`, `500ms` as milliseconds; `undefined` when it is not such a duration or is zero. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(?:\d+(?:ms|s|m|h))+$/.test(trimmed)) return undefined;
  let ms = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)(ms|s|m|h)/g)) ms += Number(amount) * UNIT_MS[unit!]!;
  return ms > 0 && Number.isSafeInteger(ms) ? ms : undefined;
}

/** A `--timeout` (or `timeout:` in the configuration) as milliseconds, or a usage error saying what is accepted. */
export function timeoutMs(text: string, source: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) {
    throw new UserError(
      'usage',
      '{source} "{text}" is not a duration.',
      { source, text },
      'Use a number and a unit (ms, s, m, h), e.g. 90s, 15m, 1h or 1h30m.',
    );
  }
  return ms;
}
