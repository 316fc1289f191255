/**
 * Bounds on what one resource may store: nesting depth and string length. A hostile or broken API answer
 * (a value nested 10,000 deep, a 5 MB name) is written with the offending values replaced by a marker,
 * so one resource can neither crash the writer nor bloat every report that repeats it.
 */

/** Deepest nesting kept: the resource object is level 1; objects and arrays below this level become a marker. */
export const MAX_NESTING_DEPTH = 64;
/** Longest string kept whole (1 MiB); a longer one keeps its first `KEPT_PREFIX_CHARS` and a marker. */
export const MAX_STRING_CHARS = 1_048_576;
export const KEPT_PREFIX_CHARS = 1024;

/** One value that was cut, by its path in the resource (`a.b[2].c`). */
export interface Truncation {
  path: string;
  reason: 'depth' | 'length';
}

export interface BoundedValue<T> {
  value: T;
  truncations: Truncation[];
}

export function truncationMarker(chars: number): string {
  return `[TRUNCATED: ${chars} chars]`;
}

export const DEPTH_MARKER = `[TRUNCATED: nested deeper than ${MAX_NESTING_DEPTH} levels]`;

/** `text` cut to `max` UTF-16 units without splitting a surrogate pair. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = max > 0 && /[\uD800-\uDBFF]/.test(text[max - 1]!) ? max - 1 : max;
  return text.slice(0, end);
}

function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? (parent ? `${parent}.${key}` : key) : `${parent}[${JSON.stringify(key)}]`;
}

/**
 * Returns `value` within the bounds: containers deeper than `MAX_NESTING_DEPTH` and strings longer than
 * `MAX_STRING_CHARS` are replaced by markers, listed in `truncations`; `text` (when given) rewrites every
 * string value kept. Unchanged parts keep their identity (no copy when nothing changes); never mutates.
 * Recursion stops at the depth bound, so any input is safe.
 */
export function boundValue<T>(value: T, text?: (value: string) => string): BoundedValue<T> {
  const truncations: Truncation[] = [];
  const visit = (node: unknown, depth: number, at: string): unknown => {
    if (typeof node === 'string') {
      if (node.length <= MAX_STRING_CHARS) return text ? text(node) : node;
      truncations.push({ path: at, reason: 'length' });
      const kept = `${cutText(node, KEPT_PREFIX_CHARS)}…${truncationMarker(node.length)}`;
      return text ? text(kept) : kept;
    }
    if (typeof node !== 'object' || node === null) return node;
    if (depth > MAX_NESTING_DEPTH) {
      truncations.push({ path: at, reason: 'depth' });
      return DEPTH_MARKER;
    }
    if (Array.isArray(node)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < node.length; i++) {
        const child = visit(node[i], depth + 1, childPath(at, i));
        if (child !== node[i]) (copy ??= [...node])[i] = child;
      }
      return copy ?? node;
    }
    let copy: Record<string, unknown> | undefined;
    for (const [key, child] of Object.entries(node)) {
      const next = visit(child, depth + 1, childPath(at, key));
      if (next === child) continue;
      copy ??= { ...(node as Record<string, unknown>) };
      Object.defineProperty(copy, key, { value: next, writable: true, enumerable: true, configurable: true });
    }
    return copy ?? node;
  };
  return { value: visit(value, 1, '') as T, truncations };
}
