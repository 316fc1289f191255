import type { ResourceType } from '../snapshot/resource-types.js';
import { REDACTED } from '../snapshot/types.js';

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
 * Returns `data` with every secret field of its type replaced by `"[REDACTED]"` (keys and key order kept,
 * so a rule can still see that a secret is set). Empty and null values stay as they are. Never mutates.
 */
export function redactSecrets(type: ResourceType, data: Record<string, unknown>): Record<string, unknown> {
  let out: Json = data;
  for (const path of SECRET_FIELDS[type] ?? []) out = redactAt(out, path.split('.'));
  return out as Record<string, unknown>;
}
