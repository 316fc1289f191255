import type { ResourceType } from '../catalog/resource-types.js';
import type { RequestStats } from '../client/request-stats.js';

export type { RequestStats };

export const SNAPSHOT_FORMAT_VERSION = 1;

/** How collection of one resource type went. Anything but `ok` means rules on it report `unknown`. */
export type CoverageStatus = 'ok' | 'forbidden' | 'error' | 'not_collected';

export interface CoverageEntry {
  status: CoverageStatus;
  /** Items written for this type (may be > 0 for a partial `error`). */
  count: number;
  /** HTTP requests spent on this type, retries included. */
  requests: number;
  /** Path (below the base URL) of the request that decided a non-ok status. */
  endpoint?: string;
  http_status?: number;
  /** Why it is not ok, and what to do about it. Never contains a credential. */
  message?: string;
  /** Token permission needed to read this type (set on `forbidden`). */
  permission?: string;
  /** What was odd but did not stop collection (e.g. items without an id, keyed by their content). */
  warnings?: string[];
}

export interface ScopeRef {
  kind: 'account' | 'zone';
  id: string;
}

export interface SnapshotManifest {
  format_version: typeof SNAPSHOT_FORMAT_VERSION;
  tool: { name: string; version: string };
  account_id: string;
  zone_ids: string[];
  collected_at: string;
  base_url: string;
  /** Account-scope coverage, one entry for every resource type. */
  coverage: Record<ResourceType, CoverageEntry>;
  /** Zone-scope coverage for each `--zone`, for the zone-scoped types only. */
  zone_coverage: Record<string, Partial<Record<ResourceType, CoverageEntry>>>;
  requests: RequestStats;
}

/** One resource as loaded from (or about to be written to) a snapshot. */
export interface ResourceRecord {
  type: ResourceType;
  /** Value of the type's key field, or the type name for single objects. */
  key: string;
  scope: ScopeRef;
  /** Snapshot-relative POSIX path of the file holding it, e.g. `access_application/<id>.json`. */
  file: string;
  /** The resource exactly as the API returned it (keys in API order), secrets redacted. */
  data: Record<string, unknown>;
}

export interface Snapshot {
  manifest: SnapshotManifest;
  /** Every resource type is present; types not collected have an empty array. Sorted by `file`. */
  resources: Record<ResourceType, ResourceRecord[]>;
}

/** The string that replaces every secret value before anything is written. */
export const REDACTED = '[REDACTED]';
