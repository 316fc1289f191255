import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/index.js';
import { collectAccount } from '../../src/collectors/index.js';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/server.js';
import { makeResourceRecord } from '../../src/snapshot/layout.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { writeSnapshot } from '../../src/snapshot/write.js';
import { ACCOUNT, TOKEN, ZONE, smallSnapshot, snapshotOf } from './fixtures.js';

const OTHER = 'aaaabbbbccccddddeeeeffff00001111';
const OTHER_ZONE = '11110000ffffeeeeddddccccbbbbaaaa';

/** A second account: two applications of its own, one zone-scoped group in its own zone. */
function otherSnapshot(): Snapshot {
  const account = { kind: 'account', id: OTHER } as const;
  const snapshot = snapshotOf(
    [
      makeResourceRecord('access_application', account, {
        id: 'other-app-1',
        name: 'Other 1',
        type: 'self_hosted',
        domain: 'one.other.example',
      }),
      makeResourceRecord('access_application', account, { id: 'other-app-2', name: 'Other 2', type: 'saas' }),
      makeResourceRecord('organization', account, { name: 'Other', auth_domain: 'other.cloudflareaccess.com' }),
      makeResourceRecord(
        'access_group',
        { kind: 'zone', id: OTHER_ZONE },
        { id: 'other-zg', name: 'Other zone group' },
      ),
    ],
    [OTHER_ZONE],
  );
  snapshot.manifest.account_id = OTHER;
  return snapshot;
}

let emulator: EmulatorHandle;
const auth = { authorization: `Bearer ${TOKEN}` };

async function get(url: string): Promise<{ status: number; body: any }> {
  const response = await fetch(`${emulator.url}${url}`, { headers: auth });
  return { status: response.status, body: await response.json() };
}

beforeAll(async () => {
  emulator = await startEmulator({
    snapshots: [smallSnapshot(3), otherSnapshot()],
    credentials: { apiTokens: [TOKEN] },
  });
});
afterAll(async () => emulator.close());

describe('an emulator serving several accounts', () => {
  it('serves each account (and its zones) from its own snapshot, with one token for all', async () => {
    expect(emulator.accountIds).toEqual([ACCOUNT, OTHER]);
    expect(emulator.accountId).toBe(ACCOUNT);
    expect((await get(`/accounts/${ACCOUNT}/access/apps`)).body.result.map((a: { id: string }) => a.id)).toEqual([
      'app-000',
      'app-001',
      'app-002',
    ]);
    expect((await get(`/accounts/${OTHER}/access/apps`)).body.result.map((a: { id: string }) => a.id)).toEqual([
      'other-app-1',
      'other-app-2',
    ]);
    expect((await get(`/accounts/${OTHER}/access/apps/other-app-2`)).body.result.name).toBe('Other 2');
    expect((await get(`/accounts/${OTHER}/access/apps/app-000`)).status).toBe(404);
    expect((await get(`/accounts/${OTHER}/access/organizations`)).body.result.name).toBe('Other');
    expect((await get(`/zones/${ZONE}/access/groups`)).body.result.map((g: { id: string }) => g.id)).toEqual(['zg-1']);
    expect((await get(`/zones/${OTHER_ZONE}/access/groups`)).body.result.map((g: { id: string }) => g.id)).toEqual([
      'other-zg',
    ]);
  });

  it('an account it does not serve is forbidden, for lists and token checks alike', async () => {
    expect((await get('/accounts/99999999999999999999999999999999/access/apps')).status).toBe(403);
    expect((await get(`/accounts/${OTHER}/tokens/verify`)).body.result.status).toBe('active');
    expect((await get('/accounts/99999999999999999999999999999999/tokens/verify')).status).toBe(403);
  });

  it('counts requests per account (zones count for the account that holds them)', async () => {
    emulator.resetStats();
    await get(`/accounts/${OTHER}/access/apps`);
    await get(`/zones/${OTHER_ZONE}/access/groups`);
    await get(`/accounts/${ACCOUNT}/access/apps`);
    await get('/user/tokens/verify');
    expect(emulator.stats.byAccount).toEqual({ [OTHER]: 2, [ACCOUNT]: 1 });
    expect(emulator.stats.total).toBe(4);
  });

  it('two accounts collected concurrently through one client: each manifest counts only its own requests', async () => {
    emulator.resetStats();
    const client = createClient({ credentials: { kind: 'token', token: TOKEN }, baseUrl: emulator.url });
    try {
      const [first, second] = await Promise.all([
        collectAccount({ client, accountId: ACCOUNT, zoneIds: [ZONE] }),
        collectAccount({ client, accountId: OTHER, zoneIds: [OTHER_ZONE] }),
      ]);
      expect(first!.manifest.requests.total).toBe(emulator.stats.byAccount[ACCOUNT]);
      expect(second!.manifest.requests.total).toBe(emulator.stats.byAccount[OTHER]);
      expect(first!.manifest.requests.total + second!.manifest.requests.total).toBe(emulator.stats.total);
      expect(second!.records.filter((r) => r.type === 'access_application').map((r) => r.key)).toEqual([
        'other-app-1',
        'other-app-2',
      ]);
      expect(second!.records.filter((r) => r.scope.kind === 'zone').map((r) => [r.scope.id, r.key])).toEqual([
        [OTHER_ZONE, 'other-zg'],
      ]);
      expect(first!.records.some((r) => r.key.startsWith('other-'))).toBe(false);
    } finally {
      await client.close();
    }
  });
});

describe('several accounts: options', () => {
  it('reads snapshot folders, after `snapshot` / `snapshots`', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cfaa-emulator-accounts-'));
    try {
      const other = otherSnapshot();
      const otherDir = path.join(dir, OTHER);
      await writeSnapshot(otherDir, other.manifest, Object.values(other.resources).flat());
      const handle = await startEmulator({
        snapshot: smallSnapshot(1),
        snapshotDirs: [otherDir],
        credentials: { apiTokens: [TOKEN] },
      });
      try {
        expect(handle.accountIds).toEqual([ACCOUNT, OTHER]);
        const response = await fetch(`${handle.url}/accounts/${OTHER}/access/apps`, { headers: auth });
        expect(((await response.json()) as { result: { id: string }[] }).result.map((a) => a.id)).toEqual([
          'other-app-1',
          'other-app-2',
        ]);
      } finally {
        await handle.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses the same account twice, a zone in two accounts, and no snapshot at all', async () => {
    await expect(startEmulator({ snapshot: smallSnapshot(1), snapshots: [smallSnapshot(2)] })).rejects.toThrow(
      `Two snapshots have account id ${ACCOUNT}`,
    );
    const clash = otherSnapshot();
    clash.manifest.zone_ids = [ZONE];
    clash.manifest.zone_coverage = { [ZONE]: {} };
    await expect(startEmulator({ snapshots: [smallSnapshot(1), clash] })).rejects.toThrow(
      `Zone ${ZONE} is in the snapshots of accounts ${ACCOUNT} and ${OTHER}`,
    );
    await expect(startEmulator({ snapshots: [] })).rejects.toThrow(/needs a snapshot/);
  });
});
