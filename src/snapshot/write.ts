import { lstat, mkdir, realpath, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { withPath } from './atomic-write.js';
import { SnapshotError } from './errors.js';
import { MANIFEST_FILE, resourceFilePath, withCaseDistinctFiles } from './layout.js';
import { manifestProblems } from './manifest-validation.js';
import { leftOut, noteProblems, prepareRecord, recordText, type RecordProblem } from './write-bounds.js';
import { planSnapshotFolder } from './write-plan.js';
import { cleanLeftovers, siblingPath, swapIntoPlace } from './write-swap.js';
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
 * Writes a snapshot folder: one file per resource and `manifest.json`, into a staging folder beside `dir`
 * that then takes the place of `dir` at once (src/snapshot/write-swap.ts): a run killed midway leaves the old
 * snapshot or the new one. Files of the old folder outside the snapshot layout (a README, `.git`) are carried
 * over; its resource files are not. Refuses (before writing anything) a symbolic link anywhere it would
 * replace or between `root` and `dir`; `dir` itself may be a link to the real folder.
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
      throw new SnapshotError(
        record.file,
        `a ${record.type} record with key "${record.key}" belongs in ${expected}; build records with ` +
          `makeResourceRecord()`,
      );
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
  await planSnapshotFolder(dir, placed, options.root);
  const target = await realFolder(dir);
  await cleanLeftovers(target);
  const staging = siblingPath(target, 'staging');
  try {
    await mkdir(staging, { recursive: true });
    await writeStaged(staging, placed, scrub, notes);
    const final = noteProblems(manifest, notes);
    await writeFile(path.join(staging, MANIFEST_FILE), scrub(formatJson(final.manifest)));
    await swapIntoPlace(staging, target);
    return final;
  } catch (error) {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    await cleanLeftovers(target).catch(() => undefined); // a failed second rename: the old snapshot goes back
    throw withPath(error, target);
  }
}

/** Writes every record's file into the fresh staging folder: one mkdir per folder, one write per file. */
async function writeStaged(
  staging: string,
  records: readonly ResourceRecord[],
  scrub: (text: string) => string,
  notes: RecordProblem[],
): Promise<void> {
  const folders = new Set(records.map((r) => path.posix.dirname(r.file)));
  for (const folder of [...folders].sort()) await mkdir(path.join(staging, ...folder.split('/')), { recursive: true });
  const pending = [...records];
  const workers = Array.from({ length: Math.min(WRITE_CONCURRENCY, pending.length) }, async () => {
    for (let record = pending.pop(); record; record = pending.pop()) {
      const { text, problem } = recordText(record);
      if (problem) notes.push(problem);
      if (text === undefined) continue;
      const file = path.join(staging, ...record.file.split('/'));
      await writeFile(file, scrub(text)).catch((error: unknown) => {
        throw withPath(error, file);
      });
    }
  });
  await Promise.all(workers);
}

/** `dir` with a symbolic link at `dir` itself resolved (the folder the user chose may be one); else `dir`. */
async function realFolder(dir: string): Promise<string> {
  const absolute = path.resolve(dir);
  try {
    return (await lstat(absolute)).isSymbolicLink() ? await realpath(absolute) : absolute;
  } catch {
    return absolute;
  }
}
