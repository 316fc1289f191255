/** What evaluating a rule's check on one resource gave: a value, or an error and the expression it came from. */
export type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown; where?: string };

export const PASSED: Outcome = Object.freeze({ ok: true, value: true });
export const FAILED: Outcome = Object.freeze({ ok: true, value: false });
export const NOT_APPLICABLE: Outcome = Object.freeze({ ok: true, value: undefined });
/** Applies-to skipped the resource: not_applicable without evaluating the check. */
export const SKIPPED: Outcome = Object.freeze({ ok: true, value: undefined });

/** `fn()`, or `fallback` when it throws: wording a result never turns it into a crash. */
export function orElse<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

export function describeError(err: unknown): string {
  const e = err as { code?: string; message?: string; position?: number; token?: string };
  if (e && typeof e === 'object' && (e.code || e.message)) {
    const at = typeof e.position === 'number' ? ` at character ${e.position}` : '';
    return `${e.code ? `${e.code}: ` : ''}${e.message ?? 'error'}${at}${e.token ? ` (near "${e.token}")` : ''}`;
  }
  return orElse(() => String(err), 'an error that cannot be printed');
}

/** Plain JSON (drops JSONata's sequence markers and functions). */
export function plain(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value) ?? 'null') as unknown);
}
