import path from 'node:path';
import { embeddedPolicyRecords } from '../engine/policy-records.js';
import type { Result } from '../engine/types.js';
import { RESOURCE_TYPES, RESOURCE_TYPE_SPECS } from '../catalog/resource-types.js';
import type { Snapshot } from '../snapshot/types.js';
import { jsonRegion, parseJsonPath, type JsonPathSegment, type JsonRegion } from './json-lines.js';
import type { AccountReport, SnapshotDocuments } from './types.js';

const MANIFEST_FILE = 'manifest.json';

/**
 * URI base id of artifact URIs relative to the repository root (`--sarif-root`), the one GitHub's SARIF example
 * uses: https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 */
export const REPO_ROOT_BASE_ID = '%SRCROOT%';
/** URI base id of artifact URIs relative to the folder holding report.sarif (without `--sarif-root`). */
export const REPORT_ROOT_BASE_ID = 'REPORTROOT';

/** Percent-encodes one path segment, `:` included, so no segment can read as a URI scheme. */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Relative URI of a result's snapshot file as seen from the report folder: `<snapshotDir>/<file>`,
 * every segment percent-encoded. Results without a file (per-type results) point at the manifest.
 */
export function snapshotFileUri(snapshotDir: string, file: string | null): string {
  const segments = [...snapshotDir.split(/[\\/]+/), ...(file ?? MANIFEST_FILE).split('/')].filter(
    (s) => s !== '' && s !== '.',
  );
  if (segments.length === 0)
    throw new Error('A snapshot file path is empty; give the snapshot folder relative to --out.');
  return segments.map(encodeSegment).join('/');
}

/** Cloudflare path of the resource: `accounts/<id>/<fqnSegment>[/<key>]` (`zones/<zone>/…` for zone-scoped ones). */
export function fullyQualifiedName(result: Result): string {
  const spec = RESOURCE_TYPE_SPECS[result.resource_type];
  const scope = result.zone_id ? `zones/${result.zone_id}` : `accounts/${result.account_id}`;
  if (result.application) {
    const application = `${RESOURCE_TYPE_SPECS.access_application.fqnSegment}/${result.application.id}`;
    return `${scope}/${application}/policies/${result.resource_id}`;
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

/** `dir` relative to `root` as a POSIX path (`.` for the root itself); `undefined` when `dir` is not below `root`. */
export function pathBelow(root: string, dir: string): string | undefined {
  const relative = path.relative(path.resolve(root), path.resolve(dir));
  if (relative === '') return '.';
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return undefined;
  return relative.split(path.sep).join('/');
}

/** The SARIF artifact location of a result's file: below `--sarif-root` when given, else below the report folder. */
export function artifactLocation(account: AccountReport, file: string | null): { uri: string; uriBaseId: string } {
  return account.repoSnapshotDir === undefined
    ? { uri: snapshotFileUri(account.snapshotDir, file), uriBaseId: REPORT_ROOT_BASE_ID }
    : { uri: snapshotFileUri(account.repoSnapshotDir, file), uriBaseId: REPO_ROOT_BASE_ID };
}

/** The resource objects of a snapshot by file, and where each embedded (app-scoped) policy sits in its application. */
export function snapshotDocuments(snapshot: Snapshot): SnapshotDocuments {
  const files = new Map<string, unknown>();
  for (const type of RESOURCE_TYPES) for (const record of snapshot.resources[type]) files.set(record.file, record.data);
  const embeddedPolicies = new Map<string, number>();
  for (const record of embeddedPolicyRecords(snapshot)) {
    const policies = (files.get(record.file) as { policies?: unknown } | undefined)?.policies;
    const index = Array.isArray(policies) ? policies.indexOf(record.data) : -1;
    if (index >= 0) embeddedPolicies.set(record.key, index);
  }
  return { files, embeddedPolicies };
}

/**
 * Where a result points in its pretty-printed file: the first evidence path that names a field of the resource,
 * else the whole resource (an embedded policy: the policy inside its application's file). A result without a
 * file points at its type's coverage entry in the manifest. `undefined` when the file's content is not known.
 */
export function resultRegion(
  result: Result,
  account: Pick<AccountReport, 'manifest' | 'documents' | 'regions'>,
): JsonRegion | undefined {
  const known = account.regions?.get(regionKey(result));
  if (known) return known;
  if (result.file === null) {
    const type = result.resource_type;
    return jsonRegion(account.manifest, result.zone_id ? ['zone_coverage', result.zone_id, type] : ['coverage', type]);
  }
  const documents = account.documents;
  const data = documents?.files.get(result.file);
  if (data === undefined) return undefined;
  let resource: JsonPathSegment[] = [];
  if (result.application) {
    const index = documents!.embeddedPolicies.get(result.resource_id);
    if (index === undefined) return undefined;
    resource = ['policies', index];
  }
  for (const { path: field } of result.evidence) {
    const segments = parseJsonPath(field);
    const region = segments && jsonRegion(data, [...resource, ...segments]);
    if (region) return region;
  }
  return jsonRegion(data, resource);
}

/** The key of a result in `AccountReport.regions`: one rule on one resource file. */
export function regionKey(result: Pick<Result, 'fingerprint' | 'file'>): string {
  return `${result.fingerprint}\u0000${result.file ?? ''}`;
}

/** The region of each of `results` that points into a resource file, computed while the snapshot is at hand. */
export function resultRegions(
  results: readonly Result[],
  account: Pick<AccountReport, 'manifest' | 'documents'>,
): Map<string, JsonRegion> {
  const regions = new Map<string, JsonRegion>();
  for (const result of results) {
    if (result.file === null) continue;
    const region = resultRegion(result, account);
    if (region) regions.set(regionKey(result), region);
  }
  return regions;
}
