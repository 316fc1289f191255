import type { Result } from '../engine/types.js';
import { RESOURCE_TYPE_SPECS } from '../snapshot/resource-types.js';

const MANIFEST_FILE = 'manifest.json';

/** Percent-encodes one path segment, `:` included, so no segment can read as a URI scheme. */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Relative URI of a result's snapshot file as seen from the report folder: `<snapshotDir>/<file>`,
 * every segment percent-encoded. Results without a file (per-type results) point at the manifest.
 */
export function snapshotFileUri(snapshotDir: string, file: string | null): string {
  const segments = [...snapshotDir.split(/[\\/]+/), ...(file ?? MANIFEST_FILE).split('/')]
    .filter((s) => s !== '' && s !== '.');
  if (segments.length === 0) throw new Error('A snapshot file path is empty; give the snapshot folder relative to --out.');
  return segments.map(encodeSegment).join('/');
}

/** Cloudflare path of the resource: `accounts/<id>/<fqnSegment>[/<key>]` (`zones/<zone>/…` for zone-scoped ones). */
export function fullyQualifiedName(result: Result): string {
  const spec = RESOURCE_TYPE_SPECS[result.resource_type];
  const scope = result.zone_id ? `zones/${result.zone_id}` : `accounts/${result.account_id}`;
  if (result.application) {
    return `${scope}/${RESOURCE_TYPE_SPECS.access_application.fqnSegment}/${result.application.id}/policies/${result.resource_id}`;
  }
  const key = spec.key === null || result.resource_id === '*' ? '' : `/${result.resource_id}`;
  return `${scope}/${spec.fqnSegment}${key}`;
}

/** The resource's display name: its name when it has one, else its id (or the type label for `*`). */
export function displayName(result: Result): string {
  if (result.resource_name) return result.resource_name;
  if (result.resource_id === '*') return RESOURCE_TYPE_SPECS[result.resource_type].label;
  return result.resource_id;
}
