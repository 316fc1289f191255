import { RESOURCE_TYPES, RESOURCE_TYPE_SPECS, type ResourceType } from '../catalog/resource-types.js';
import type { CoverageEntry, CoverageStatus, SnapshotManifest } from '../snapshot/types.js';

export interface CoverageRow {
  scope: 'account' | 'zone';
  /** Account id or zone id. */
  scopeId: string;
  type: ResourceType;
  label: string;
  status: CoverageStatus;
  count: number;
  requests: number;
  httpStatus?: number;
  endpoint?: string;
  message?: string;
  /** Token permission that grants read access to the type. */
  permission: string;
}

function toRow(scope: CoverageRow['scope'], scopeId: string, type: ResourceType, entry: CoverageEntry): CoverageRow {
  const row: CoverageRow = {
    scope,
    scopeId,
    type,
    label: RESOURCE_TYPE_SPECS[type].label,
    status: entry.status,
    count: entry.count,
    requests: entry.requests,
    permission: entry.permission ?? RESOURCE_TYPE_SPECS[type].permission,
  };
  if (entry.http_status !== undefined) row.httpStatus = entry.http_status;
  if (entry.endpoint !== undefined) row.endpoint = entry.endpoint;
  // Warnings (e.g. items without an id, keyed by content) are shown wherever the message is.
  const notes = [entry.message, ...(entry.warnings ?? []).map((w) => `Warning: ${w}.`)].filter((n) => n !== undefined);
  if (notes.length > 0) row.message = notes.join(' ');
  return row;
}

/**
 * Every coverage entry of a manifest, account scope first (catalog order), then each zone (sorted by id).
 * A resource type missing from the account coverage is reported as `not_collected`.
 */
export function coverageRows(manifest: SnapshotManifest): CoverageRow[] {
  const rows: CoverageRow[] = [];
  for (const type of RESOURCE_TYPES) {
    const entry = manifest.coverage[type] ?? { status: 'not_collected', count: 0, requests: 0 };
    rows.push(toRow('account', manifest.account_id, type, entry));
  }
  for (const zoneId of Object.keys(manifest.zone_coverage ?? {}).sort()) {
    const zone = manifest.zone_coverage[zoneId] ?? {};
    for (const type of RESOURCE_TYPES) {
      const entry = zone[type];
      if (entry) rows.push(toRow('zone', zoneId, type, entry));
    }
  }
  return rows;
}

/** `forbidden` and `error` rows: data that exists but could not be read, so rules on it report unknown. */
export function isIncomplete(status: CoverageRow['status']): boolean {
  return status === 'forbidden' || status === 'error';
}

export function coverageProblems(manifest: SnapshotManifest): CoverageRow[] {
  return coverageRows(manifest).filter((row) => isIncomplete(row.status));
}

/** `not_collected` rows: the API answered 404 because the account lacks the feature; nothing to audit. */
export function coverageAbsent(manifest: SnapshotManifest): CoverageRow[] {
  return coverageRows(manifest).filter((row) => row.status === 'not_collected');
}

/** One sentence on why a type is not fully collected and what to do, e.g. for SARIF notifications. */
export function describeCoverageProblem(row: CoverageRow): string {
  const where = row.scope === 'zone' ? ` in zone ${row.scopeId}` : '';
  const http = row.httpStatus !== undefined ? `HTTP ${row.httpStatus}` : '';
  const endpoint = row.endpoint !== undefined ? `${http ? ' on ' : ''}${row.endpoint}` : '';
  const detail = http || endpoint ? ` (${http}${endpoint})` : '';
  const message = row.message ? ` ${row.message.trim().replace(/\.?$/, '.')}` : '';
  const partial = row.count > 0 ? ` ${row.count} item(s) were read before it stopped.` : '';
  const action =
    row.status === 'not_collected'
      ? ' The account does not have this feature, so there is nothing to audit; if it should, check the account ' +
        'id and CLOUDFLARE_BASE_URL.'
      : row.status === 'forbidden'
        ? ` Give the API token the permission "${row.permission}" and scan again.`
        : ` Rules on it report "unknown"; scan again, and if it persists check the token permission ` +
          `"${row.permission}".`;
  return (
    `${row.type}${where} ${row.status === 'not_collected' ? 'is absent' : 'was not fully collected'}: ` +
    `${row.status}${detail}.${message}${partial}${action}`
  );
}
