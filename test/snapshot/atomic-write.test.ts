import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomicChunks } from '../../src/snapshot/atomic-write.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cfaa-chunks-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomicChunks', () => {
  it('writes the pieces, each transformed, over 1 MB buffers, and leaves no temp file', async () => {
    const file = path.join(dir, 'out', 'findings.json');
    const pieces = Array.from({ length: 3000 }, (_, i) => `${i}:secret:${'x'.repeat(700)}\n`);
    await writeFileAtomicChunks(file, pieces, (text) => text.replaceAll('secret', '***'));
    expect(await readFile(file, 'utf8')).toBe(pieces.join('').replaceAll('secret', '***'));
    expect(await readdir(path.dirname(file))).toEqual(['findings.json']);
  });

  it('keeps the old file when producing the pieces fails midway', async () => {
    const file = path.join(dir, 'findings.json');
    await writeFile(file, 'old\n');
    function* failing(): Generator<string> {
      yield 'x'.repeat(2 << 20);
      throw new Error('renderer broke');
    }
    await expect(writeFileAtomicChunks(file, failing())).rejects.toThrow('renderer broke');
    expect(await readFile(file, 'utf8')).toBe('old\n');
    expect(await readdir(dir)).toEqual(['findings.json']);
  });
});
