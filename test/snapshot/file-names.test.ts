import { mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  acceptedFilePaths,
  caseDistinctFileName,
  decodeKeyFromFileName,
  encodeKeyForFileName,
  makeResourceRecord,
  withCaseDistinctFiles,
} from '../../src/snapshot/layout.js';
import { readSnapshot } from '../../src/snapshot/read.js';
import { writeSnapshot } from '../../src/snapshot/write.js';
import { ACCOUNT, manifestFor } from './helpers.js';

const account = { kind: 'account', id: ACCOUNT } as const;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;

describe('file names Windows reserves', () => {
  const devices = ['CON', 'con', 'Nul', 'nul.txt', 'PRN.json', 'aux', 'com1', 'COM9.x.y', 'lpt3', 'LPT0'];
  it.each(devices)('%s is encoded and decodes back', (key) => {
    const name = encodeKeyForFileName(key);
    expect(name).not.toMatch(WINDOWS_DEVICE);
    expect(`${name}.json`).not.toMatch(WINDOWS_DEVICE);
    expect(name).toMatch(/^%[0-9A-F]{2}/);
    expect(decodeKeyFromFileName(name)).toBe(key);
  });

  it('leaves names that only start like a device alone', () => {
    for (const key of ['console', 'nullable', 'com10', 'lpt', 'auxiliary.json', 'conx']) {
      expect(encodeKeyForFileName(key)).not.toMatch(/^%/);
    }
  });

  it('encodes a zone folder named like a device, and round-trips through the reader', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cfaa-names-'));
    try {
      const records = [
        makeResourceRecord('access_tag', account, { name: 'con' }),
        makeResourceRecord('access_tag', account, { name: 'NUL.txt' }),
        makeResourceRecord('access_group', { kind: 'zone', id: 'aux' }, { id: 'com1', name: 'Zone group' }),
      ];
      await writeSnapshot(dir, manifestFor(records, ['aux']), records);
      expect(await readdir(path.join(dir, 'access_tag'))).toEqual(['%4EUL.txt.json', '%63on.json']);
      expect(await readdir(path.join(dir, 'zones'))).toEqual(['%61ux']);
      expect(await readdir(path.join(dir, 'zones', '%61ux', 'access_group'))).toEqual(['%63om1.json']);
      const snapshot = await readSnapshot(dir);
      expect(snapshot.resources.access_tag.map((r) => r.key).sort()).toEqual(['NUL.txt', 'con']);
      expect(snapshot.resources.access_group[0]).toMatchObject({ key: 'com1', scope: { kind: 'zone', id: 'aux' } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('still reads a snapshot written before device names were encoded', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cfaa-names-'));
    try {
      const records = [makeResourceRecord('access_tag', account, { name: 'con' })];
      await writeSnapshot(dir, manifestFor(records), records);
      await rename(path.join(dir, 'access_tag', '%63on.json'), path.join(dir, 'access_tag', 'con.json'));
      expect(acceptedFilePaths('access_tag', account, 'con')).toContain('access_tag/con.json');
      expect((await readSnapshot(dir)).resources.access_tag.map((r) => r.key)).toEqual(['con']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('keys that differ only in letter case', () => {
  const folded = (names: string[]): Set<string> => new Set(names.map((n) => n.toLowerCase()));

  it('get file names that stay distinct on a case-insensitive file system, deterministically', () => {
    const records = ['Prod', 'prod', 'PROD', 'other'].map((name) =>
      makeResourceRecord('access_tag', account, { name }),
    );
    const placed = withCaseDistinctFiles(records);
    const files = placed.map((r) => r.file);
    expect(folded(files).size).toBe(4);
    expect(files).toEqual([
      `access_tag/${caseDistinctFileName('Prod')}.json`,
      'access_tag/prod.json',
      `access_tag/${caseDistinctFileName('PROD')}.json`,
      'access_tag/other.json',
    ]);
    expect(withCaseDistinctFiles([...records].reverse()).map((r) => r.file)).toEqual([...files].reverse());
    expect(caseDistinctFileName('Prod')).toMatch(/^Prod~[0-9a-f]{8}$/);
    expect(decodeKeyFromFileName(caseDistinctFileName('Prod'))).toBe('Prod');
  });

  it('leaves keys alone when nothing collides', () => {
    const records = ['Prod', 'Staging'].map((name) => makeResourceRecord('access_tag', account, { name }));
    expect(withCaseDistinctFiles(records)).toEqual(records);
  });

  it('are written and read back without the reader asking to rename a file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cfaa-case-'));
    try {
      const records = [
        makeResourceRecord('access_application', account, { id: 'App-1', name: 'upper' }),
        makeResourceRecord('access_application', account, { id: 'app-1', name: 'lower' }),
      ];
      await mkdir(dir, { recursive: true });
      await writeSnapshot(dir, manifestFor(records), records);
      const names = await readdir(path.join(dir, 'access_application'));
      expect(folded(names).size).toBe(2);
      const snapshot = await readSnapshot(dir);
      const read = snapshot.resources.access_application.map((r) => [r.key, r.data.name]).sort();
      expect(read).toEqual([
        ['App-1', 'upper'],
        ['app-1', 'lower'],
      ]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
