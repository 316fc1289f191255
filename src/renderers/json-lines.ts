/**
 * Where a field sits in pretty-printed JSON (`JSON.stringify(value, null, 2)`, the snapshot file format), computed
 * from the value's structure: every scalar takes one line (JSON escapes newlines in strings), an empty object or
 * array one line, any other container its opening line, its members and its closing line.
 */

/** A span of the pretty-printed text: 1-based lines and columns (UTF-16 code units), `endColumn` exclusive. */
export interface JsonRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

export type JsonPathSegment = string | number;

const INDENT = 2;
const lineCounts = new WeakMap<object, number>();

/** Members as JSON.stringify writes them: object keys whose value it can serialise (it skips undefined). */
function members(value: object): [JsonPathSegment, unknown][] {
  if (Array.isArray(value)) return value.map((item, i) => [i, item]);
  return Object.keys(value)
    .map((key): [string, unknown] => [key, (value as Record<string, unknown>)[key]])
    .filter(([, item]) => item !== undefined && typeof item !== 'function' && typeof item !== 'symbol');
}

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** Lines `value` takes when pretty-printed. */
export function jsonLineCount(value: unknown): number {
  if (!isContainer(value)) return 1;
  const cached = lineCounts.get(value);
  if (cached !== undefined) return cached;
  const list = members(value);
  const count = list.length === 0 ? 1 : 2 + list.reduce((sum, [, item]) => sum + jsonLineCount(item), 0);
  lineCounts.set(value, count);
  return count;
}

/**
 * Splits an evidence path (`policies[0].include[1].everyone`, `cors_headers.allow_all_origins`) into keys and
 * array indexes; `undefined` when it is not such a path (e.g. a prose label).
 */
export function parseJsonPath(path: string): JsonPathSegment[] | undefined {
  const segments: JsonPathSegment[] = [];
  const token = /\[(\d+)\]|(?:^|\.)([^.[\]]+)/y;
  let at = 0;
  while (at < path.length) {
    token.lastIndex = at;
    const match = token.exec(path);
    if (!match) return undefined;
    segments.push(match[1] !== undefined ? Number(match[1]) : match[2]!);
    at = token.lastIndex;
  }
  return segments.length > 0 ? segments : undefined;
}

/** The whole value: line 1 to its closing bracket. */
export function wholeJsonRegion(value: unknown): JsonRegion {
  const lines = jsonLineCount(value);
  const endColumn = lines > 1 ? 2 : 1 + (JSON.stringify(value) ?? 'null').length;
  return { startLine: 1, startColumn: 1, endLine: lines, endColumn };
}

/**
 * The region of the member at `path` inside `root` as pretty-printed: from its key (or, in an array, the start
 * of the element) to the end of its value, trailing comma excluded. `undefined` when the path does not resolve.
 */
export function jsonRegion(root: unknown, path: readonly JsonPathSegment[]): JsonRegion | undefined {
  if (path.length === 0) return wholeJsonRegion(root);
  let container = root;
  let line = 1;
  let depth = 0;
  let found: { key: JsonPathSegment; value: unknown; line: number } | undefined;
  for (const segment of path) {
    if (!isContainer(container) || Array.isArray(container) !== (typeof segment === 'number')) return undefined;
    let next = line + 1;
    found = undefined;
    for (const [key, item] of members(container)) {
      if (key === segment) {
        found = { key, value: item, line: next };
        break;
      }
      next += jsonLineCount(item);
    }
    if (!found) return undefined;
    container = found.value;
    line = found.line;
    depth += 1;
  }
  const { key, value } = found!;
  const indent = depth * INDENT;
  const lines = jsonLineCount(value);
  if (lines > 1) return { startLine: line, startColumn: indent + 1, endLine: line + lines - 1, endColumn: indent + 2 };
  const label = typeof key === 'string' ? `${JSON.stringify(key)}: ` : '';
  const text = `${label}${JSON.stringify(value) ?? 'null'}`;
  return { startLine: line, startColumn: indent + 1, endLine: line, endColumn: indent + 1 + text.length };
}
