import { createHash } from 'node:crypto';
import { compareText } from './order.js';

/** Prefix of a key derived from an item's content (the item has no usable id). */
export const CONTENT_KEY_PREFIX = 'noid-';

/** JSON with object keys sorted at every level, so equal content gives equal text whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => compareText(a, b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * A stable key for an item without a usable id: `noid-` and the first 12 hex digits of the SHA-256 of its
 * canonical JSON. The same content always gives the same key (the snapshot reader derives it again).
 */
export function contentKey(item: Record<string, unknown>): string {
  return `${CONTENT_KEY_PREFIX}${createHash('sha256').update(canonicalJson(item), 'utf8').digest('hex').slice(0, 12)}`;
}

/** The value of an id field when it is usable: a non-empty string or a finite number (as a string). */
export function usableId(value: unknown): string | undefined {
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
