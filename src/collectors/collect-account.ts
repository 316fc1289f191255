import { emptyStats, type CloudflareClient } from '../client/client.js';
import { TOOL_NAME, TOOL_VERSION } from '../paths.js';
import {
  RESOURCE_TYPES,
  RESOURCE_TYPE_SPECS,
  type ResourceType,
  type ResourceTypeSpec,
} from '../catalog/resource-types.js';
import {
  SNAPSHOT_FORMAT_VERSION,
  type CoverageEntry,
  type ResourceRecord,
  type ScopeRef,
  type SnapshotManifest,
} from '../snapshot/types.js';
import { collectType, type TypeCollection } from './collect-type.js';
import type { ProgressListener } from './progress.js';
import { byFile } from './record-order.js';

export interface CollectAccountOptions {
  client: CloudflareClient;
  accountId: string;
  /** Also collect the zone-scoped types at `/zones/{id}/…` for each of these zones. */
  zoneIds?: string[];
  /** Collect only these types (default: all); the others get `not_collected` coverage. */
  types?: ResourceType[];
  onProgress?: ProgressListener;
  /** Clock for `collected_at` and the duration (default: the system clock). */
  now?: () => Date;
}

export interface CollectedAccount {
  manifest: SnapshotManifest;
  /** Every collected resource, secrets redacted, sorted by `file`; ready for the snapshot writer. */
  records: ResourceRecord[];
  /**
   * Set when the answers together say the collection looked in the wrong place (every endpoint answered 404);
   * the coverage entries are then `error`, never `not_collected`.
   */
  problem?: string;
}

export const ALL_NOT_FOUND = 'every endpoint answered 404: the base URL or account is probably wrong';

/**
 * When every type asked for (two or more) answered 404, the account is not missing every feature: the base URL
 * or the account id is wrong. Those 404s become `error` (so rules are unknown), and the problem is returned.
 */
function allNotFound(entries: CoverageEntry[]): string | undefined {
  if (entries.length < 2 || !entries.every((entry) => entry.http_status === 404)) return undefined;
  for (const entry of entries) {
    entry.status = 'error';
    entry.message = `Not read: ${ALL_NOT_FOUND} (this type: HTTP 404 on ${entry.endpoint ?? 'its endpoint'}).`;
  }
  return ALL_NOT_FOUND;
}

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

function checkId(what: string, id: string): void {
  if (!ID_PATTERN.test(id)) {
    throw new Error(
      `${what} "${id}" is not a Cloudflare id (expected up to 64 letters, digits, "-" or "_"; e.g. 32 hex characters).`,
    );
  }
}

/**
 * Snapshots every Access resource of an account (and, for the zone-scoped types, of each zone) through
 * the one client: every type is listed concurrently, one request per page at the largest page size.
 * A failure in one type never stops the others; each type's outcome is in the manifest's coverage.
 */
export async function collectAccount(opts: CollectAccountOptions): Promise<CollectedAccount> {
  const { client, accountId } = opts;
  checkId('The account id', accountId);
  const zoneIds = [...new Set(opts.zoneIds ?? [])];
  for (const zoneId of zoneIds) checkId('The zone id', zoneId);
  const wanted = new Set<ResourceType>(opts.types ?? RESOURCE_TYPES);
  const clock = opts.now ?? (() => new Date());
  const startedAt = clock();
  const tally = emptyStats();

  const account: ScopeRef = { kind: 'account', id: accountId };
  const catalogOrder: { type: ResourceType; spec: ResourceTypeSpec; scope: ScopeRef }[] = [];
  for (const type of RESOURCE_TYPES) {
    if (!wanted.has(type)) continue;
    const spec = RESOURCE_TYPE_SPECS[type];
    catalogOrder.push({ type, spec, scope: account });
    if (spec.zoneScoped) {
      for (const zoneId of zoneIds) catalogOrder.push({ type, spec, scope: { kind: 'zone', id: zoneId } });
    }
  }
  // A type read per parent item waits for its parent's listing at the same scope (or lists it itself when the
  // parent type is not collected).
  type Job = (typeof catalogOrder)[number];
  const results = new Map<Job, Promise<TypeCollection>>();
  const run = (job: Job): Promise<TypeCollection> => {
    let result = results.get(job);
    if (!result) {
      const parentType = job.spec.perParent?.type;
      const parentJob = catalogOrder.find(
        (j) => j.type === parentType && j.scope.kind === job.scope.kind && j.scope.id === job.scope.id,
      );
      result = parentJob
        ? run(parentJob).then((parent) => collectType(client, job.spec, job.scope, opts.onProgress, tally, parent))
        : collectType(client, job.spec, job.scope, opts.onProgress, tally);
      results.set(job, result);
    }
    return result;
  };
  await Promise.all(catalogOrder.map(run));

  const coverage = {} as Record<ResourceType, CoverageEntry>;
  for (const type of RESOURCE_TYPES) {
    if (!wanted.has(type)) {
      coverage[type] = { status: 'not_collected', count: 0, requests: 0, message: 'Not requested in this collection.' };
    }
  }
  const zoneCoverage: SnapshotManifest['zone_coverage'] = Object.fromEntries(zoneIds.map((id) => [id, {}]));
  const records: ResourceRecord[] = [];
  for (const job of catalogOrder) {
    const result = await results.get(job)!;
    records.push(...result.records);
    if (job.scope.kind === 'account') coverage[job.type] = result.coverage;
    else zoneCoverage[job.scope.id]![job.type] = result.coverage;
  }
  records.sort(byFile);
  const collected = catalogOrder.map((job) =>
    job.scope.kind === 'account' ? coverage[job.type] : zoneCoverage[job.scope.id]![job.type]!,
  );
  const problem = allNotFound(collected);

  const finishedAt = clock();
  const manifest: SnapshotManifest = {
    format_version: SNAPSHOT_FORMAT_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    account_id: accountId,
    zone_ids: zoneIds,
    collected_at: startedAt.toISOString(),
    base_url: client.baseUrl,
    coverage: Object.fromEntries(RESOURCE_TYPES.map((type) => [type, coverage[type]])) as Record<
      ResourceType,
      CoverageEntry
    >,
    zone_coverage: zoneCoverage,
    requests: { ...tally, duration_ms: Math.max(0, finishedAt.getTime() - startedAt.getTime()) },
  };
  return problem === undefined ? { manifest, records } : { manifest, records, problem };
}
