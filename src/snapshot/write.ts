import { rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { SnapshotError } from './errors.js';
import { MANIFEST_FILE, resourceFilePath, withCaseDistinctFiles } from './layout.js';
import { manifestProblems } from './manifest-validation.js';
import { leftOut, noteProblems, prepareRecord, recordText, type RecordProblem } from './write-bounds.js';
import { planSnapshotFolder, type FolderPlan } from './write-plan.js';
import type { ResourceRecord, SnapshotManifest } from './types.js';

const WRITE_CONCURRENCY = 32;

/** Pretty-printed JSON exactly as written to every snapshot file: 2-space indent, trailing newline. */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export interface WriteSnapshotOptions {
  /** The folder the user chose (`--out`) when `dir` is below it: no folder in between may be a symbolic link. */
  root?: string;
  /** Applied to the text of every file before it is written (the CLI scrubs credential values). */
  scrub?: (text: string) => string;
}

export interface WrittenSnapshot {
  /** The manifest as written: coverage notes resources that were cut to the bounds or left out. */
  manifest: SnapshotManifest;
  /** One line per resource that was cut or left out (for the progress output). */
  warnings: string[];
}

/**
 * Writes a snapshot folder: one file per resource, then `manifest.json` last.
 * Every file is written atomically. If `dir` already holds a snapshot, its manifest is removed first
 * (so a crash midway leaves a folder readers refuse, never a mix that looks complete) and resource
 * files the new snapshot does not contain are deleted. Files outside the snapshot layout are left alone.
 * Refuses (before writing or deleting anything) a symbolic link anywhere it would write or delete.
 * A value nested too deep or a string too long is replaced by a marker (src/snapshot/bounds.ts); a resource
 * that still cannot be stored is left out and its type's coverage says so.
 */
export async function writeSnapshot(
  dir: string,
  manifest: SnapshotManifest,
  records: readonly ResourceRecord[],
  options: WriteSnapshotOptions = {},
): Promise<WrittenSnapshot> {
  const problems = manifestProblems(manifest);
  if (problems.length > 0) {
    throw new SnapshotError(MANIFEST_FILE, `manifest to write is invalid: ${problems.join('; ')}`);
  }
  const files = new Map<string, ResourceRecord>();
  for (const record of records) {
    const expected = resourceFilePath(record.type, record.scope, record.key);
    if (record.file !== expected) {
      throw new SnapshotError(record.file, `a ${record.type} record with key "${record.key}" belongs in ${expected}; build records with makeResourceRecord()`);
    }
    if (files.has(record.file)) {
      throw new SnapshotError(record.file, `two ${record.type} resources share the key "${record.key}"`);
    }
    files.set(record.file, record);
  }
  const scrub = options.scrub ?? ((text: string) => text);
  const notes: RecordProblem[] = [];
  const prepared = new Map<string, ResourceRecord>();
  for (const record of files.values()) {
    const result = prepareRecord(record, options.scrub);
    if (result.problem) notes.push(result.problem);
    if (!result.record) continue;
    // Cutting an item keyed by its content can make it equal to another one: keep the first.
    const twin = prepared.has(result.record.file);
    if (twin) notes.push(leftOut(result.record, 'once cut to the bounds it equals another item'));
    else prepared.set(result.record.file, result.record);
  }
  const placed = withCaseDistinctFiles([...prepared.values()]);
  const plan = await planSnapshotFolder(dir, placed, options.root);
  const written = new Set<string>();

  await rm(path.join(dir, MANIFEST_FILE), { force: true });
  const pending = [...placed];
  const workers = Array.from({ length: Math.min(WRITE_CONCURRENCY, pending.length) }, async () => {
    for (let record = pending.pop(); record; record = pending.pop()) {
      const { text, problem } = recordText(record);
      if (problem) notes.push(problem);
      if (text === undefined) continue;
      await writeFileAtomic(path.join(dir, ...record.file.split('/')), scrub(text));
      written.add(record.file);
    }
  });
  await Promise.all(workers);
  await removeStale(dir, plan, written);
  const final = noteProblems(manifest, notes);
  await writeFileAtomic(path.join(dir, MANIFEST_FILE), scrub(formatJson(final.manifest)));
  return final;
}

/** Deletes what the plan listed and the new snapshot does not hold, then the folders left empty. */
async function removeStale(dir: string, plan: FolderPlan, keep: ReadonlySet<string>): Promise<void> {
  for (const file of plan.candidates) {
    if (!keep.has(file)) await rm(path.join(dir, ...file.split('/')), { force: true });
  }
  for (const folder of plan.folders) await rmdir(path.join(dir, ...folder.split('/'))).catch(() => undefined);
}
