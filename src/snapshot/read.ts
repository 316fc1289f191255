import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { TOOL_NAME, TOOL_VERSION } from '../paths.js';
import { SnapshotError } from './errors.js';
import { MANIFEST_FILE, ZONES_DIR, acceptedFilePaths, parseResourceFilePath, resourceKey } from './layout.js';
import { manifestProblems } from './manifest-validation.js';
import { RESOURCE_TYPES, TYPES_ADDED_LATER, type ResourceType } from '../catalog/resource-types.js';
import { SNAPSHOT_FORMAT_VERSION, type ResourceRecord, type Snapshot, type SnapshotManifest } from './types.js';

const RECOLLECT = `collect it again with \`${TOOL_NAME} collect\` or restore it from version control`;

/** Reads and validates `manifest.json` of a snapshot folder. */
export async function readSnapshotManifest(dir: string): Promise<SnapshotManifest> {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new SnapshotError(
        file,
        `not found: ${dir} is not a complete snapshot folder (the manifest is written last, so a missing one ` +
          `means the collection never finished); ${RECOLLECT}`,
      );
    }
    throw new SnapshotError(file, `cannot be read (${(error as Error).message})`);
  }
  const value = parseJson(file, text);
  const version = (value as { format_version?: unknown } | null)?.format_version;
  if (typeof value === 'object' && value !== null && version !== SNAPSHOT_FORMAT_VERSION) {
    throw new SnapshotError(
      file,
      `format_version ${JSON.stringify(version)} is not supported: ${TOOL_NAME} ${TOOL_VERSION} reads format ` +
        `${SNAPSHOT_FORMAT_VERSION}; ` +
        `use the ${TOOL_NAME} version that wrote it, or collect the account again`,
    );
  }
  const problems = manifestProblems(withTypesAddedLater(value));
  if (problems.length > 0) {
    throw new SnapshotError(file, `is not a valid snapshot manifest: ${problems.join('; ')}; ${RECOLLECT}`);
  }
  return value as SnapshotManifest;
}

/**
 * Reads a snapshot folder written by `writeSnapshot`: the validated manifest and every resource file,
 * each list sorted by file path. Refuses damaged files, misnamed files and counts that disagree with
 * the manifest's coverage, naming the file.
 */
export async function readSnapshot(dir: string): Promise<Snapshot> {
  const manifest = await readSnapshotManifest(dir);
  const resources = Object.fromEntries(
    RESOURCE_TYPES.map((type) => [type, [] as ResourceRecord[]]),
  ) as Snapshot['resources'];
  const files = await listResourceFiles(dir);
  const loaded = await Promise.all(files.map((file) => readResourceFile(dir, file, manifest)));
  for (const record of loaded) resources[record.type].push(record);
  for (const type of RESOURCE_TYPES) resources[type].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  checkCounts(dir, manifest, resources);
  return { manifest, resources };
}

async function listResourceFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  const typeDirs: string[] = [...RESOURCE_TYPES];
  for (const zone of await visibleEntries(path.join(dir, ZONES_DIR))) {
    for (const type of RESOURCE_TYPES) typeDirs.push(`${ZONES_DIR}/${zone}/${type}`);
  }
  for (const typeDir of typeDirs) {
    for (const name of await visibleEntries(path.join(dir, ...typeDir.split('/')))) {
      if (name.endsWith('.json')) files.push(`${typeDir}/${name}`);
    }
  }
  return files;
}

async function readResourceFile(dir: string, file: string, manifest: SnapshotManifest): Promise<ResourceRecord> {
  const absolute = path.join(dir, ...file.split('/'));
  let parsed: ReturnType<typeof parseResourceFilePath>;
  try {
    parsed = parseResourceFilePath(file, manifest.account_id);
  } catch {
    throw new SnapshotError(absolute, `the file name is not a valid encoded key; ${RECOLLECT}`);
  }
  if (!parsed) throw new SnapshotError(absolute, 'is not where a snapshot resource file can be');
  if (parsed.scope.kind === 'zone' && !manifest.zone_ids.includes(parsed.scope.id)) {
    throw new SnapshotError(
      absolute,
      `belongs to zone "${parsed.scope.id}", which ${MANIFEST_FILE} does not list in zone_ids; ${RECOLLECT}`,
    );
  }
  const data = parseJson(absolute, await readFile(absolute, 'utf8'));
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new SnapshotError(
      absolute,
      `must hold one JSON object (a ${parsed.type}), found ${Array.isArray(data) ? 'an array' : typeof data}; ` +
        `${RECOLLECT}`,
    );
  }
  let key: string;
  try {
    key = resourceKey(parsed.type, data as Record<string, unknown>);
  } catch (error) {
    throw new SnapshotError(absolute, `${(error as Error).message}; ${RECOLLECT}`);
  }
  const accepted = acceptedFilePaths(parsed.type, parsed.scope, key);
  if (!accepted.includes(file)) {
    throw new SnapshotError(
      absolute,
      `holds the ${parsed.type} with key "${key}", which belongs in ${accepted[0]}; rename the file or ${RECOLLECT}`,
    );
  }
  return { type: parsed.type, key, scope: parsed.scope, file, data: data as Record<string, unknown> };
}

function checkCounts(dir: string, manifest: SnapshotManifest, resources: Snapshot['resources']): void {
  const counts = new Map<string, number>();
  for (const type of RESOURCE_TYPES) {
    for (const record of resources[type]) {
      const id = `${record.scope.kind === 'zone' ? record.scope.id : ''}\u0000${type}`;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  const expect = (zone: string, type: ResourceType, declared: number | undefined): void => {
    const found = counts.get(`${zone}\u0000${type}`) ?? 0;
    if (found !== (declared ?? 0)) {
      const folder = zone ? `${ZONES_DIR}/${zone}/${type}/` : `${type}/`;
      throw new SnapshotError(
        path.join(dir, folder),
        `holds ${found} file(s) but ${MANIFEST_FILE} coverage says ${declared ?? 0}: the snapshot is incomplete ` +
          `or was edited; ${RECOLLECT}`,
      );
    }
  };
  for (const type of RESOURCE_TYPES) expect('', type, manifest.coverage[type].count);
  for (const zone of manifest.zone_ids) {
    for (const type of RESOURCE_TYPES) expect(zone, type, manifest.zone_coverage[zone]?.[type]?.count);
  }
}

/** Coverage entries for types an older collector did not know (see TYPES_ADDED_LATER). */
function withTypesAddedLater(value: unknown): unknown {
  const coverage = (value as { coverage?: unknown } | null)?.coverage;
  if (typeof coverage !== 'object' || coverage === null) return value;
  const entries = coverage as Record<string, unknown>;
  for (const type of TYPES_ADDED_LATER) {
    if (Object.hasOwn(entries, type)) continue;
    entries[type] = {
      status: 'error',
      count: 0,
      requests: 0,
      message:
        `not in this snapshot: it was collected before ${TOOL_NAME} read ${type}; collect the account ` +
        `again to audit it`,
    };
  }
  return value;
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new SnapshotError(file, `is not valid JSON (${(error as Error).message}); ${RECOLLECT}`);
  }
}

async function visibleEntries(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((name) => !name.startsWith('.')).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
}
