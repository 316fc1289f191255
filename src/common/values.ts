/** Narrowing helpers for JSON of unknown shape (API answers, snapshot files). */

export type Data = Record<string, unknown>;

export function isObject(x: unknown): x is Data {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** An array as is, a single value as a one-item list, absent or null as an empty list. */
export function asArray(x: unknown): unknown[] {
  if (x === undefined || x === null) return [];
  return Array.isArray(x) ? x : [x];
}

/** A non-empty string, else undefined. */
export function str(x: unknown): string | undefined {
  return typeof x === 'string' && x !== '' ? x : undefined;
}

/** An id as a string: non-empty strings and finite numbers. */
export function idOf(x: unknown): string | undefined {
  return typeof x === 'string' && x !== '' ? x : typeof x === 'number' && Number.isFinite(x) ? String(x) : undefined;
}

/** Any value as text, never throwing: strings as they are, numbers and booleans printed, the rest as JSON. */
export function plainText(x: unknown): string {
  if (typeof x === 'string') return x;
  if (typeof x === 'number' || typeof x === 'boolean' || typeof x === 'bigint') return String(x);
  try {
    return JSON.stringify(x) ?? '';
  } catch {
    return '';
  }
}
