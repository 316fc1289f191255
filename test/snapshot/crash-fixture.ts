import { makeResourceRecord } from '../../src/snapshot/layout.js';
import type { ResourceRecord, SnapshotManifest } from '../../src/snapshot/types.js';
import { ACCOUNT, manifestFor } from './helpers.js';

/** Two snapshots that differ in every file: "old" has apps a0..a5, "new" apps b0..b5 and a tag. */
export function crashRecords(which: 'old' | 'new'): ResourceRecord[] {
  const account = { kind: 'account', id: ACCOUNT } as const;
  const apps = Array.from({ length: 6 }, (_, i) =>
    makeResourceRecord('access_application', account, {
      id: `${which === 'old' ? 'a' : 'b'}${i}`,
      name: `${which} app ${i}`,
    }),
  );
  const extra = which === 'new' ? [makeResourceRecord('access_tag', account, { name: 'prod' })] : [];
  return [...apps, ...extra];
}

export function crashManifest(records: readonly ResourceRecord[]): SnapshotManifest {
  return manifestFor(records);
}
