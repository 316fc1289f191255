/** `reach` flags → the Principal the what-if walks the policies for (src/reach/principal.ts). */
import { isIP } from 'node:net';
import { idOf, str, type Data } from '../common/values.js';
import type { Principal } from '../reach/index.js';
import { listValue, stringValue, usageError, type ParsedValues } from './args.js';
import { REACH_SPEC } from './command-specs.js';
import { didYouMean } from './did-you-mean.js';

/** The snapshot records the flags are resolved against. */
export interface PrincipalLookup {
  identity_provider: readonly Data[];
  service_token: readonly Data[];
}

const fail = (message: string): Error => usageError(REACH_SPEC, message);

const label = (item: Data): string => `${str(item.name) ?? '(unnamed)'} (${idOf(item.id) ?? '?'})`;

function listing(items: readonly Data[], what: string): string {
  return items.length === 0 ? `the snapshot holds no ${what}` : `its ${what}s: ${items.map(label).join(', ')}`;
}

function matches(item: Data, value: string, keys: string[]): boolean {
  return keys.some((key) => (idOf(item[key]) ?? '').toLowerCase() === value.trim().toLowerCase());
}

/** The one record `value` names through `keys` (id first); an unknown or ambiguous value is a usage error. */
function pick(items: readonly Data[], value: string, keys: string[], flag: string, what: string): Data {
  for (const key of keys) {
    const hits = items.filter((item) => matches(item, value, [key]));
    if (hits.length === 1) return hits[0]!;
    if (hits.length > 1) {
      throw fail(`${flag} "${value}" matches ${hits.length} ${what}s (${hits.map(label).join(', ')}); pass an id.`);
    }
  }
  const names = items.map((item) => str(item.name)).filter((n): n is string => n !== undefined);
  const hint = didYouMean(value, names);
  throw fail(`${flag} "${value}" matches no ${what} of the snapshot; ${listing(items, what)}.${hint}`);
}

/** The identity provider named by --idp (id or name) and/or --login-method (id or type); they must agree. */
function resolveIdp(values: ParsedValues, idps: readonly Data[]): string | undefined {
  const byName = stringValue(values, 'idp');
  const byType = stringValue(values, 'login-method');
  const what = 'identity provider';
  const typeOnly =
    byName !== undefined &&
    !idps.some((i) => matches(i, byName, ['id', 'name'])) &&
    idps.some((i) => matches(i, byName, ['type']));
  if (typeOnly) throw fail(`--idp "${byName}" is an IdP type, not an id or name: use --login-method ${byName}.`);
  const a = byName === undefined ? undefined : idOf(pick(idps, byName, ['id', 'name'], '--idp', what).id);
  const b = byType === undefined ? undefined : idOf(pick(idps, byType, ['id', 'type'], '--login-method', what).id);
  if (a !== undefined && b !== undefined && a !== b) {
    throw fail(`--idp "${byName}" and --login-method "${byType}" name different identity providers; give one.`);
  }
  return a ?? b;
}

function country(values: ParsedValues): string | undefined {
  const cc = stringValue(values, 'country');
  if (cc === undefined) return undefined;
  if (!/^[a-z]{2}$/i.test(cc.trim())) throw fail(`--country takes an ISO 3166-1 alpha-2 code such as US; got "${cc}".`);
  return cc.trim().toUpperCase();
}

function address(values: ParsedValues): string | undefined {
  const ip = stringValue(values, 'ip');
  if (ip === undefined) return undefined;
  if (isIP(ip.trim()) === 0) throw fail(`--ip takes one IPv4 or IPv6 address such as 203.0.113.7; got "${ip}".`);
  return ip.trim();
}

function email(values: ParsedValues): string | undefined {
  const as = stringValue(values, 'as')?.trim();
  if (as !== undefined && !/^[^@\s]+@[^@\s]+$/.test(as)) throw fail(`--as takes an email address; got "${as}".`);
  return as;
}

/** Flags that describe a login, meaningless without a person. */
const LOGIN_FLAGS = ['idp', 'login-method', 'group', 'auth-method'];

/**
 * The principal the flags describe. An attribute not given stays undefined (unknown), except groups:
 * none given means the person has none.
 */
export function resolvePrincipal(values: ParsedValues, lookup: PrincipalLookup): Principal {
  const mail = email(values);
  const token = stringValue(values, 'service-token');
  if (mail === undefined && token === undefined) {
    throw fail('"reach" needs --as EMAIL (the person to ask about), or --service-token ID.');
  }
  if (mail === undefined) {
    const loginFlag = LOGIN_FLAGS.find((name) => values[name] !== undefined);
    if (loginFlag) throw fail(`--${loginFlag} describes a login and needs --as EMAIL.`);
  }
  const idp = resolveIdp(values, lookup.identity_provider);
  const authMethods = listValue(values, 'auth-method').map((m) => m.trim());
  const postures = listValue(values, 'posture').map((p) => p.trim());
  const serviceToken =
    token === undefined
      ? undefined
      : idOf(pick(lookup.service_token, token, ['id', 'client_id', 'name'], '--service-token', 'service token').id);
  const principal: Principal = {
    ...(mail === undefined ? {} : { email: mail }),
    ...(idp === undefined ? {} : { idp }),
    groups: listValue(values, 'group').map((g) => g.trim()),
    ...optional('country', country(values)),
    ...optional('ip', address(values)),
    ...(authMethods.length > 0 ? { authMethods } : {}),
    ...(postures.length > 0 ? { postures } : {}),
    ...optional('serviceToken', serviceToken),
  };
  return principal;
}

function optional<K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, string>);
}
