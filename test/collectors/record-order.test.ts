import { describe, expect, it } from 'vitest';
import { byFile, concatDisjointRuns, mergeByFile } from '../../src/collectors/record-order.js';
import { makeResourceRecord } from '../../src/snapshot/layout.js';
import type { ResourceRecord, ScopeRef } from '../../src/snapshot/types.js';

const account: ScopeRef = { kind: 'account', id: 'acc' };
const zone = (id: string): ScopeRef => ({ kind: 'zone', id });
const target = (id: string, scope: ScopeRef = account, extra = {}): ResourceRecord =>
  makeResourceRecord('infrastructure_target', scope, { id, ...extra });
const files = (records: ResourceRecord[]): string[] => records.map((r) => r.file);

describe('mergeByFile', () => {
  it('merges any number of sorted runs into file order', () => {
    const ids = Array.from({ length: 50 }, (_, i) => `t${((i * 37) % 50).toString().padStart(2, '0')}`);
    const runs = [0, 1, 2, 3, 4].map((r) => ids.slice(r * 10, r * 10 + 10).map((id) => target(id)).sort(byFile));
    const merged = mergeByFile(runs);
    expect(files(merged)).toEqual(files([...runs.flat()].sort(byFile)));
    expect(merged).toHaveLength(50);
  });

  it('keeps the earlier run first on equal files, and handles no runs, one run and empty runs', () => {
    const first = target('same', account, { from: 'first' });
    const second = target('same', account, { from: 'second' });
    expect(mergeByFile([[first], [], [second]]).map((r) => r.data.from)).toEqual(['first', 'second']);
    expect(mergeByFile([])).toEqual([]);
    const only = [target('a'), target('b')];
    expect(mergeByFile([only])).toBe(only);
  });
});

describe('concatDisjointRuns', () => {
  it('orders whole runs (one type at one scope each) by their first file', () => {
    const runs = [
      [target('x', zone('ab')), target('y', zone('ab'))],
      [target('a'), target('b')],
      [],
      [makeResourceRecord('access_group', account, { id: 'g1' })],
      [target('c', zone('ab-c'))],
    ];
    const joined = concatDisjointRuns(runs);
    expect(files(joined)).toEqual(files(runs.flat().sort(byFile)));
  });
});
