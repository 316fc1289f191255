import type { CloudflareApiError } from '../client/errors.js';
import type { ResourceTypeSpec } from '../catalog/resource-types.js';
import type { CoverageEntry, ScopeRef } from '../snapshot/types.js';

function scopeLabel(scope: ScopeRef): string {
  return scope.kind === 'zone' ? `zone ${scope.id}` : `account ${scope.id}`;
}

/**
 * Turns the failure that stopped a resource type into its coverage entry: 401/403 → `forbidden` (naming
 * the token permission to add), the API's own 404 (a v4 envelope, `not_found`) before any item → `not_collected`,
 * anything else → `error` (a 404 that is not the API's answer is `malformed`, so `error`). See docs/coverage.md.
 */
export function coverageForFailure(
  spec: ResourceTypeSpec,
  scope: ScopeRef,
  error: CloudflareApiError,
  count: number,
  requests: number,
): CoverageEntry {
  const base = {
    count,
    requests,
    endpoint: error.endpoint,
    ...(error.status === undefined ? {} : { http_status: error.status }),
  };
  const codes = error.errors.length > 0 ? ` (${error.errors.map((e) => `${e.code}: ${e.message}`).join('; ')})` : '';
  if (error.kind === 'forbidden') {
    const hint = spec.permissionDocumented
      ? ''
      : ' Cloudflare documents no permission for this endpoint; this is the closest group.';
    return {
      status: 'forbidden',
      ...base,
      permission: spec.permission,
      message:
        `The API token may not read ${spec.label} in ${scopeLabel(scope)} (HTTP ${error.status ?? '?'}${codes}). ` +
        `Add the "${spec.permission}" permission to the token (Write also works) and collect again.${hint}`,
    };
  }
  if (error.kind === 'not_found' && count === 0) {
    return {
      status: 'not_collected',
      ...base,
      message:
        `${spec.label} are not available in ${scopeLabel(scope)} (HTTP 404${codes}): the feature is not ` +
        `enabled for it. Nothing to collect.`,
    };
  }
  const partial = count > 0 ? ` ${count} item(s) read before the failure are kept, but the list is incomplete.` : '';
  return {
    status: 'error',
    ...base,
    message: `Could not collect ${spec.label} in ${scopeLabel(scope)}: ${error.message}.${partial}${nextStep(error)}`,
  };
}

function nextStep(error: CloudflareApiError): string {
  switch (error.kind) {
    case 'rate_limited':
      return ' The API rate limit was hit; wait 5 minutes or lower --budget, then collect again.';
    case 'server':
    case 'timeout':
    case 'network':
      return ' The API did not answer reliably; collect again later.';
    case 'stopped':
      return ' Collection was stopped before this type was complete; raise --timeout or collect again.';
    case 'pagination':
      return ' The listing is incomplete or does not end; collect again, and report it if it persists.';
    case 'shape':
    case 'malformed':
      return (
        ' The response is not what the Cloudflare API returns; check CLOUDFLARE_BASE_URL and report it if it ' +
        'persists.'
      );
    default:
      return '';
  }
}

/**
 * Coverage of a type read per parent item when the parent type could not be listed: the parent's status
 * (and, for `forbidden`, its permission), since no child can be read without the parents.
 */
export function coverageForMissingParent(
  spec: ResourceTypeSpec,
  parentSpec: ResourceTypeSpec,
  parent: CoverageEntry,
  requests: number,
): CoverageEntry {
  return {
    status: parent.status,
    count: 0,
    requests,
    ...(parent.endpoint === undefined ? {} : { endpoint: parent.endpoint }),
    ...(parent.http_status === undefined ? {} : { http_status: parent.http_status }),
    ...(parent.status === 'forbidden' ? { permission: parent.permission ?? parentSpec.permission } : {}),
    message:
      `${spec.label} are read for each of the ${parentSpec.label}, which could not be listed: ` +
      `${parent.message ?? parent.status}`,
  };
}
