import type { ResourceRecord } from '../snapshot/types.js';

/** Orders records by their snapshot file: the order of the snapshot's files and of `CollectedAccount.records`. */
export function byFile(a: ResourceRecord, b: ResourceRecord): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}
