/**
 * `*` wildcard matching without regular expressions: a greedy scan with one backtrack point, so a long
 * hostname or path with many `*` costs O(pattern × text) at worst instead of a regex's exponential backtracking.
 */

/** True if `text` matches `pattern`, where `*` matches any run of characters (including none). */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = t;
    } else if (p < pattern.length && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (star >= 0) {
      p = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** `*` matches within one dot-separated label (`*.example.com` covers `a.example.com`, not `a.b.example.com`). */
export function labelGlobMatch(pattern: string, host: string): boolean {
  const p = pattern.split('.');
  const h = host.split('.');
  return p.length === h.length && p.every((label, i) => globMatch(label, h[i]!));
}
