import type { ResourceType } from '../catalog/resource-types.js';
import { REDACTED } from '../snapshot/types.js';
import { MAX_NESTING_DEPTH } from '../snapshot/bounds.js';

/**
 * THE list of secret fields, per resource type, as dot paths relative to one
 * resource. `*` matches every element of an array (or every value of an object).
 * Most of these are write-only in the API; they are redacted anyway, in case a response carries them.
 */
export const SECRET_FIELDS: Partial<Record<ResourceType, readonly string[]>> = {
  access_application: [
    'scim_config.authentication.password',
    'scim_config.authentication.token',
    'scim_config.authentication.client_secret',
    'scim_config.authentication.*.password',
    'scim_config.authentication.*.token',
    'scim_config.authentication.*.client_secret',
    'saas_app.client_secret',
  ],
  identity_provider: ['config.client_secret', 'scim_config.secret'],
  service_token: ['client_secret'],
  mcp_server: ['auth_credentials', 'client_secret'],
  // What runs a tunnel: the create response carries `token` and `credentials_file` (with its TunnelSecret), see
  // developers.cloudflare.com/cloudflare-one/networks/connectors/cloudflare-tunnel/get-started/create-remote-tunnel-api
  // The ingress configuration holds no secret (originRequest.access.audTag is an Access application's audience).
  tunnel: ['token', 'tunnel_secret', 'credentials_file'],
};

type Json = unknown;

function redactAt(node: Json, segments: readonly string[]): Json {
  if (typeof node !== 'object' || node === null) return node;
  const [head, ...rest] = segments;
  if (head === undefined) return node;
  if (head === '*') {
    if (Array.isArray(node)) return node.map((child) => redactAt(child, rest));
    return Object.fromEntries(Object.entries(node).map(([k, child]) => [k, redactAt(child, rest)]));
  }
  if (Array.isArray(node) || !Object.hasOwn(node, head)) return node;
  const record = node as Record<string, Json>;
  const value = record[head];
  let replaced: Json;
  if (rest.length > 0) replaced = redactAt(value, rest);
  else replaced = value === null || value === undefined || value === '' ? value : REDACTED;
  if (replaced === value) return node;
  return { ...record, [head]: replaced };
}

/**
 * Field names that hold a secret wherever they appear: `*secret*`, `*password*`, `*passphrase*`,
 * `*private_key*`, `*credential(s)*`, `token`, `*_token`, `*_key` (`api_key`, `signing_key`, …),
 * in snake_case, camelCase or kebab-case (`TunnelSecret`, `client-secret`).
 */
const SECRET_NAME = /secret|password|passwd|passphrase|private_?key|credential|(^|_)token$|_key$|^apikey$/;
/**
 * Names that match the pattern but are not secrets: selectors and references the rules read, key material
 * that is public, and settings. Only string values are ever redacted, so booleans and numbers
 * (`allow_pkce_without_client_secret`, `client_secret_version`, `has_client_secret`) stay as they are.
 */
const NOT_SECRET_NAMES = new Set([
  'service_token',
  'any_valid_service_token',
  'linked_app_token',
  'public_key',
  'ssh_public_key',
]);
const NOT_SECRET_SUFFIX =
  /_(id|ids|uid|name|version|lifetime|url|uri|endpoint|type|types|method|methods|header|at|options|enabled|count)$/;
const NOT_SECRET_PREFIX = /^(has|allow|allowed|is|enable|enabled|require|required|read)_/;

/** Deepest level the name walk visits; the snapshot writer replaces anything deeper (src/snapshot/bounds.ts). */
const MAX_WALK_DEPTH = MAX_NESTING_DEPTH + 1;

/** Answers per field name (names repeat across resources); bounded for hostile data with endless names. */
const known = new Map<string, boolean>();

/** Whether a field name marks a secret (`clientSecret` and `client-secret` read as `client_secret`). */
export function isSecretName(name: string): boolean {
  let answer = known.get(name);
  if (answer === undefined) {
    answer = judgeName(name);
    if (known.size < 10_000) known.set(name, answer);
  }
  return answer;
}

function judgeName(name: string): boolean {
  const normal = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase();
  if (NOT_SECRET_NAMES.has(normal) || NOT_SECRET_SUFFIX.test(normal) || NOT_SECRET_PREFIX.test(normal)) return false;
  return SECRET_NAME.test(normal);
}

function redactValue(value: Json): Json {
  if (typeof value === 'string') return value === '' ? value : REDACTED;
  if (Array.isArray(value)) {
    const out = value.map((item) => (typeof item === 'string' && item !== '' ? REDACTED : item));
    return out.some((item, i) => item !== value[i]) ? out : value;
  }
  return value;
}

/** Redacts, anywhere in `node`, the string values of fields whose names mark a secret. Copy on write. */
function redactByName(node: Json, depth: number): Json {
  if (typeof node !== 'object' || node === null || depth > MAX_WALK_DEPTH) return node;
  if (Array.isArray(node)) {
    let copy: Json[] | undefined;
    node.forEach((child, i) => {
      const next = redactByName(child, depth + 1);
      if (next !== child) (copy ??= [...node])[i] = next;
    });
    return copy ?? node;
  }
  let copy: Record<string, Json> | undefined;
  for (const [key, child] of Object.entries(node)) {
    let next = isSecretName(key) ? redactValue(child) : child;
    next = redactByName(next, depth + 1);
    if (next === child) continue;
    copy ??= { ...(node as Record<string, Json>) };
    Object.defineProperty(copy, key, { value: next, writable: true, enumerable: true, configurable: true });
  }
  return copy ?? node;
}

/**
 * Returns `data` with every secret field of its type replaced by `"[REDACTED]"`, and every string under a
 * secret-looking name anywhere in it (`isSecretName`): keys and key order kept, so a rule can still see that
 * a secret is set. Empty and null values stay as they are. Never mutates; unchanged data is returned as is.
 */
export function redactSecrets(type: ResourceType, data: Record<string, unknown>): Record<string, unknown> {
  let out: Json = data;
  for (const path of SECRET_FIELDS[type] ?? []) out = redactAt(out, path.split('.'));
  return redactByName(out, 1) as Record<string, unknown>;
}
