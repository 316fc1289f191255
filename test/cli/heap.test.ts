import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HEAP_GROWTH_FLAG } from '../../src/cli/heap.js';

describe('tightenHeapGrowth', () => {
  it('sets a V8 flag this Node version knows (V8 ignores an unknown one without a word)', () => {
    const { stdout } = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    const [name] = HEAP_GROWTH_FLAG.split('=');
    expect(stdout).toContain(`${name} (specifies heap growing factor`);
  });
});
