/** A fragment id made of safe characters only. */
export function anchorFor(prefix: string, value: string): string {
  return `${prefix}-${value.replace(/[^A-Za-z0-9_-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;
}

/** `anchorFor(prefix, value)`, made unique within `used` by a suffix (`-<qualifier>`, then `-2`, `-3`, …). */
export function uniqueAnchor(used: Set<string>, prefix: string, value: string, qualifier: string): string {
  const base = anchorFor(prefix, value);
  let anchor = used.has(base) ? anchorFor(prefix, `${value}-${qualifier}`) : base;
  for (let n = 2; used.has(anchor); n++) anchor = anchorFor(prefix, `${value}-${qualifier}-${n}`);
  used.add(anchor);
  return anchor;
}
