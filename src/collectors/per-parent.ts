import type { CloudflareClient, RetryEvent } from '../client/client.js';
import { CloudflareApiError } from '../client/errors.js';
import { getObject, type Item } from '../client/paginate.js';
import { pathSegment } from '../client/path-segment.js';
import { usableId } from '../common/content-key.js';
import type { PerParent, ResourceTypeSpec } from '../catalog/resource-types.js';
import type { RequestStats } from '../snapshot/types.js';

/** Whether a parent item has a child, per `perParent.onlyWhere` (the first field the parent sets decides). */
export function hasChild(perParent: PerParent, parent: Item): boolean {
  for (const { field, equals } of perParent.onlyWhere ?? []) {
    const value = parent[field];
    if (value !== undefined && value !== null) return value === equals;
  }
  return true;
}

export type PerParentSpec = ResourceTypeSpec & { perParent: PerParent };

/**
 * Path (below the API base) of a parent's child: the spec's `path` with its `{…}` segment filled in, encoded;
 * `undefined` when the parent's key cannot be a path segment (absent, empty, `.` or `..`).
 */
export function childPath(spec: PerParentSpec, scopePrefix: string, parent: Item): string | undefined {
  const id = usableId(parent[spec.perParent.key]);
  const segment = id === undefined ? undefined : pathSegment(id);
  return segment === undefined ? undefined : `${scopePrefix}${spec.path.replace(/\{[^}/]+\}/, () => segment)}`;
}

/**
 * Reads the child of every parent that has one, one GET each. A 404 means that parent has none (nothing
 * to keep); any other failure is reported (the first one) and the other children are still read. A child
 * must carry its parent's key in the spec's key field.
 */
export async function fetchChildren(
  client: CloudflareClient,
  spec: PerParentSpec,
  scopePrefix: string,
  parents: Item[],
  callOptions: { onRetry: (event: RetryEvent) => void; tally?: RequestStats },
): Promise<{ items: Item[]; requests: number; error?: CloudflareApiError }> {
  const key = spec.key;
  if (key === null) throw new Error(`resource-types.ts: ${spec.type} is read per parent but has no key.`);
  const asked = parents.filter((parent) => hasChild(spec.perParent, parent));
  const paths = asked.map((parent) => childPath(spec, scopePrefix, parent));
  const outcomes = await Promise.all(
    paths.map((path) => (path === undefined ? undefined : getObject(client, path, callOptions))),
  );
  const items: Item[] = [];
  let requests = 0;
  let error: CloudflareApiError | undefined;
  for (const [i, outcome] of outcomes.entries()) {
    if (outcome === undefined) {
      // A parent that has a child which cannot be asked for: that child was not read, so the type is incomplete.
      const value = asked[i]![spec.perParent.key];
      error ??= new CloudflareApiError({
        kind: 'shape',
        endpoint: `${scopePrefix}${spec.path}`,
        attempts: 0,
        reason:
          `a parent's "${spec.perParent.key}" is ${JSON.stringify(value ?? null)}, which cannot name its URL, ` +
          'so its child was not read',
      });
      continue;
    }
    requests += outcome.requests;
    if (outcome.error?.kind === 'not_found') continue;
    const child = outcome.items[0];
    if (outcome.error || !child) {
      error ??= outcome.error;
      continue;
    }
    const expected = String(asked[i]![spec.perParent.key]);
    if (String(child[key]) !== expected) {
      error ??= new CloudflareApiError({
        kind: 'shape',
        endpoint: outcome.endpoint,
        attempts: 0,
        reason: `the response has "${key}" ${JSON.stringify(child[key])}, expected ${JSON.stringify(expected)}`,
        ...(outcome.http_status === undefined ? {} : { status: outcome.http_status }),
      });
      continue;
    }
    items.push(child);
  }
  return error ? { items, requests, error } : { items, requests };
}
