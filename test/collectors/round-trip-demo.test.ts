import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CloudflareClient } from '../../src/client/client.js';
import { collectAccount } from '../../src/collectors/collect-account.js';
import { DEFAULT_EMULATOR_TOKEN, startEmulator } from '../../src/emulator/server.js';
import { DEMO_ACCOUNT_DIR } from '../../src/paths.js';
import { readSnapshot } from '../../src/snapshot/read.js';
import { RESOURCE_TYPES } from '../../src/catalog/resource-types.js';
import { writeSnapshot } from '../../src/snapshot/write.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('round trip of the demo account', () => {
  it('collect(emulator(demo)) writes the demo snapshot back, file for file', async () => {
    const demo = await readSnapshot(DEMO_ACCOUNT_DIR);
    const emulator = await startEmulator({ snapshot: demo });
    const client = new CloudflareClient({
      credentials: { kind: 'token', token: DEFAULT_EMULATOR_TOKEN },
      baseUrl: emulator.url,
    });
    try {
      const { manifest, records } = await collectAccount({
        client,
        accountId: demo.manifest.account_id,
        zoneIds: demo.manifest.zone_ids,
      });
      const dir = await mkdtemp(path.join(tmpdir(), 'cf-access-audit-demo-'));
      dirs.push(dir);
      await writeSnapshot(dir, manifest, records);
      const collected = await readSnapshot(dir);
      expect(collected.resources).toEqual(demo.resources);
      for (const type of RESOURCE_TYPES) {
        const { status, count } = demo.manifest.coverage[type];
        expect(collected.manifest.coverage[type]).toMatchObject({ status, count });
      }
      for (const record of records) {
        const original = await readFile(path.join(DEMO_ACCOUNT_DIR, record.file), 'utf8');
        expect(await readFile(path.join(dir, record.file), 'utf8'), record.file).toBe(original);
      }
      expect(manifest.requests.retries).toBe(0);
    } finally {
      await client.close();
      await emulator.close();
    }
  });
});
