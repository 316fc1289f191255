import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEPTH_MARKER, MAX_NESTING_DEPTH, boundValue } from '../../src/snapshot/bounds.js';
import { LinkedPathError } from '../../src/snapshot/errors.js';
import { makeResourceRecord } from '../../src/snapshot/layout.js';
import { readSnapshot } from '../../src/snapshot/read.js';
import { writeSnapshot } from '../../src/snapshot/write.js';
import type { ResourceRecord } from '../../src/snapshot/types.js';
import { ACCOUNT, manifestFor } from './helpers.js';

const account = { kind: 'account', id: ACCOUNT } as const;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cfaa-safe-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function nested(depth: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let node = root;
  for (let i = 0; i < depth; i += 1) node = (node.a = {}) as Record<string, unknown>;
  return root;
}

function depthOf(value: unknown): number {
  let depth = 0;
  for (let node = value; typeof node === 'object' && node !== null; node = (node as { a?: unknown }).a) depth += 1;
  return depth;
}

describe('boundValue', () => {
  it('replaces values nested deeper than the bound and over-long strings by markers, keeping the rest', () => {
    const data = { id: 'x', deep: nested(10_000), name: 'n'.repeat(5 * 1024 * 1024), ok: ['a', { b: 1 }] };
    const { value, truncations } = boundValue(data);
    expect(depthOf(value.deep)).toBe(MAX_NESTING_DEPTH - 1);
    expect(JSON.stringify(value)).toContain(DEPTH_MARKER);
    expect(value.name).toMatch(/^n{1024}…\[TRUNCATED: 5242880 chars\]$/);
    expect(value.ok).toBe(data.ok);
    expect(truncations).toEqual([
      { path: `deep${'.a'.repeat(MAX_NESTING_DEPTH - 1)}`, reason: 'depth' },
      { path: 'name', reason: 'length' },
    ]);
  });

  it('returns the very same object when nothing is out of bounds', () => {
    const data = { id: 'x', list: [{ a: 'b' }], deep: nested(20) };
    expect(boundValue(data).value).toBe(data);
  });
});

describe('writeSnapshot with hostile resources', () => {
  it('writes a 10,000-deep value and a 5 MB name cut, notes them in coverage, and reads back', async () => {
    const records = [
      makeResourceRecord('access_application', account, { id: 'deep', name: 'Deep', config: nested(10_000) }),
      makeResourceRecord('access_application', account, { id: 'huge', name: 'h'.repeat(5 * 1024 * 1024) }),
      makeResourceRecord('access_application', account, { id: 'fine', name: 'Fine' }),
    ];
    const written = await writeSnapshot(dir, manifestFor(records), records);
    expect(written.warnings).toEqual([
      expect.stringMatching(/^access_application\/deep\.json: config(\.a)+ \(nested too deep\) replaced by/),
      'access_application/huge.json: name (too long) replaced by a [TRUNCATED] marker',
    ]);
    const entry = written.manifest.coverage.access_application;
    expect(entry).toMatchObject({ status: 'ok', count: 3 });
    expect(entry.warnings).toEqual([expect.stringContaining('2 resource(s) held values nested over 64 levels deep')]);
    const snapshot = await readSnapshot(dir);
    expect(snapshot.manifest.coverage.access_application.warnings).toEqual(entry.warnings);
    const huge = snapshot.resources.access_application.find((r) => r.key === 'huge')!;
    expect(huge.data.name).toMatch(/…\[TRUNCATED: 5242880 chars\]$/);
    expect((await readFile(path.join(dir, 'access_application', 'huge.json'))).length).toBeLessThan(2000);
  });

  it('leaves out a resource whose key is not a real key, as an error of its type', async () => {
    const records = [
      makeResourceRecord('access_tag', account, { name: 't'.repeat(5000) }),
      makeResourceRecord('access_tag', account, { name: 'prod' }),
    ];
    const written = await writeSnapshot(dir, manifestFor(records), records);
    expect(written.manifest.coverage.access_tag).toMatchObject({ status: 'error', count: 1 });
    expect(written.manifest.coverage.access_tag.message).toMatch(
      /1 resource\(s\) could not be stored and are left out \(.*its key is 5000 characters long/,
    );
    expect((await readSnapshot(dir)).resources.access_tag.map((r) => r.key)).toEqual(['prod']);
  });

  it('scrubs every string it stores with the given function', async () => {
    const records = [makeResourceRecord('access_group', account, { id: 'g', name: 'uses SECRET-VALUE here' })];
    const scrub = (text: string): string => text.split('SECRET-VALUE').join('[REDACTED]');
    await writeSnapshot(dir, manifestFor(records), records, { scrub });
    expect(await readFile(path.join(dir, 'access_group', 'g.json'), 'utf8')).toContain('"uses [REDACTED] here"');
  });
});

describe('writeSnapshot never writes or deletes through a symbolic link', () => {
  let elsewhere: string;
  let records: ResourceRecord[];
  beforeEach(async () => {
    elsewhere = await mkdtemp(path.join(tmpdir(), 'cfaa-elsewhere-'));
    await writeFile(path.join(elsewhere, 'victim.json'), '{"keep":true}\n');
    records = [
      makeResourceRecord('access_group', account, { id: 'g1', name: 'Group' }),
      makeResourceRecord('access_group', { kind: 'zone', id: 'z1' }, { id: 'zg', name: 'Zone group' }),
    ];
  });
  afterEach(async () => {
    await rm(elsewhere, { recursive: true, force: true });
  });

  async function expectRefused(link: string, root?: string): Promise<void> {
    const manifest = manifestFor(records, ['z1']);
    const error = await writeSnapshot(dir, manifest, records, root ? { root } : {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LinkedPathError);
    expect((error as LinkedPathError).file).toBe(link);
    expect((error as Error).message).toContain('is a symbolic link');
    expect(await readdir(elsewhere)).toEqual(['victim.json']);
    expect(await readFile(path.join(elsewhere, 'victim.json'), 'utf8')).toBe('{"keep":true}\n');
  }

  it.each([
    ['a type folder', 'access_group'],
    ['the zones folder', 'zones'],
    ['a zone folder', 'zones/z1'],
    ['a zone type folder', 'zones/z1/access_group'],
    ['a type folder the new snapshot does not use', 'mcp_portal'],
  ])('%s', async (_what, link) => {
    const parts = link.split('/');
    await mkdir(path.join(dir, ...parts.slice(0, -1)), { recursive: true });
    await symlink(elsewhere, path.join(dir, ...parts));
    await expectRefused(path.join(dir, ...parts));
  });

  it('a resource file, the manifest, and a folder between --out and the snapshot', async () => {
    await mkdir(path.join(dir, 'access_group'));
    await symlink(path.join(elsewhere, 'victim.json'), path.join(dir, 'access_group', 'stale.json'));
    await expectRefused(path.join(dir, 'access_group', 'stale.json'));
    await rm(path.join(dir, 'access_group'), { recursive: true });
    await symlink(path.join(elsewhere, 'victim.json'), path.join(dir, 'manifest.json'));
    await expectRefused(path.join(dir, 'manifest.json'));
    await rm(path.join(dir, 'manifest.json'));

    const root = await mkdtemp(path.join(tmpdir(), 'cfaa-root-'));
    try {
      await symlink(elsewhere, path.join(root, 'snapshots'));
      const inner = path.join(root, 'snapshots', 'acct');
      const manifest = manifestFor(records, ['z1']);
      const error = await writeSnapshot(inner, manifest, records, { root }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LinkedPathError);
      expect((error as LinkedPathError).file).toBe(path.join(root, 'snapshots'));
      expect(await readdir(elsewhere)).toEqual(['victim.json']);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('still deletes stale files of real folders', async () => {
    await mkdir(path.join(dir, 'access_group'));
    await writeFile(path.join(dir, 'access_group', 'old.json'), '{}\n');
    await writeSnapshot(dir, manifestFor(records, ['z1']), records);
    expect(await readdir(path.join(dir, 'access_group'))).toEqual(['g1.json']);
  });
});
