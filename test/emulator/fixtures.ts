import { makeResourceRecord } from '../../src/snapshot/layout.js';
import { RESOURCE_TYPES } from '../../src/catalog/resource-types.js';
import type { ResourceRecord, Snapshot } from '../../src/snapshot/types.js';
import { ACCOUNT, manifestFor } from '../snapshot/helpers.js';

export { ACCOUNT };
export const ZONE = 'fedcba9876543210fedcba9876543210';
export const TOKEN = 'test-token-1234567890';

/** A small in-memory snapshot: `apps` applications, one of most other types, one zone group. */
export function smallSnapshot(apps = 5): Snapshot {
  const account = { kind: 'account', id: ACCOUNT } as const;
  const records: ResourceRecord[] = [];
  for (let i = 0; i < apps; i += 1) {
    records.push(
      makeResourceRecord('access_application', account, {
        id: `app-${String(i).padStart(3, '0')}`,
        name: `App ${i}`,
        type: 'self_hosted',
        domain: `app${i}.example.com`,
      }),
    );
  }
  records.push(
    makeResourceRecord('organization', account, { name: 'Example', auth_domain: 'example.cloudflareaccess.com' }),
  );
  records.push(
    makeResourceRecord('custom_page', account, {
      uid: 'page-1',
      name: 'Denied',
      type: 'forbidden',
      custom_html: '<html></html>',
    }),
  );
  records.push(makeResourceRecord('gateway_ca', account, { id: 'ca-1', public_key: 'ecdsa-sha2-nistp256 AAAA' }));
  records.push(makeResourceRecord('access_tag', account, { name: 'prod eu/west' }));
  records.push(makeResourceRecord('access_group', { kind: 'zone', id: ZONE }, { id: 'zg-1', name: 'Zone group' }));
  return snapshotOf(records, [ZONE]);
}

export function snapshotOf(records: ResourceRecord[], zoneIds: string[] = []): Snapshot {
  const resources = Object.fromEntries(RESOURCE_TYPES.map((t) => [t, [] as ResourceRecord[]])) as Snapshot['resources'];
  for (const record of records) resources[record.type].push(record);
  for (const type of RESOURCE_TYPES) resources[type].sort((a, b) => (a.file < b.file ? -1 : 1));
  return { manifest: manifestFor(records, zoneIds), resources };
}
