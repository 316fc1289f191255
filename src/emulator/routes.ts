import { RESOURCE_TYPES, RESOURCE_TYPE_SPECS, type ResourceType } from '../catalog/resource-types.js';

export const API_PREFIX = '/client/v4';

export type Route =
  | { kind: 'verify'; accountId: string | null }
  /** The account itself (`GET /accounts/{account_id}`, the SDK's `accounts.get`). */
  | { kind: 'account'; accountId: string }
  | { kind: 'list'; scope: 'account' | 'zone'; scopeId: string; type: ResourceType }
  | { kind: 'item'; scope: 'account' | 'zone'; scopeId: string; type: ResourceType; key: string };

// Longest paths first, so `/access/apps/ca` is not read as the app with id `ca`.
const BY_PATH_LENGTH = [...RESOURCE_TYPES].sort(
  (a, b) => RESOURCE_TYPE_SPECS[b].path.length - RESOURCE_TYPE_SPECS[a].path.length,
);

/** Maps a request path (below the host) to what it asks for; `null` is "No route for the URI". */
export function resolveRoute(pathname: string): Route | null {
  if (!pathname.startsWith(`${API_PREFIX}/`)) return null;
  const rest = pathname.slice(API_PREFIX.length).replace(/\/+$/, '');
  if (rest === '/user/tokens/verify') return { kind: 'verify', accountId: null };
  const account = /^\/accounts\/([^/]+)$/.exec(rest);
  if (account) {
    const accountId = safeDecode(account[1]!);
    return accountId === null ? null : { kind: 'account', accountId };
  }
  const match = /^\/(accounts|zones)\/([^/]+)(\/.*)$/.exec(rest);
  if (!match) return null;
  const [, scopeSegment, rawId, tail] = match as unknown as [string, string, string, string];
  const scope = scopeSegment === 'accounts' ? 'account' : 'zone';
  const scopeId = safeDecode(rawId);
  if (scopeId === null) return null;
  if (scope === 'account' && tail === '/tokens/verify') return { kind: 'verify', accountId: scopeId };
  for (const type of BY_PATH_LENGTH) {
    const spec = RESOURCE_TYPE_SPECS[type];
    if (scope === 'zone' && !spec.zoneScoped) continue;
    if (spec.perParent) {
      // One object per parent item, served as that item (by the child's key, which holds the parent's key).
      const key = placeholderValue(spec.path, tail);
      if (key !== null) return { kind: 'item', scope, scopeId, type, key };
      continue;
    }
    if (tail === spec.path) return { kind: 'list', scope, scopeId, type };
    if (spec.key !== null && tail.startsWith(`${spec.path}/`)) {
      const segment = tail.slice(spec.path.length + 1);
      const key = segment.includes('/') ? null : safeDecode(segment);
      if (key !== null && key !== '') return { kind: 'item', scope, scopeId, type, key };
    }
  }
  return null;
}

/** The decoded value in the `{…}` segment of `template` when `tail` is that path, else `null`. */
function placeholderValue(template: string, tail: string): string | null {
  const [before = '', after = ''] = template.split(/\{[^}/]+\}/);
  if (tail.length <= before.length + after.length || !tail.startsWith(before) || !tail.endsWith(after)) return null;
  const segment = tail.slice(before.length, tail.length - after.length);
  return segment.includes('/') ? null : safeDecode(segment);
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
