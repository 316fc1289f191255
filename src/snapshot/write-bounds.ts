import { MAX_NESTING_DEPTH, MAX_STRING_CHARS, boundValue, cutText, type Truncation } from './bounds.js';
import { isContentKeyed, makeResourceRecord } from './layout.js';
import type { ResourceType } from '../catalog/resource-types.js';
import type { CoverageEntry, ResourceRecord, ScopeRef, SnapshotManifest } from './types.js';

/** Longest resource key stored: ids and hostnames are far shorter; a longer one is not a real key. */
export const MAX_KEY_CHARS = 1024;

/** A resource that was cut to the bounds (`truncated`) or could not be stored at all (`left_out`). */
export interface RecordProblem {
  type: ResourceType;
  scope: ScopeRef;
  file: string;
  kind: 'truncated' | 'left_out';
  detail: string;
}

function problem(record: ResourceRecord, kind: RecordProblem['kind'], detail: string): RecordProblem {
  return { type: record.type, scope: record.scope, file: record.file, kind, detail };
}

/**
 * The record as it will be stored: data within the bounds and with `text` applied to every string (the
 * CLI's scrubber); re-keyed when its key derives from its content. No record when it cannot be stored.
 */
export function prepareRecord(
  record: ResourceRecord,
  text?: (value: string) => string,
): { record?: ResourceRecord; problem?: RecordProblem } {
  if (record.key.length > MAX_KEY_CHARS) {
    const detail = `its key is ${record.key.length} characters long (at most ${MAX_KEY_CHARS})`;
    return { problem: problem(record, 'left_out', detail) };
  }
  const bounded = boundValue(record.data, text);
  if (bounded.value === record.data) return { record };
  const stored = isContentKeyed(record.type, record.data)
    ? makeResourceRecord(record.type, record.scope, bounded.value)
    : { ...record, data: bounded.value };
  if (bounded.truncations.length === 0) return { record: stored };
  return { record: stored, problem: problem(stored, 'truncated', describe(bounded.truncations)) };
}

/** The file text of a prepared record, or why it cannot be stored (e.g. too large as a whole). */
export function recordText(record: ResourceRecord): { text?: string; problem?: RecordProblem } {
  try {
    return { text: `${JSON.stringify(record.data, null, 2)}\n` };
  } catch (error) {
    return { problem: problem(record, 'left_out', `it cannot be stored as JSON (${(error as Error).message})`) };
  }
}

export function leftOut(record: ResourceRecord, detail: string): RecordProblem {
  return problem(record, 'left_out', detail);
}

function describe(truncations: readonly Truncation[]): string {
  const shown = truncations
    .slice(0, 3)
    .map((t) => `${cutText(t.path || '(root)', 80)} (${t.reason === 'depth' ? 'nested too deep' : 'too long'})`);
  const more = truncations.length > shown.length ? ` and ${truncations.length - shown.length} more` : '';
  return `${shown.join(', ')}${more} replaced by a [TRUNCATED] marker`;
}

/**
 * The manifest with the problems noted in coverage: a cut resource adds a warning to its type; a resource
 * left out lowers the count and turns the type into an `error` (its rules report unknown).
 */
export function noteProblems(
  manifest: SnapshotManifest,
  problems: readonly RecordProblem[],
): { manifest: SnapshotManifest; warnings: string[] } {
  if (problems.length === 0) return { manifest, warnings: [] };
  const out = structuredClone(manifest);
  const sorted = [...problems].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const byEntry = new Map<CoverageEntry, RecordProblem[]>();
  for (const p of sorted) {
    const entry = p.scope.kind === 'zone' ? out.zone_coverage[p.scope.id]?.[p.type] : out.coverage[p.type];
    if (entry) byEntry.set(entry, [...(byEntry.get(entry) ?? []), p]);
  }
  for (const [entry, list] of byEntry) {
    const left = list.filter((p) => p.kind === 'left_out');
    const cut = list.length - left.length;
    if (left.length > 0) {
      entry.count = Math.max(0, entry.count - left.length);
      entry.status = 'error';
      const first = `${left[0]!.file}: ${left[0]!.detail}`;
      const note = `${left.length} resource(s) could not be stored and are left out (${first})`;
      entry.message = entry.message ? `${entry.message}; ${note}` : note;
    }
    if (cut > 0) {
      (entry.warnings ??= []).push(
        `${cut} resource(s) held values nested over ${MAX_NESTING_DEPTH} levels deep ` +
          `or strings over ${MAX_STRING_CHARS} characters; those values are stored as a [TRUNCATED] marker`,
      );
    }
  }
  const prefix = (p: RecordProblem): string => (p.kind === 'left_out' ? 'left out of the snapshot: ' : '');
  const warnings = sorted.map((p) => `${p.file}: ${prefix(p)}${p.detail}`);
  return { manifest: out, warnings };
}
