/**
 * The pure helper functions of docs/writing-rules.md (no snapshot needed). Each accepts anything:
 * absent or malformed input yields `undefined` (or `false` for predicates), never an exception.
 */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { asArray, isObject } from '../common/values.js';
import { PUBLIC_EMAIL_DOMAINS } from './public-email-domains.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
/** What `$durationHours("forever")` returns: longer than any limit. */
export const FOREVER_HOURS = 1e9;

const GO_UNIT_HOURS: Record<string, number> = {
  ns: 1 / 3.6e12,
  us: 1 / 3.6e9,
  µs: 1 / 3.6e9,
  μs: 1 / 3.6e9,
  ms: 1 / 3.6e6,
  s: 1 / 3600,
  m: 1 / 60,
  h: 1,
};

export function isKnown(x: unknown): boolean {
  return x !== undefined && x !== null;
}

/** Go `time.ParseDuration` syntax in hours; `forever` → 1e9. */
export function durationHours(s: unknown): number | undefined {
  if (typeof s !== 'string') return undefined;
  const text = s.trim();
  if (text === 'forever') return FOREVER_HOURS;
  if (text === '0') return 0;
  const whole = /^([+-]?)((?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+)$/.exec(text);
  if (!whole) return undefined;
  let hours = 0;
  for (const m of whole[2]!.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    hours += Number(m[1]) * GO_UNIT_HOURS[m[2]!]!;
  }
  return whole[1] === '-' ? -hours : hours;
}

export function parseDate(x: unknown): number | undefined {
  if (typeof x !== 'string' && typeof x !== 'number') return undefined;
  if (typeof x === 'string' && x.trim() === '') return undefined;
  const t = typeof x === 'number' ? x : Date.parse(x);
  return Number.isFinite(t) ? t : undefined;
}

/** Days (fractional) from `now` to `date`; negative when `date` is past. */
export function daysUntil(date: unknown, now: Date): number | undefined {
  const t = parseDate(date);
  return t === undefined ? undefined : (t - now.getTime()) / DAY_MS;
}

/** Days (fractional) from `date` to `now`. */
export function daysSince(date: unknown, now: Date): number | undefined {
  const t = parseDate(date);
  return t === undefined ? undefined : (now.getTime() - t) / DAY_MS;
}

/** Selector keys of an Access rule array: `[{"everyone":{}},{"email":{…}}]` → `["everyone","email"]`. */
export function ruleKeys(rules: unknown): string[] {
  const keys: string[] = [];
  for (const rule of asArray(rules)) if (isObject(rule)) keys.push(...Object.keys(rule));
  return keys;
}

export function hasRule(rules: unknown, key: unknown): boolean {
  if (typeof key !== 'string') return false;
  return asArray(rules).some((r) => isObject(r) && Object.hasOwn(r, key));
}

/** `include` ∪ `require` of a policy or group. */
export function rulesOf(policy: unknown): unknown[] {
  if (!isObject(policy)) return [];
  return [...asArray(policy.include), ...asArray(policy.require)];
}

interface ParsedCidr {
  version: 4 | 6;
  address: bigint;
  prefix: number;
}

function parseIPv4(text: string): bigint {
  return text.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function parseIPv6(text: string): bigint {
  let s = text;
  let tail: bigint[] = [];
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.')) {
    const v4 = parseIPv4(s.slice(lastColon + 1));
    tail = [v4 >> 16n, v4 & 0xffffn];
    s = s.slice(0, lastColon + 1) + '0:0';
  }
  const [head, rest] = s.split('::') as [string, string | undefined];
  const headParts = head ? head.split(':') : [];
  const restParts = rest !== undefined && rest !== '' ? rest.split(':') : [];
  const fill = rest !== undefined ? 8 - headParts.length - restParts.length : 0;
  const groups = [...headParts, ...Array<string>(fill).fill('0'), ...restParts].map((g) => BigInt(parseInt(g, 16)));
  if (tail.length) groups.splice(6, 2, ...tail);
  return groups.reduce((acc, g) => (acc << 16n) | g, 0n);
}

export function parseCidr(x: unknown): ParsedCidr | undefined {
  if (typeof x !== 'string') return undefined;
  const text = x.trim().replace(/^\[|\]$/g, '');
  const [addr, prefixText, extra] = text.split('/');
  if (addr === undefined || extra !== undefined) return undefined;
  const bare = addr.replace(/%.*$/, '');
  const version = isIP(bare);
  if (version !== 4 && version !== 6) return undefined;
  const max = version === 4 ? 32 : 128;
  let prefix = max;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText)) return undefined;
    prefix = Number(prefixText);
    if (prefix > max) return undefined;
  }
  return { version, prefix, address: version === 4 ? parseIPv4(bare) : parseIPv6(bare) };
}

export function cidrPrefix(cidr: unknown): number | undefined {
  return parseCidr(cidr)?.prefix;
}

export function isIPv6(ip: unknown): boolean {
  return parseCidr(ip)?.version === 6;
}

const PRIVATE_BLOCKS = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '127.0.0.0/8',
  '169.254.0.0/16',
  '100.64.0.0/10',
  '::1/128',
  'fc00::/7',
  'fe80::/10',
].map((b) => parseCidr(b)!);

function within(inner: ParsedCidr, outer: ParsedCidr): boolean {
  if (inner.version !== outer.version || inner.prefix < outer.prefix) return false;
  const bits = BigInt(inner.version === 4 ? 32 : 128);
  const shift = bits - BigInt(outer.prefix);
  return inner.address >> shift === outer.address >> shift;
}

/** RFC 1918, loopback, link-local, CGNAT or ULA; a CIDR must lie wholly inside one such block. */
export function isPrivateIp(ip: unknown): boolean {
  const parsed = parseCidr(ip);
  return parsed !== undefined && PRIVATE_BLOCKS.some((block) => within(parsed, block));
}

/** Lower-case scheme of `scheme://…`; `undefined` when the text has no `scheme://`. */
export function urlScheme(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  const m = /^\s*([a-z][a-z0-9+.-]*):\/\//i.exec(url);
  return m ? m[1]!.toLowerCase() : undefined;
}

/** Host of a URL or of a bare `host/path` (lower-case, no port, IPv6 without brackets; wildcards kept). */
export function urlHost(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  let rest = url.trim().replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  rest = rest.split(/[/?#]/, 1)[0] ?? '';
  rest = rest.slice(rest.lastIndexOf('@') + 1);
  let host: string;
  if (rest.startsWith('[')) {
    const end = rest.indexOf(']');
    if (end < 0) return undefined;
    host = rest.slice(1, end);
  } else if (isIP(rest) === 6) {
    host = rest;
  } else {
    host = rest.replace(/:\d*$/, '');
  }
  host = host.toLowerCase().replace(/\.$/, '');
  return host === '' ? undefined : host;
}

export function isLoopbackHost(host: unknown): boolean {
  if (typeof host !== 'string') return false;
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  const parsed = parseCidr(h);
  if (!parsed || parsed.prefix !== (parsed.version === 4 ? 32 : 128)) return false;
  return within(parsed, PRIVATE_BLOCKS[3]!) || within(parsed, PRIVATE_BLOCKS[6]!);
}

export function isPublicEmailDomain(domain: unknown): boolean {
  if (typeof domain !== 'string') return false;
  return PUBLIC_EMAIL_DOMAINS.has(domain.trim().toLowerCase().replace(/^@/, ''));
}

/** App types that set the `CF_Authorization` cookie. */
export const BROWSER_APP_TYPES: ReadonlySet<string> = new Set([
  'self_hosted',
  'ssh',
  'vnc',
  'rdp',
  'mcp',
  'mcp_portal',
]);

export function isBrowserApp(app: unknown): boolean {
  return isObject(app) && typeof app.type === 'string' && BROWSER_APP_TYPES.has(app.type);
}

/** Expiry (ISO string) of a PEM certificate, or `undefined` if it does not parse. */
export function pemNotAfter(pem: unknown): string | undefined {
  if (typeof pem !== 'string' || !pem.includes('-----BEGIN')) return undefined;
  try {
    const t = Date.parse(new X509Certificate(pem).validTo);
    return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
  } catch {
    return undefined;
  }
}

export { HOUR_MS };
