import { RESOURCE_TYPES } from '../../src/catalog/resource-types.js';
import type { CoverageEntry, ResourceRecord, SnapshotManifest } from '../../src/snapshot/types.js';
import type { ResourceType } from '../../src/catalog/resource-types.js';

export const ACCOUNT = '0123456789abcdef0123456789abcdef';

/** A valid manifest whose coverage counts match `records`. */
export function manifestFor(records: readonly ResourceRecord[], zoneIds: string[] = []): SnapshotManifest {
  const coverage = Object.fromEntries(
    RESOURCE_TYPES.map((type) => [type, { status: 'ok', count: 0, requests: 1 } satisfies CoverageEntry]),
  ) as Record<ResourceType, CoverageEntry>;
  const zoneCoverage: SnapshotManifest['zone_coverage'] = Object.fromEntries(zoneIds.map((z) => [z, {}]));
  for (const record of records) {
    if (record.scope.kind === 'account') coverage[record.type].count += 1;
    else {
      const zone = (zoneCoverage[record.scope.id] ??= {});
      const entry = (zone[record.type] ??= { status: 'ok', count: 0, requests: 1 });
      entry.count += 1;
    }
  }
  return {
    format_version: 1,
    tool: { name: 'cf-access-audit', version: '0.1.0' },
    account_id: ACCOUNT,
    zone_ids: zoneIds,
    collected_at: '2025-01-01T00:00:00.000Z',
    base_url: 'https://api.cloudflare.com/client/v4',
    coverage,
    zone_coverage: zoneCoverage,
    requests: { total: 20, retries: 0, rate_limited: 0, server_errors: 0, timeouts: 0, bytes: 0, duration_ms: 0 },
  };
}
