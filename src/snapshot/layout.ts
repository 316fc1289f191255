/**
 * Where each resource lives inside a snapshot folder:
 *   account scope  `<type>/<key>.json`
 *   single objects `<type>/<type>.json`
 *   zone scope     `zones/<zoneId>/<type>/<key>.json`
 */
import { createHash } from 'node:crypto';
import { contentKey, usableId } from '../common/content-key.js';
import { RESOURCE_TYPE_SPECS, isResourceType, type ResourceType } from '../catalog/resource-types.js';
import type { ResourceRecord, ScopeRef } from './types.js';

export const MANIFEST_FILE = 'manifest.json';
export const ZONES_DIR = 'zones';

/** Longest encoded key kept verbatim; longer keys are shortened with a hash suffix. */
const MAX_ENCODED_KEY = 180;
/** Keys made only of these characters (ids, UUIDs) are already file names: no dot, nothing to encode. */
const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

function isSafeByte(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) ||
    (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x61 && byte <= 0x7a) ||
    byte === 0x5f ||
    byte === 0x2e ||
    byte === 0x2d
  ); // _ . -
}

/** Device names Windows reserves, with or without an extension (`CON`, `nul.json`, `Com1.txt`). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)/i;
/** Suffix of a name made distinct from another that differs only in letter case. */
const CASE_SUFFIX = /~[0-9a-f]{8}$/;

function percentEncode(key: string): string {
  let out = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    out += isSafeByte(byte) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * Makes a key safe as a file name on every OS: bytes outside `[A-Za-z0-9_.-]` become `%XX`
 * (so `decodeKeyFromFileName` reverses it), a leading dot is encoded (no hidden files, no `..`), so is the
 * first letter of a Windows device name (`CON` → `%43ON`), and very long keys are cut and suffixed with a
 * hash of the full key. `legacy` gives the encoding of older versions (device names kept), for readers.
 */
export function encodeKeyForFileName(key: string, legacy = false): string {
  if (key.length === 0) throw new Error('A resource key is empty; every resource needs its key field set.');
  const plain = key.length <= MAX_ENCODED_KEY && PLAIN_KEY.test(key);
  let out = plain ? key : percentEncode(key);
  if (out.startsWith('.')) out = `%2E${out.slice(1)}`;
  if (!legacy && WINDOWS_RESERVED.test(out)) out = `%${out.charCodeAt(0).toString(16).toUpperCase()}${out.slice(1)}`;
  if (out.length > MAX_ENCODED_KEY) {
    const hash = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 16);
    out = `${out.slice(0, MAX_ENCODED_KEY - 17).replace(/%[0-9A-F]?$/, '')}~${hash}`;
  }
  return out;
}

/**
 * The file name of a key whose plain name differs from another's only in letter case (`App` and `app`
 * overwrite each other on macOS and Windows): the encoded key plus `~` and a hash of the exact key.
 */
export function caseDistinctFileName(key: string): string {
  const hash = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 8);
  return `${encodeKeyForFileName(key)}~${hash}`;
}

/** Reverses `encodeKeyForFileName` and `caseDistinctFileName` (exact for keys that were not shortened). */
export function decodeKeyFromFileName(name: string): string {
  return decodeURIComponent(name.replace(CASE_SUFFIX, ''));
}

/** Snapshot-relative POSIX path of one resource's file. `key` is ignored for single objects. */
export function resourceFilePath(type: ResourceType, scope: ScopeRef, key: string, caseDistinct = false): string {
  const spec = RESOURCE_TYPE_SPECS[type];
  const base = spec.key === null ? type : caseDistinct ? caseDistinctFileName(key) : encodeKeyForFileName(key);
  const prefix = scope.kind === 'zone' ? `${ZONES_DIR}/${encodeKeyForFileName(scope.id)}/` : '';
  return `${prefix}${type}/${base}.json`;
}

/** Every path a reader accepts for a resource: the plain one, the case-distinct one, and older versions' one. */
export function acceptedFilePaths(type: ResourceType, scope: ScopeRef, key: string): string[] {
  const spec = RESOURCE_TYPE_SPECS[type];
  const paths = [resourceFilePath(type, scope, key)];
  if (spec.key === null) return paths;
  paths.push(resourceFilePath(type, scope, key, true));
  const prefix = scope.kind === 'zone' ? `${ZONES_DIR}/${encodeKeyForFileName(scope.id, true)}/` : '';
  paths.push(`${prefix}${type}/${encodeKeyForFileName(key, true)}.json`);
  return [...new Set(paths)];
}

/**
 * The records with case-distinct files where two files of one folder would differ only in letter case:
 * each key holding an upper-case letter in such a group gets `caseDistinctFileName`. Deterministic.
 */
export function withCaseDistinctFiles(records: readonly ResourceRecord[]): ResourceRecord[] {
  const groups = new Map<string, ResourceRecord[]>();
  for (const record of records) {
    const folded = record.file.toLowerCase();
    const group = groups.get(folded);
    if (group) group.push(record);
    else groups.set(folded, [record]);
  }
  return records.map((record) => {
    const group = groups.get(record.file.toLowerCase())!;
    if (group.length < 2 || !/[A-Z]/.test(record.key) || RESOURCE_TYPE_SPECS[record.type].key === null) return record;
    return { ...record, file: resourceFilePath(record.type, record.scope, record.key, true) };
  });
}

/**
 * The key of a resource as the API returned it: its key field, or the type name for single objects. An item
 * without a usable key field is keyed by its content (`noid-<hash>`, see common/content-key.ts): the writer
 * and the reader derive the same key from the same (redacted) data.
 */
export function resourceKey(type: ResourceType, data: Record<string, unknown>): string {
  const spec = RESOURCE_TYPE_SPECS[type];
  if (spec.key === null) return type;
  return usableId(data[spec.key]) ?? contentKey(data);
}

/** Whether a record's key was derived from its content (its item has no usable key field). */
export function isContentKeyed(type: ResourceType, data: Record<string, unknown>): boolean {
  const field = RESOURCE_TYPE_SPECS[type].key;
  return field !== null && usableId(data[field]) === undefined;
}

/** Builds the record for one API item: key, scope and file path derived from the catalog. */
export function makeResourceRecord(type: ResourceType, scope: ScopeRef, data: Record<string, unknown>): ResourceRecord {
  const key = resourceKey(type, data);
  return { type, key, scope, file: resourceFilePath(type, scope, key), data };
}

export interface ParsedResourcePath {
  type: ResourceType;
  scope: ScopeRef;
  /** Decoded file name (without `.json`); the type name for single objects. */
  fileKey: string;
}

/** Parses a snapshot-relative path back into type and scope; `null` when it is not a resource file. */
export function parseResourceFilePath(file: string, accountId: string): ParsedResourcePath | null {
  const parts = file.split('/');
  let scope: ScopeRef = { kind: 'account', id: accountId };
  let rest = parts;
  if (parts[0] === ZONES_DIR) {
    if (parts.length !== 4 || !parts[1]) return null;
    scope = { kind: 'zone', id: decodeKeyFromFileName(parts[1]) };
    rest = parts.slice(2);
  }
  if (rest.length !== 2) return null;
  const [type, name] = rest as [string, string];
  if (!isResourceType(type) || !name.endsWith('.json')) return null;
  return { type, scope, fileKey: decodeKeyFromFileName(name.slice(0, -'.json'.length)) };
}
