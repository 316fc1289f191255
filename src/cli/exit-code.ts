import { atLeastAsSevere, type Severity } from '../common/severity.js';
import type { SnapshotManifest, CoverageEntry } from '../snapshot/types.js';
import type { ResourceType } from '../catalog/resource-types.js';
import { EXIT_FINDINGS, EXIT_INCOMPLETE, EXIT_OK, type ExitCode } from './errors.js';
import { total } from './run-tally.js';
import type { FailOn } from './command-specs.js';

/** True when `severity` is at or above the `--fail-on` threshold (`none` never fails). */
export function meetsThreshold(severity: Severity, failOn: FailOn): boolean {
  if (failOn === 'none') return false;
  return atLeastAsSevere(severity, failOn);
}

/** Open (unsuppressed) findings per severity, kept only where the severity is at or above the threshold. */
export function crossingCounts(open: Readonly<Record<Severity, number>>, failOn: FailOn): Record<Severity, number> {
  const crossing = { ...open };
  for (const severity of Object.keys(crossing) as Severity[])
    if (!meetsThreshold(severity, failOn)) crossing[severity] = 0;
  return crossing;
}

export interface MissingType {
  scope: string;
  type: ResourceType;
  entry: CoverageEntry;
}

/** Resource types that could not be read (`forbidden` or `error`); `not_collected` means the feature is absent. */
export function missingTypes(manifest: SnapshotManifest): MissingType[] {
  const missing: MissingType[] = [];
  const scan = (scope: string, coverage: Partial<Record<ResourceType, CoverageEntry>>): void => {
    for (const [type, entry] of Object.entries(coverage) as [ResourceType, CoverageEntry][]) {
      if (entry.status === 'forbidden' || entry.status === 'error') missing.push({ scope, type, entry });
    }
  };
  scan(`account ${manifest.account_id}`, manifest.coverage);
  for (const [zone, coverage] of Object.entries(manifest.zone_coverage)) scan(`zone ${zone}`, coverage);
  return missing;
}

/** One line naming a type that was not read, why, and the permission to grant. */
export function describeMissingType({ scope, type, entry }: MissingType): string {
  const status = `${entry.status}${entry.http_status ? `, HTTP ${entry.http_status}` : ''}`;
  const grant = entry.permission ? `; grant the token "${entry.permission}"` : '';
  return `${scope}: ${type} was not read (${status})${grant}${entry.message ? `: ${entry.message}` : ''}`;
}

/** Every coverage warning (odd answers that did not stop collection), with its scope and type. */
export function coverageWarnings(manifest: SnapshotManifest): { scope: string; type: ResourceType; warning: string }[] {
  const out: { scope: string; type: ResourceType; warning: string }[] = [];
  const scan = (scope: string, coverage: Partial<Record<ResourceType, CoverageEntry>>): void => {
    for (const [type, entry] of Object.entries(coverage) as [ResourceType, CoverageEntry][]) {
      for (const warning of entry.warnings ?? []) out.push({ scope, type, warning });
    }
  };
  scan(`account ${manifest.account_id}`, manifest.coverage);
  for (const [zone, coverage] of Object.entries(manifest.zone_coverage)) scan(`zone ${zone}`, coverage);
  return out;
}

/**
 * README.md "Exit codes": findings → 1, incomplete collection → 3 (unless allowed), 3 wins over 1.
 * Usage errors (2) never get here.
 */
export function exitCodeFor(input: {
  /** Open findings per severity. */
  open: Readonly<Record<Severity, number>>;
  failOn: FailOn;
  incomplete: boolean;
  allowPartial: boolean;
}): ExitCode {
  if (input.incomplete && !input.allowPartial) return EXIT_INCOMPLETE;
  if (total(crossingCounts(input.open, input.failOn)) > 0) return EXIT_FINDINGS;
  return EXIT_OK;
}
