/**
 * A snapshot write killed (SIGKILL) just before each of its file-system calls leaves the old snapshot or the
 * new one, and the next write repairs what it left (test/snapshot/kill-writer.ts is the killed child).
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSnapshot } from '../../src/snapshot/read.js';
import { writeSnapshot } from '../../src/snapshot/write.js';
import { cleanLeftovers } from '../../src/snapshot/write-swap.js';
import { crashManifest, crashRecords } from './crash-fixture.js';

const WRITER = fileURLToPath(new URL('./kill-writer.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

let parent: string;
let dir: string;

beforeEach(async () => {
  parent = await mkdtemp(path.join(tmpdir(), 'cfaa-crash-'));
  dir = path.join(parent, 'snap');
  const old = crashRecords('old');
  await writeSnapshot(dir, crashManifest(old), old);
  await writeFile(path.join(dir, 'README.md'), 'my notes\n');
});
afterEach(async () => {
  await rm(parent, { recursive: true, force: true });
});

function runWriter(killAt: number): ReturnType<typeof spawnSync> {
  return spawnSync(process.execPath, ['--import', TSX, WRITER, dir, String(killAt)], { encoding: 'utf8' });
}

async function appIds(): Promise<string[]> {
  return (await readSnapshot(dir)).resources.access_application.map((r) => r.key).sort();
}

const OLD = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5'];
const NEW = ['b0', 'b1', 'b2', 'b3', 'b4', 'b5'];

describe('writeSnapshot killed midway', () => {
  it('leaves the old snapshot or the new one at every point, and the next write cleans up', async () => {
    const full = runWriter(-1);
    expect(full.status, String(full.stderr)).toBe(0);
    const calls = (JSON.parse(String(full.stdout)) as { calls: number }).calls;
    // mkdir of the staging folder and of 2 type folders, 7 files, the manifest, 2 renames, README.md carried
    // over (mkdir, rename), removing the old folder.
    expect(calls).toBe(16);
    const seen = new Set<string>();
    // Before the first call, amid the files, before the manifest, and before each call from the swap on.
    for (const killAt of [0, 4, 10, 11, 12, 13, 14, 15]) {
      await rm(parent, { recursive: true, force: true });
      const old = crashRecords('old');
      await writeSnapshot(dir, crashManifest(old), old);
      await writeFile(path.join(dir, 'README.md'), 'my notes\n');

      const killed = runWriter(killAt);
      expect(killed.signal, `kill before call ${killAt}`).toBe('SIGKILL');
      const siblings = (await readdir(parent)).filter((name) => name !== 'snap');
      if ((await readdir(parent)).includes('snap')) {
        const ids = await appIds();
        expect([OLD, NEW], `kill before call ${killAt}`).toContainEqual(ids);
        seen.add(ids[0] === 'a0' ? 'old' : 'new');
      } else {
        // Killed between the two renames: the old snapshot waits beside the folder.
        expect(siblings.filter((name) => name.startsWith('.snap.cfaa-old-'))).toHaveLength(1);
        seen.add('aside');
      }

      await cleanLeftovers(dir);
      expect(await readdir(parent), `leftovers after kill before call ${killAt}`).toEqual(['snap']);
      expect([OLD, NEW]).toContainEqual(await appIds());
      expect(await readFile(path.join(dir, 'README.md'), 'utf8')).toBe('my notes\n');

      const next = crashRecords('new');
      await writeSnapshot(dir, crashManifest(next), next);
      expect(await readdir(parent)).toEqual(['snap']);
      expect(await appIds()).toEqual(NEW);
      expect(await readFile(path.join(dir, 'README.md'), 'utf8')).toBe('my notes\n');
    }
    expect([...seen].sort()).toEqual(['aside', 'new', 'old']);
  }, 120_000);

  it("a later write removes a dead run's staging folder without touching the snapshot", async () => {
    const killed = runWriter(5);
    expect(killed.signal).toBe('SIGKILL');
    expect((await readdir(parent)).some((name) => name.startsWith('.snap.cfaa-staging-'))).toBe(true);
    expect(await appIds()).toEqual(OLD);
    const next = crashRecords('new');
    await writeSnapshot(dir, crashManifest(next), next);
    expect(await readdir(parent)).toEqual(['snap']);
    expect((await readdir(dir)).sort()).toEqual(['README.md', 'access_application', 'access_tag', 'manifest.json']);
  }, 60_000);
});
