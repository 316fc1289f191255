import type { ResourceRecord } from '../snapshot/types.js';

export function byFile(a: ResourceRecord, b: ResourceRecord): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

function mergeTwo(a: readonly ResourceRecord[], b: readonly ResourceRecord[]): ResourceRecord[] {
  const out = new Array<ResourceRecord>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i]!.file <= b[j]!.file ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

/**
 * Merges runs that are each sorted by `file` into one sorted list, pairwise (n·log k comparisons for k runs);
 * stable: on equal files the earlier run's record comes first.
 */
export function mergeByFile(runs: readonly ResourceRecord[][]): ResourceRecord[] {
  if (runs.length === 0) return [];
  let level = runs;
  while (level.length > 1) {
    const next: ResourceRecord[][] = [];
    for (let i = 0; i < level.length; i += 2) next.push(i + 1 < level.length ? mergeTwo(level[i]!, level[i + 1]!) : level[i]!);
    level = next;
  }
  return level[0]!;
}

/**
 * Joins sorted runs whose files never interleave (each run one folder: one type at one scope, `<type>/` or
 * `zones/<zone>/<type>/`) into one sorted list: the runs in order of their first file, end to end.
 */
export function concatDisjointRuns(runs: readonly ResourceRecord[][]): ResourceRecord[] {
  const ordered = runs.filter((run) => run.length > 0).sort((a, b) => byFile(a[0]!, b[0]!));
  return ([] as ResourceRecord[]).concat(...ordered);
}
