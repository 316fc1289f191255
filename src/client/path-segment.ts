/**
 * One path segment of a request URL, built from an API value (an id, a uid): percent-encoded, so `/`, `?`, `#`
 * and `%` stay inside the segment. `undefined` for a value no encoding can make safe: empty, `.` or `..` (URL
 * parsing resolves dot segments, also percent-encoded ones, so the request would go to another path).
 */
export function pathSegment(value: string): string | undefined {
  if (value === '' || value === '.' || value === '..') return undefined;
  return encodeURIComponent(value);
}

/** Whether a path has a dot segment (`.`, `..`, or percent-encoded forms) that URL parsing would resolve. */
export function hasDotSegment(path: string): boolean {
  return path
    .split('?')[0]!
    .split('/')
    .some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment));
}
