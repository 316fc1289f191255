/**
 * Pretty-printed JSON (`JSON.stringify(value, null, 2)`) written in pieces, so that a large report is never one
 * string: an array made with `streamed` is written item by item, and its items are produced only then.
 */

/** An array `jsonChunks` writes item by item; the items are read from the iterable once, while writing. */
export class StreamedArray {
  readonly items: Iterable<unknown>;
  constructor(items: Iterable<unknown>) {
    this.items = items;
  }
}

/** `items` mapped lazily into a streamed array. */
export function streamed<T>(items: Iterable<T>, map: (item: T) => unknown = (item) => item): StreamedArray {
  return new StreamedArray(
    (function* mapped() {
      for (const item of items) yield map(item);
    })(),
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof StreamedArray);
}

/** An object with a streamed array among its own values (deeper ones are not looked for). */
function holdsStream(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && Object.values(value).some((v) => v instanceof StreamedArray);
}

/** The members JSON.stringify writes: it skips undefined, functions and symbols. */
function written(value: Record<string, unknown>): [string, unknown][] {
  return Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
}

/**
 * The text `JSON.stringify(value, null, 2)` gives for `value` nested at `indent`, in pieces: a streamed array
 * item by item (each item whole, so a scrubber sees every string whole). Streamed arrays are found as `value`,
 * as an item of a streamed array, or as a direct member of either.
 */
export function* jsonChunks(value: unknown, indent = ''): Generator<string> {
  const inner = `${indent}  `;
  if (value instanceof StreamedArray) {
    let first = true;
    for (const item of value.items) {
      yield `${first ? '[' : ','}\n${inner}`;
      yield* jsonChunks(item, inner);
      first = false;
    }
    yield first ? '[]' : `\n${indent}]`;
    return;
  }
  if (holdsStream(value)) {
    for (const [i, [key, member]] of written(value).entries()) {
      yield `${i === 0 ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
      yield* jsonChunks(member, inner);
    }
    yield `\n${indent}}`;
    return;
  }
  yield (JSON.stringify(value, null, 2) ?? 'null').replace(/\n/g, `\n${indent}`);
}
