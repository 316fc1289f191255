/**
 * Application hostnames and paths. A wildcard in the subdomain matches one label (`*.example.com` covers
 * `a.example.com`, not `example.com` nor `a.b.example.com`); a path covers itself and everything below it;
 * the more specific application takes precedence and inherits nothing from the broader one.
 * https://developers.cloudflare.com/cloudflare-one/access-controls/policies/app-paths/
 */
import { asArray, isObject, str, type Data } from '../common/values.js';
import { globMatch, labelGlobMatch } from './glob.js';

export interface HostPattern {
  host: string;
  /** Path without leading slash; '' for the whole host. */
  path: string;
  text: string;
}

/** `host/path` (scheme and port dropped, lower-case host). */
export function parsePattern(text: unknown): HostPattern | undefined {
  const raw = str(text)?.trim();
  if (!raw) return undefined;
  const rest = raw.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  const slash = rest.indexOf('/');
  const hostPart = (slash < 0 ? rest : rest.slice(0, slash)).replace(/:\d+$/, '').toLowerCase().replace(/\.$/, '');
  if (!hostPart) return undefined;
  let path = slash < 0 ? '' : rest.slice(slash + 1).replace(/[?#].*$/, '');
  if (path === '*') path = '';
  return { host: hostPart, path: path.replace(/\/+$/, ''), text: raw };
}

/** The host patterns an application answers on: its domain, self-hosted domains and public destinations. */
export function appPatterns(app: Data): HostPattern[] {
  const texts: unknown[] = [app.domain, ...asArray(app.self_hosted_domains)];
  for (const d of asArray(app.destinations)) if (isObject(d) && d.type === 'public') texts.push(d.uri);
  const seen = new Set<string>();
  const out: HostPattern[] = [];
  for (const t of texts) {
    const p = parsePattern(t);
    if (p && !seen.has(`${p.host}/${p.path}`)) {
      seen.add(`${p.host}/${p.path}`);
      out.push(p);
    }
  }
  return out;
}

export function hostCovers(pattern: string, host: string): boolean {
  return pattern === host || (pattern.includes('*') && labelGlobMatch(pattern, host));
}

/** A pattern path covers a request path equal to it or below it; `*` spans segments. */
export function pathCovers(pattern: string, path: string): boolean {
  if (pattern === '') return true;
  const p = path.replace(/^\/+/, '');
  return globMatch(pattern, p) || globMatch(`${pattern}/*`, p);
}

/** The pattern covers every request `inner` covers, and is strictly less specific. */
export function isBroaderThan(outer: HostPattern, inner: HostPattern): boolean {
  if (outer.host === inner.host && outer.path === inner.path) return false;
  const hostOk = outer.host === inner.host || (!inner.host.includes('*') && hostCovers(outer.host, inner.host));
  return hostOk && pathCovers(outer.path, inner.path);
}

/** The applications (and their matching pattern) that cover a hostname and path, most specific first. */
export function coveringApps<T extends { patterns: HostPattern[] }>(
  apps: readonly T[],
  host: string,
  path = '',
): { app: T; pattern: HostPattern }[] {
  const h = host.toLowerCase().replace(/\.$/, '');
  const out: { app: T; pattern: HostPattern }[] = [];
  for (const app of apps) {
    for (const pattern of app.patterns) {
      if (hostCovers(pattern.host, h) && pathCovers(pattern.path, path)) out.push({ app, pattern });
    }
  }
  const specificity = (p: HostPattern): number => (p.host.includes('*') ? 0 : 1000) + p.path.length;
  return out.sort((a, b) => specificity(b.pattern) - specificity(a.pattern));
}
