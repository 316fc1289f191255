import { describe, expect, it } from 'vitest';
import {
  decodeKeyFromFileName,
  encodeKeyForFileName,
  makeResourceRecord,
  parseResourceFilePath,
  resourceFilePath,
} from '../../src/snapshot/layout.js';
import { ACCOUNT } from './helpers.js';

const account = { kind: 'account', id: ACCOUNT } as const;

describe('snapshot layout', () => {
  it('keys an item without a usable id by its content, whatever its key order', () => {
    const one = makeResourceRecord('access_application', account, { name: 'x', tags: ['a'], cfg: { b: 1, a: 2 } });
    const same = makeResourceRecord('access_application', account, { cfg: { a: 2, b: 1 }, tags: ['a'], name: 'x' });
    const other = makeResourceRecord('access_application', account, { name: 'y', id: '' });
    expect(one.key).toMatch(/^noid-[0-9a-f]{12}$/);
    expect(same.key).toBe(one.key);
    expect(other.key).not.toBe(one.key);
    expect(one.file).toBe(`access_application/${one.key}.json`);
    expect(makeResourceRecord('access_application', account, { id: 7 }).key).toBe('7');
  });

  it('names account, single-object and zone files', () => {
    expect(resourceFilePath('access_application', account, 'a1')).toBe('access_application/a1.json');
    expect(resourceFilePath('organization', account, 'ignored')).toBe('organization/organization.json');
    expect(resourceFilePath('access_group', { kind: 'zone', id: 'z9' }, 'g1')).toBe('zones/z9/access_group/g1.json');
  });

  it('encodes awkward keys reversibly and file-safely', () => {
    for (const key of ['prod env', 'a/b\\c', 'Ünïcødé 🚀', '..', '.hidden', '100%', 'CON', 'a:b*?"<>|']) {
      const name = encodeKeyForFileName(key);
      expect(name).toMatch(/^[A-Za-z0-9_.%-]+$/);
      expect(name.startsWith('.')).toBe(false);
      expect(decodeKeyFromFileName(name)).toBe(key);
    }
    expect(encodeKeyForFileName('abc-DEF_1.2')).toBe('abc-DEF_1.2');
  });

  it('keeps ids made of letters, digits, "-" and "_" as they are, up to the length limit', () => {
    for (const key of ['0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0', 'ABC_def-123', '-lead', '_', 'x'.repeat(180)]) {
      expect(encodeKeyForFileName(key)).toBe(key);
    }
    expect(encodeKeyForFileName('x'.repeat(181))).toMatch(/^x{163}~[0-9a-f]{16}$/);
    expect(encodeKeyForFileName('a-b.c')).toBe('a-b.c');
    expect(encodeKeyForFileName('.a-b')).toBe('%2Ea-b');
    expect(encodeKeyForFileName('a-b\n')).toBe('a-b%0A');
  });

  it('shortens very long keys deterministically with a hash', () => {
    const long = 'x'.repeat(500);
    const name = encodeKeyForFileName(long);
    expect(name.length).toBeLessThanOrEqual(180);
    expect(name).toBe(encodeKeyForFileName(long));
    expect(name).not.toBe(encodeKeyForFileName(`${long}y`));
  });

  it('refuses an empty key; keys an item without its key field by content', () => {
    expect(() => encodeKeyForFileName('')).toThrow(/empty/);
    expect(makeResourceRecord('access_tag', account, { app_count: 1 }).key).toMatch(/^noid-[0-9a-f]{12}$/);
  });

  it('parses paths back into type and scope', () => {
    const record = makeResourceRecord('access_tag', { kind: 'zone', id: 'z1' }, { name: 'a b/c' });
    expect(record.file).toBe('zones/z1/access_tag/a%20b%2Fc.json');
    expect(parseResourceFilePath(record.file, ACCOUNT)).toEqual({
      type: 'access_tag',
      scope: { kind: 'zone', id: 'z1' },
      fileKey: 'a b/c',
    });
    expect(parseResourceFilePath('not_a_type/x.json', ACCOUNT)).toBeNull();
    expect(parseResourceFilePath('access_tag/x.txt', ACCOUNT)).toBeNull();
  });
});
