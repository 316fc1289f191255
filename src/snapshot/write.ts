import { readdir, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic, TEMP_PREFIX } from './atomic-write.js';
import { SnapshotError } from './errors.js';
import { MANIFEST_FILE, ZONES_DIR, resourceFilePath } from './layout.js';
import { manifestProblems } from './manifest-validation.js';
import { RESOURCE_TYPES } from './resource-types.js';
import type { ResourceRecord, SnapshotManifest } from './types.js';

const WRITE_CONCURRENCY = 32;

/** Pretty-printed JSON exactly as written to every snapshot file: 2-space indent, trailing newline. */
export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Writes a snapshot folder: one file per resource, then `manifest.json` last.
 * Every file is written atomically. If `dir` already holds a snapshot, its manifest is removed first
 * (so a crash midway leaves a folder readers refuse, never a mix that looks complete) and resource
 * files the new snapshot does not contain are deleted. Files outside the snapshot layout are left alone.
 */
export async function writeSnapshot(
  dir: string,
  manifest: SnapshotManifest,
  records: readonly ResourceRecord[],
): Promise<void> {
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
    const previous = files.get(record.file);
    if (previous) {
      throw new SnapshotError(record.file, `two ${record.type} resources share the key "${record.key}"`);
    }
    files.set(record.file, record);
  }

  await rm(path.join(dir, MANIFEST_FILE), { force: true });
  const pending = [...files.values()];
  const workers = Array.from({ length: Math.min(WRITE_CONCURRENCY, pending.length) }, async () => {
    for (let record = pending.pop(); record; record = pending.pop()) {
      await writeFileAtomic(path.join(dir, ...record.file.split('/')), formatJson(record.data));
    }
  });
  await Promise.all(workers);
  await removeStaleFiles(dir, new Set(files.keys()));
  await writeFileAtomic(path.join(dir, MANIFEST_FILE), formatJson(manifest));
}

/** Deletes resource files (and leftover temp files) under the layout's type folders that are not in `keep`. */
async function removeStaleFiles(dir: string, keep: ReadonlySet<string>): Promise<void> {
  const typeDirs: string[] = [...RESOURCE_TYPES];
  for (const zone of await listDir(path.join(dir, ZONES_DIR))) {
    for (const type of RESOURCE_TYPES) typeDirs.push(`${ZONES_DIR}/${zone}/${type}`);
  }
  for (const typeDir of typeDirs) {
    const absolute = path.join(dir, ...typeDir.split('/'));
    const names = await listDir(absolute);
    let left = names.length;
    for (const name of names) {
      const stale = name.startsWith(TEMP_PREFIX) || (name.endsWith('.json') && !keep.has(`${typeDir}/${name}`));
      if (stale) {
        await rm(path.join(absolute, name), { force: true });
        left -= 1;
      }
    }
    if (names.length > 0 && left === 0) await rmdir(absolute).catch(() => undefined);
  }
  for (const zone of await listDir(path.join(dir, ZONES_DIR))) {
    if ((await listDir(path.join(dir, ZONES_DIR, zone))).length === 0) {
      await rmdir(path.join(dir, ZONES_DIR, zone)).catch(() => undefined);
    }
  }
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw error;
  }
}
