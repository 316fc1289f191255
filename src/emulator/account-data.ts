import { RESOURCE_TYPES, RESOURCE_TYPE_SPECS, type ResourceType } from '../catalog/resource-types.js';
import type { CoverageEntry, Snapshot } from '../snapshot/types.js';

/** What one scope (the account, or one zone) serves for one resource type. */
export interface ServedType {
  /** Items in list order, as the per-item GET returns them. */
  items: Record<string, unknown>[];
  byKey: Map<string, Record<string, unknown>>;
  /** Coverage recorded in the snapshot; a type not collected there is answered as the API answered. */
  coverage: CoverageEntry | undefined;
  /** Serialised success bodies by page or item: the data never changes, so each is encoded once. */
  bodies: Map<string, string>;
}

export type ServedScope = Map<ResourceType, ServedType>;

/** A snapshot indexed for serving: the account scope and each zone. */
export interface ServedAccount {
  accountId: string;
  /** When the served snapshot was collected (the account's `created_on` as the emulator tells it). */
  collectedAt: string;
  account: ServedScope;
  zones: Map<string, ServedScope>;
}

export function indexSnapshot(snapshot: Snapshot): ServedAccount {
  const account: ServedScope = new Map();
  const zones = new Map<string, ServedScope>();
  for (const zoneId of snapshot.manifest.zone_ids) zones.set(zoneId, new Map());
  for (const type of RESOURCE_TYPES) {
    account.set(type, { items: [], byKey: new Map(), coverage: snapshot.manifest.coverage[type], bodies: new Map() });
    for (const [zoneId, scope] of zones) {
      if (RESOURCE_TYPE_SPECS[type].zoneScoped) {
        scope.set(type, {
          items: [],
          byKey: new Map(),
          coverage: snapshot.manifest.zone_coverage[zoneId]?.[type],
          bodies: new Map(),
        });
      }
    }
    for (const record of snapshot.resources[type]) {
      const scope = record.scope.kind === 'account' ? account : zones.get(record.scope.id);
      const served = scope?.get(type);
      if (!served) continue;
      served.items.push(record.data);
      served.byKey.set(record.key, record.data);
    }
  }
  return { accountId: snapshot.manifest.account_id, collectedAt: snapshot.manifest.collected_at, account, zones };
}

/** Several snapshots, each served under its own account id; a zone id is served by the account that holds it. */
export interface ServedAccounts {
  /** Account ids in the order given. */
  ids: string[];
  byId: Map<string, ServedAccount>;
  zones: Map<string, ServedScope>;
}

export function indexSnapshots(snapshots: Snapshot[]): ServedAccounts {
  const byId = new Map<string, ServedAccount>();
  const zones = new Map<string, ServedScope>();
  const zoneOwner = new Map<string, string>();
  for (const snapshot of snapshots) {
    const served = indexSnapshot(snapshot);
    if (byId.has(served.accountId)) {
      throw new Error(
        `Two snapshots have account id ${served.accountId}; the emulator serves each account from one snapshot.`,
      );
    }
    byId.set(served.accountId, served);
    for (const [zoneId, scope] of served.zones) {
      const owner = zoneOwner.get(zoneId);
      if (owner !== undefined) {
        throw new Error(
          `Zone ${zoneId} is in the snapshots of accounts ${owner} and ${served.accountId}; a zone belongs to one ` +
            `account.`,
        );
      }
      zoneOwner.set(zoneId, served.accountId);
      zones.set(zoneId, scope);
    }
  }
  return { ids: [...byId.keys()], byId, zones };
}
