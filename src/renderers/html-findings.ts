/**
 * The findings table's data: one compact row per listed result (and per finding fixed since the baseline), its
 * evidence apart (the page reads it only when a finding is opened or printed), and the rules the rows point at.
 */
import type { LoadedRule, Result, ResultStatus, Severity } from '../engine/types.js';
import { RESOURCE_TYPE_SPECS, type ResourceType } from '../catalog/resource-types.js';
import type { FindingLinks } from './access-map.js';
import { anchorFor } from './anchors.js';
import { isPassing } from './passing.js';
import { sortResults } from './results.js';
import type { AccountReport } from './types.js';

/**
 * One row of the findings table, with short keys to keep 50,000 of them small. Optional keys are omitted when empty.
 */
export interface FindingRow {
  /** account index */ a: number;
  /** rule index (into data.rules) */ r: number;
  /** status */ s: ResultStatus;
  /** severity */ v: Severity;
  /** resource type */ t: ResourceType;
  /** resource id */ i: string;
  /** resource name */ n?: string;
  /** message */ m?: string;
  /** baseline state: new | unchanged | fixed */ b?: 'new' | 'unchanged' | 'fixed';
  /** suppression reason and expiry */ x?: string;
  xe?: string;
  /** detail (unknown / error) */ d?: string;
  /** snapshot file; absent when it is `<type>/<id>.json`, empty when the result has none */ f?: string;
  /** zone id */ z?: string;
  /** access map rows (indices into the reach table): own resource, exposed resources, and their full count */
  o?: number;
  k?: number[];
  kn?: number;
}

/** A row's evidence, by the row's index; 0 when it has none. */
export type FindingEvidence = { path: string; value: unknown }[] | 0;

export interface RuleRef {
  id: string;
  title: string;
  anchor: string;
}

/** The rules rows point at (`r`): the catalog, then rules missing from it, in the order rows first name them. */
export class RuleTable {
  readonly rules: RuleRef[];
  private readonly index: Map<string, number>;

  constructor(catalog: readonly LoadedRule[]) {
    this.rules = catalog.map((r) => ({ id: r.id, title: r.title, anchor: anchorFor('rule', r.id) }));
    this.index = new Map(catalog.map((r, i) => [r.id, i]));
  }

  indexOf(ruleId: string): number {
    let index = this.index.get(ruleId);
    if (index === undefined) {
      index = this.rules.length;
      this.index.set(ruleId, index);
      this.rules.push({ id: ruleId, title: ruleId, anchor: anchorFor('rule', ruleId) });
    }
    return index;
  }
}

/** A result the findings table lists one by one; passes and not-applicable results only with `--include-passing`. */
export function isListed(r: Result, includePassing: boolean): boolean {
  return includePassing || !isPassing(r);
}

/** The account's rows in table order: its listed results, most severe first, then the findings fixed since. */
export function* tableResults(
  account: Pick<AccountReport, 'results' | 'fixedSinceBaseline'>,
  includePassing: boolean,
): Generator<{ r: Result; fixed: boolean }> {
  for (const r of sortResults(account.results)) if (isListed(r, includePassing)) yield { r, fixed: false };
  for (const r of sortResults(account.fixedSinceBaseline ?? [])) yield { r, fixed: true };
}

export function findingRow(r: Result, a: number, ruleIndex: number, fixed: boolean, links: FindingLinks): FindingRow {
  const row: FindingRow = { a, r: ruleIndex, s: r.status, v: r.severity, t: r.resource_type, i: r.resource_id };
  if (r.resource_name) row.n = r.resource_name;
  else if (r.resource_id === '*') row.n = `All ${RESOURCE_TYPE_SPECS[r.resource_type].label.toLowerCase()}`;
  if (r.message) row.m = r.message;
  if (fixed) row.b = 'fixed';
  else if (r.baseline_state === 'new' || r.baseline_state === 'unchanged') row.b = r.baseline_state;
  if (r.suppression) {
    row.x = r.suppression.reason;
    if (r.suppression.expires) row.xe = r.suppression.expires;
  }
  if (r.detail) row.d = r.detail;
  if (!r.file) row.f = '';
  else if (r.file !== `${r.resource_type}/${r.resource_id}.json`) row.f = r.file;
  if (r.zone_id) row.z = r.zone_id;
  return Object.assign(row, links);
}

export function findingEvidence(r: Result): FindingEvidence {
  return r.evidence.length > 0 ? r.evidence.map((e) => ({ path: e.path, value: e.value ?? null })) : 0;
}
