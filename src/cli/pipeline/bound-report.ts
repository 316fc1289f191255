import { MAX_DISPLAY_NAME } from '../../engine/evaluate.js';
import type { AccountReport } from '../../renderers/types.js';
import { cutText, truncationMarker } from '../../snapshot/bounds.js';

/** Longest string a report repeats from data (messages, evidence values, reach details). */
export const MAX_REPORT_TEXT = 2000;
/** Keys whose string value is a resource name: cut like `displayName` (200 characters). */
const NAME_KEYS = new Set(['name', 'resource_name']);
const MAX_DEPTH = 100;

function cutName(text: string): string {
  return text.length > MAX_DISPLAY_NAME ? `${cutText(text, MAX_DISPLAY_NAME - 1)}…` : text;
}

function cutLong(text: string): string {
  return text.length > MAX_REPORT_TEXT ? `${cutText(text, MAX_REPORT_TEXT)}…${truncationMarker(text.length)}` : text;
}

/** `value` with names cut to 200 characters and other strings to 2,000; copies only what changes. */
function bound<T>(value: T, key = '', depth = 0): T {
  if (typeof value === 'string') return (NAME_KEYS.has(key) ? cutName(value) : cutLong(value)) as T;
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((child, i) => {
      const next = bound(child, '', depth + 1);
      if (next !== child) (copy ??= [...value])[i] = next;
    });
    return (copy ?? value) as T;
  }
  let copy: Record<string, unknown> | undefined;
  for (const [k, child] of Object.entries(value)) {
    const next = bound(child, k, depth + 1);
    if (next === child) continue;
    copy ??= { ...(value as Record<string, unknown>) };
    Object.defineProperty(copy, k, { value: next, writable: true, enumerable: true, configurable: true });
  }
  return (copy ?? value) as T;
}

/**
 * The account's report with every string it repeats from resource data bounded: a hostile name or value
 * (1 MB) is cut before it is copied into every result of every report. The manifest is left as stored.
 */
export function boundAccountReport(account: AccountReport): AccountReport {
  const { manifest, ...rest } = account;
  return { ...bound(rest), manifest };
}
