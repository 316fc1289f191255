import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT_DIR } from '../../src/paths.js';
import { readSnapshot } from '../../src/snapshot/read.js';
import { TYPES_ADDED_LATER } from '../../src/catalog/resource-types.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** The demo account as a collector that predates the later types would have written it. */
async function olderSnapshot(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'older-snapshot-'));
  dirs.push(dir);
  await cp(DEMO_ACCOUNT_DIR, dir, { recursive: true });
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { coverage: Record<string, unknown> };
  for (const type of TYPES_ADDED_LATER) {
    delete manifest.coverage[type];
    await rm(path.join(dir, type), { recursive: true, force: true });
  }
  await writeFile(manifestFile, JSON.stringify(manifest, null, 2));
  return dir;
}

describe('a snapshot written before the tunnel types existed', () => {
  it('still reads, with those types not collected (so rules on them are unknown, never a pass)', async () => {
    const snapshot = await readSnapshot(await olderSnapshot());
    for (const type of TYPES_ADDED_LATER) {
      expect(snapshot.manifest.coverage[type]).toMatchObject({ status: 'error', count: 0 });
      expect(snapshot.manifest.coverage[type]?.message).toContain('collect the account again');
      expect(snapshot.resources[type]).toEqual([]);
    }
    expect(snapshot.resources.access_application.length).toBeGreaterThan(0);
  });
});
