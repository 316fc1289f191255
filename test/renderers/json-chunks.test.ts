import { describe, expect, it } from 'vitest';
import { jsonChunks, streamed } from '../../src/renderers/json-chunks.js';

const text = (value: unknown): string => [...jsonChunks(value)].join('');

describe('jsonChunks', () => {
  it('gives the text of JSON.stringify(value, null, 2), streamed arrays and their items included', () => {
    const plain = {
      a: 1,
      skipped: undefined,
      empty: [],
      list: [{ x: 'y\nz' }, null],
      nested: { deep: [1, [2, 3]] },
    };
    const runs = [
      { id: 'r1', results: [{ k: 1, evidence: [{ path: 'a.b', value: { q: true } }] }, { k: 2 }], after: 'x' },
      { id: 'r2', results: [], after: { deeper: [] } },
    ];
    const withStreams = {
      ...plain,
      runs: streamed(runs, (run) => ({ ...run, results: streamed(run.results) })),
      none: streamed([]),
      tail: 'end',
    };
    expect(text(withStreams)).toBe(JSON.stringify({ ...plain, runs, none: [], tail: 'end' }, null, 2));
    expect(text(streamed([undefined, 'a']))).toBe(JSON.stringify([undefined, 'a'], null, 2));
    expect(text('plain')).toBe('"plain"');
  });

  it('builds each item only when the writer reaches it, and yields each item whole', () => {
    const built: number[] = [];
    const chunks = jsonChunks({ items: streamed([1, 2, 3], (n) => (built.push(n), { n, secret: `s${n}` })) });
    const seen: string[] = [];
    for (const chunk of chunks) {
      seen.push(chunk);
      if (chunk.includes('"n": 1')) expect(built).toEqual([1]);
    }
    expect(built).toEqual([1, 2, 3]);
    for (const n of [1, 2, 3]) expect(seen.some((c) => c.includes(`"n": ${n}`) && c.includes(`"s${n}"`))).toBe(true);
  });
});
