/**
 * Where each resource lives inside a snapshot folder:
 *   account scope  `<type>/<key>.json`
 *   single objects `<type>/<type>.json`
 *   zone scope     `zones/<zoneId>/<type>/<key>.json`
 */
import { createHash } from 'node:crypto';
import { RESOURCE_TYPE_SPECS, isResourceType, type ResourceType } from './resource-types.js';
import type { ResourceRecord, ScopeRef } from './types.js';

export const MANIFEST_FILE = 'manifest.json';
export const ZONES_DIR = 'zones';

/** Longest encoded key kept verbatim; longer keys are shortened with a hash suffix. */
const MAX_ENCODED_KEY = 180;
/** Keys made only of these characters (ids, UUIDs) are already file names: no dot, nothing to encode. */
const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

function isSafeByte(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) ||
    byte === 0x5f || byte === 0x2e || byte === 0x2d; // _ . -
}

/**
 * Makes a key safe as a file name on every OS: bytes outside `[A-Za-z0-9_.-]` become `%XX`
 * (so `decodeKeyFromFileName` reverses it), a leading dot is encoded (no hidden files, no `..`),
 * and very long keys are cut and suffixed with a hash of the full key.
 */
export function encodeKeyForFileName(key: string): string {
  if (key.length === 0) throw new Error('A resource key is empty; every resource needs its key field set.');
  if (key.length <= MAX_ENCODED_KEY && PLAIN_KEY.test(key)) return key;
  let out = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    out += isSafeByte(byte) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  if (out.startsWith('.')) out = `%2E${out.slice(1)}`;
  if (out.length > MAX_ENCODED_KEY) {
    const hash = createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 16);
    out = `${out.slice(0, MAX_ENCODED_KEY - 17).replace(/%[0-9A-F]?$/, '')}~${hash}`;
  }
  return out;
}

/** Reverses `encodeKeyForFileName` (exact for keys that were not shortened). */
export function decodeKeyFromFileName(name: string): string {
  return decodeURIComponent(name);
}

/** Snapshot-relative POSIX path of one resource's file. `key` is ignored for single objects. */
export function resourceFilePath(type: ResourceType, scope: ScopeRef, key: string): string {
  const spec = RESOURCE_TYPE_SPECS[type];
  const base = spec.key === null ? type : encodeKeyForFileName(key);
  const prefix = scope.kind === 'zone' ? `${ZONES_DIR}/${encodeKeyForFileName(scope.id)}/` : '';
  return `${prefix}${type}/${base}.json`;
}

/** The key of a resource as the API returned it: its key field, or the type name for single objects. */
export function resourceKey(type: ResourceType, data: Record<string, unknown>): string {
  const spec = RESOURCE_TYPE_SPECS[type];
  if (spec.key === null) return type;
  const value = data[spec.key];
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number') return String(value);
  throw new Error(
    `A ${type} item has no usable "${spec.key}" field (got ${JSON.stringify(value)}); ` +
      `the ${spec.path} response is not in the expected shape.`,
  );
}

/** Builds the record for one API item: key, scope and file path derived from the catalog. */
export function makeResourceRecord(
  type: ResourceType,
  scope: ScopeRef,
  data: Record<string, unknown>,
): ResourceRecord {
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
