import { readdir, readlink } from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import path from 'node:path';
import { TEMP_PREFIX } from './atomic-write.js';
import { LinkedPathError } from './errors.js';
import { MANIFEST_FILE, ZONES_DIR } from './layout.js';
import { RESOURCE_TYPES } from '../catalog/resource-types.js';
import { refuseLink, refuseLinksBelow } from './safe-path.js';
import type { ResourceRecord } from './types.js';

export interface FolderPlan {
  /** Snapshot-relative files the old snapshot owns (resource files and leftover temp files). */
  candidates: string[];
  /** Existing layout folders, deepest first. */
  folders: string[];
  /** Snapshot-relative entries that are not the snapshot's (a README, `.git`): carried over to the new folder. */
  foreign: string[];
}

const LAYOUT_TOP = new Set<string>([MANIFEST_FILE, ZONES_DIR, ...RESOURCE_TYPES]);

/**
 * Looks at everything `writeSnapshot` will replace below `dir` (and between `root` and `dir`) and throws
 * `LinkedPathError` for the first symbolic link, before anything is changed.
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
  const foreign: string[] = [];
  if ((await refuseLink(zonesDir)) === 'dir') {
    for (const entry of await entries(zonesDir)) {
      if (entry.isSymbolicLink()) await refuse(path.join(zonesDir, entry.name));
      if (entry.isDirectory()) zones.add(entry.name);
      else foreign.push(`${ZONES_DIR}/${entry.name}`);
    }
  }
  const folders: string[] = [];
  const zoneFolders: string[] = [];
  for (const zone of [...zones].sort()) {
    if ((await refuseLink(path.join(zonesDir, zone))) !== 'dir') continue;
    zoneFolders.push(`${ZONES_DIR}/${zone}`);
    for (const type of RESOURCE_TYPES) folders.push(`${ZONES_DIR}/${zone}/${type}`);
  }
  folders.push(...RESOURCE_TYPES);
  const candidates: string[] = [];
  const existing: string[] = [];
  for (const folder of folders) {
    const absolute = path.join(dir, ...folder.split('/'));
    if ((await refuseLink(absolute)) !== 'dir') continue;
    existing.push(folder);
    for (const entry of await entries(absolute)) {
      const owned = entry.name.endsWith('.json') || entry.name.startsWith(TEMP_PREFIX);
      if (owned && entry.isSymbolicLink()) await refuse(path.join(absolute, entry.name));
      if (owned && entry.isFile()) candidates.push(`${folder}/${entry.name}`);
      else foreign.push(`${folder}/${entry.name}`);
    }
  }
  for (const zone of zoneFolders) {
    const types = new Set<string>(RESOURCE_TYPES);
    for (const entry of await entries(path.join(dir, ...zone.split('/')))) {
      if (!(types.has(entry.name) && entry.isDirectory())) foreign.push(`${zone}/${entry.name}`);
    }
  }
  for (const entry of await entries(dir)) {
    const layout = LAYOUT_TOP.has(entry.name) && (entry.name === MANIFEST_FILE || entry.isDirectory());
    if (!layout) foreign.push(entry.name);
  }
  return { candidates, folders: [...existing, ...zoneFolders], foreign: foreign.sort() };
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
