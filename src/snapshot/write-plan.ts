import { readdir, readlink } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import path from 'node:path';
import { TEMP_PREFIX } from './atomic-write.js';
import { LinkedPathError } from './errors.js';
import { MANIFEST_FILE, ZONES_DIR } from './layout.js';
import { RESOURCE_TYPES } from './resource-types.js';
import { refuseLink, refuseLinksBelow } from './safe-path.js';
import type { ResourceRecord } from './types.js';

export interface FolderPlan {
  /** Snapshot-relative files the writer may overwrite or delete (resource files and leftover temp files). */
  candidates: string[];
  /** Existing layout folders, deepest first: removed at the end when left empty. */
  folders: string[];
}

/**
 * Looks at everything `writeSnapshot` will write or delete below `dir` (and between `root` and `dir`)
 * and throws `LinkedPathError` for the first symbolic link, before anything is changed.
 */
export async function planSnapshotFolder(
  dir: string,
  records: readonly ResourceRecord[],
  root?: string,
): Promise<FolderPlan> {
  if (root !== undefined) await refuseLinksBelow(root, dir);
  await refuseLink(path.join(dir, MANIFEST_FILE));
  const zones = new Set(records.filter((r) => r.scope.kind === 'zone').map((r) => r.file.split('/')[1]!));
  const zonesDir = path.join(dir, ZONES_DIR);
  if ((await refuseLink(zonesDir)) === 'dir') {
    for (const entry of await entries(zonesDir)) {
      if (entry.isSymbolicLink()) await refuse(path.join(zonesDir, entry.name));
      if (entry.isDirectory()) zones.add(entry.name);
    }
  }
  const folders: string[] = [];
  for (const zone of [...zones].sort()) {
    if ((await refuseLink(path.join(zonesDir, zone))) !== 'dir') continue;
    for (const type of RESOURCE_TYPES) folders.push(`${ZONES_DIR}/${zone}/${type}`);
  }
  const zoneFolders = [...zones].sort().map((zone) => `${ZONES_DIR}/${zone}`);
  folders.push(...RESOURCE_TYPES);
  const candidates: string[] = [];
  const existing: string[] = [];
  for (const folder of folders) {
    const absolute = path.join(dir, ...folder.split('/'));
    if ((await refuseLink(absolute)) !== 'dir') continue;
    existing.push(folder);
    for (const entry of await entries(absolute)) {
      if (!entry.name.endsWith('.json') && !entry.name.startsWith(TEMP_PREFIX)) continue;
      if (entry.isSymbolicLink()) await refuse(path.join(absolute, entry.name));
      if (entry.isFile()) candidates.push(`${folder}/${entry.name}`);
    }
  }
  return { candidates, folders: [...existing, ...zoneFolders] };
}

async function entries(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
}

async function refuse(file: string): Promise<never> {
  throw new LinkedPathError(file, await readlink(file).catch(() => undefined));
}
