import type { CloudflareClient, RetryEvent } from '../client/client.js';
import { CloudflareApiError } from '../client/errors.js';
import { getObject, listPaged, listSingle, type Item, type ListOutcome } from '../client/paginate.js';
import { pathSegment } from '../client/path-segment.js';
import { usableId } from '../common/content-key.js';
import { makeResourceRecord } from '../snapshot/layout.js';
import { RESOURCE_TYPE_SPECS, type ResourceTypeSpec } from '../catalog/resource-types.js';
import type { CoverageEntry, RequestStats, ResourceRecord, ScopeRef } from '../snapshot/types.js';
import { coverageForFailure, coverageForMissingParent } from './coverage.js';
import { fetchChildren, type PerParentSpec } from './per-parent.js';
import type { ProgressListener } from './progress.js';
import { byFile } from './record-order.js';
import { redactSecrets } from './secret-fields.js';

export interface TypeCollection {
  /** Sorted by `file`. */
  records: ResourceRecord[];
  coverage: CoverageEntry;
}

export function scopePrefix(scope: ScopeRef): string {
  return `/${scope.kind === 'zone' ? 'zones' : 'accounts'}/${encodeURIComponent(scope.id)}`;
}

/**
 * Collects one resource type at one scope, as the catalog describes it: paged, single list or single
 * object, plus one per-item GET for types whose list lacks `detailFields`; a `perParent` type is one GET
 * per item of its parent type (`parent`: that type's collection at this scope, listed here when absent).
 * Never throws for API failures: they become the coverage entry, and items read before a failure are kept.
 */
export async function collectType(
  client: CloudflareClient,
  spec: ResourceTypeSpec,
  scope: ScopeRef,
  onProgress?: ProgressListener,
  tally?: RequestStats,
  parent?: TypeCollection,
): Promise<TypeCollection> {
  const type = spec.type;
  const path = `${scopePrefix(scope)}${spec.path}`;
  onProgress?.({ kind: 'started', type, scope });
  const onRetry = (event: RetryEvent): void => onProgress?.({ kind: 'retry', type, scope, ...event });
  const onPage = (event: { endpoint: string; page: number; items: number; totalPages?: number }): void =>
    onProgress?.({ kind: 'page', type, scope, ...event });
  const counted = tally ? { tally } : {};
  const toRecords = (items: Item[]): ResourceRecord[] =>
    items.map((item) => makeResourceRecord(type, scope, redactSecrets(type, item))).sort(byFile);
  if (spec.perParent) {
    const childSpec = { ...spec, perParent: spec.perParent };
    const result = await collectChildren(client, childSpec, scope, { onRetry, ...counted }, parent);
    const deduped = withoutDuplicateContent(toRecords(result.items));
    const collection = { records: deduped.records, coverage: withWarnings(result.coverage, deduped.warnings) };
    onProgress?.({ kind: 'done', type, scope, coverage: collection.coverage });
    return collection;
  }
  // Per-item reads replace the list items.
  const detailKey = spec.detailFields && spec.key !== null ? spec.key : null;
  const listOptions = { onPage, onRetry, ...counted };

  let listing: ListOutcome;
  if (spec.paging === 'paged') {
    if (!spec.maxPerPage) throw new Error(`resource-types.ts: ${type} is paged but has no maxPerPage.`);
    const query = spec.query ? { query: spec.query } : {};
    const limit = spec.accountLimit === undefined ? {} : { objectLimit: spec.accountLimit };
    const paged = { key: spec.key, perPage: spec.maxPerPage, ...query, ...limit, ...listOptions };
    listing = await listPaged(client, path, paged);
  } else if (spec.paging === 'list') {
    listing = await listSingle(client, path, { key: spec.key, ...listOptions });
  } else {
    listing = await getObject(client, path, listOptions);
  }

  let requests = listing.requests;
  let failure = listing.error;
  let items = listing.items;
  if (detailKey !== null && items.length > 0) {
    const details = await fetchDetails(client, path, detailKey, items, { onRetry, ...counted });
    items = details.items;
    requests += details.requests;
    failure ??= details.error;
  }
  const { records, warnings } = withoutDuplicateContent(toRecords(items));
  const found: CoverageEntry = failure
    ? coverageForFailure(spec, scope, failure, records.length, requests)
    : { status: 'ok', count: records.length, requests };
  const coverage = withWarnings(found, [...(listing.warnings ?? []), ...warnings]);
  onProgress?.({ kind: 'done', type, scope, coverage });
  return { records, coverage };
}

/** `entry` with these warnings added (unchanged when there are none). */
function withWarnings(entry: CoverageEntry, warnings: string[]): CoverageEntry {
  return warnings.length === 0 ? entry : { ...entry, warnings: [...(entry.warnings ?? []), ...warnings] };
}

/**
 * Drops records that repeat the file of the one before (sorted by file): only items without an id can, when
 * their content (after redaction) is the same; one is kept, and a warning says so.
 */
function withoutDuplicateContent(records: ResourceRecord[]): { records: ResourceRecord[]; warnings: string[] } {
  const kept = records.filter((record, i) => i === 0 || record.file !== records[i - 1]!.file);
  const dropped = records.length - kept.length;
  if (dropped === 0) return { records, warnings: [] };
  return {
    records: kept,
    warnings: [`${dropped} item(s) without an id repeat another item's content exactly; each such item is kept once`],
  };
}

/**
 * The children of every parent item (the parent type is listed first when `parent` is not given; those
 * requests count for this type). Without a complete parent listing nothing is read: the parent's failure
 * becomes this type's coverage.
 */
async function collectChildren(
  client: CloudflareClient,
  spec: PerParentSpec,
  scope: ScopeRef,
  callOptions: { onRetry: (event: RetryEvent) => void; tally?: RequestStats },
  parent: TypeCollection | undefined,
): Promise<{ items: Item[]; coverage: CoverageEntry }> {
  const parentSpec = RESOURCE_TYPE_SPECS[spec.perParent.type];
  const parents = parent ?? (await collectType(client, parentSpec, scope, undefined, callOptions.tally));
  const listingRequests = parent ? 0 : parents.coverage.requests;
  if (parents.coverage.status !== 'ok') {
    return { items: [], coverage: coverageForMissingParent(spec, parentSpec, parents.coverage, listingRequests) };
  }
  const read = await fetchChildren(
    client,
    spec,
    scopePrefix(scope),
    parents.records.map((r) => r.data),
    callOptions,
  );
  const requests = listingRequests + read.requests;
  const count = read.items.length;
  const coverage: CoverageEntry = read.error
    ? coverageForFailure(spec, scope, read.error, count, requests)
    : { status: 'ok', count, requests };
  return { items: read.items, coverage };
}

/**
 * Replaces each list item by its per-item GET (`{path}/{key}`), which carries the fields the list omits.
 * An item whose GET fails keeps its list form, and the first failure is reported.
 */
async function fetchDetails(
  client: CloudflareClient,
  path: string,
  key: string,
  items: Item[],
  callOptions: { onRetry: (event: RetryEvent) => void; tally?: RequestStats },
): Promise<{ items: Item[]; requests: number; error?: CloudflareApiError }> {
  // An item whose key cannot be a path segment keeps its list form: its detail cannot be read, so the type is
  // incomplete (rules on the detail fields would otherwise judge a field that was never read).
  const segments = items.map((item) => {
    const id = usableId(item[key]);
    return id === undefined ? undefined : pathSegment(id);
  });
  const outcomes = await Promise.all(
    segments.map((segment) =>
      segment === undefined ? undefined : getObject(client, `${path}/${segment}`, callOptions),
    ),
  );
  let requests = 0;
  let error: CloudflareApiError | undefined;
  const detailed = items.map((item, i) => {
    const outcome = outcomes[i];
    if (outcome === undefined) {
      error ??= new CloudflareApiError({
        kind: 'shape',
        endpoint: path,
        attempts: 0,
        reason:
          `an item's "${key}" is ${JSON.stringify(item[key] ?? null)}, which cannot name its own URL, so its ` +
          'detail (the fields the list leaves out) was not read',
      });
      return item;
    }
    requests += outcome.requests;
    const detail = outcome.items[0];
    if (outcome.error || !detail) {
      error ??= outcome.error;
      return item;
    }
    if (String(detail[key]) !== String(item[key])) {
      error ??= new CloudflareApiError({
        kind: 'shape',
        endpoint: outcome.endpoint,
        attempts: 0,
        reason: `the item GET returned "${key}" ${JSON.stringify(detail[key])} instead of ${JSON.stringify(item[key])}`,
        ...(outcome.http_status === undefined ? {} : { status: outcome.http_status }),
      });
      return item;
    }
    return detail;
  });
  return error ? { items: detailed, requests, error } : { items: detailed, requests };
}
