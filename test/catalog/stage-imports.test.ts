import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../src');

/** Which other stages each stage of `src/` may import from. */
const ALLOWED: Record<string, string[]> = {
  common: [],
  catalog: [],
  client: ['common'],
  collectors: ['catalog', 'client', 'common', 'snapshot'],
  snapshot: ['catalog', 'client', 'common'],
  emulator: ['catalog', 'common', 'snapshot'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** The stages a module imports from, found in its relative import specifiers. */
function importedStages(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const stages = new Set<string>();
  for (const match of text.matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
    const target = path.relative(SRC, path.resolve(path.dirname(file), match[1]!));
    const stage = target.split(path.sep)[0]!;
    if (!target.startsWith('..') && target.includes(path.sep)) stages.add(stage);
  }
  return [...stages];
}

describe('stage boundaries', () => {
  for (const [stage, allowed] of Object.entries(ALLOWED)) {
    it(`src/${stage} imports only from ${allowed.length > 0 ? allowed.join(', ') : 'itself'}`, () => {
      const stray = sourceFiles(path.join(SRC, stage)).flatMap((file) =>
        importedStages(file)
          .filter((other) => other !== stage && !allowed.includes(other))
          .map((other) => `${path.relative(SRC, file)} imports from src/${other}`),
      );
      expect(stray).toEqual([]);
    });
  }

  it('finds a stray import (self-check)', () => {
    const client = path.join(SRC, 'client', 'client.ts');
    expect(importedStages(client)).not.toContain('snapshot');
    expect(importedStages(path.join(SRC, 'collectors', 'collect-type.ts'))).toContain('snapshot');
  });
});
