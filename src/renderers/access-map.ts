/**
 * The HTML access map: per account, one row per application, infrastructure target, MCP server and MCP portal
 * with its broadest class and its ways in (docs/reach.md), and the links from findings to those rows.
 */
import type { ExposedResource, Result } from '../engine/types.js';
import { CLASS_LABELS, broadestOf, classRank, type PrincipalClass } from '../reach/classes.js';
import { REACH_TYPES, type PublicReach, type ReachType, type ReachWay, type ResourceRef } from '../reach/model.js';
import type { DeadPolicy, DeadReason } from '../reach/ways.js';
import { anchorFor, uniqueAnchor } from './anchors.js';
import { exposedOthers } from './exposes-text.js';
import { REACH_TYPE_CODES, REACH_TYPE_LABELS, sortReach } from './reach-rows.js';
import type { AccountReport } from './types.js';

export interface ClassBadge {
  key: PrincipalClass;
  label: string;
  rank: number;
}
export interface LinkView {
  anchor: string | null;
  name: string;
  word: string;
}
export interface WayView {
  decision: string;
  policy: string;
  cls: ClassBadge;
  who: string;
  conditions: string;
  unknown: string;
  idps: string;
  exceptions: boolean;
  through: LinkView | null;
}
/** Ways that come through another row of the map, shown as one line linking to it. */
export interface ViaView {
  link: LinkView;
  ways: string;
  cls: ClassBadge | null;
}
export interface DeadView {
  policy: string;
  decision: string;
  reason: string;
  detail: string;
}
export interface ReachRowView {
  anchor: string;
  type: string;
  typeLabel: string;
  name: string;
  id: string;
  hosts: string;
  cls: ClassBadge;
  via: ViaView[];
  ways: WayView[];
  dead: DeadView[];
  notes: string[];
  /** Summary of the collapsed ways and dead policies; null when there is nothing to expand. */
  details: string | null;
  /** Failing findings on the resource itself. */
  findings: number;
}
export interface CountedOption {
  value: string;
  label: string;
  count: number;
}
export interface AccessMapView {
  accountId: string;
  title: string;
  anchor: string;
  total: number;
  rows: ReachRowView[];
  classes: CountedOption[];
  types: CountedOption[];
}
/** A row a finding links to, as embedded in the report data (`a` absent: not in the map). */
export interface ReachLink {
  a?: string;
  n: string;
  t: string;
}
export interface FindingLinks {
  /** Own resource's row (index into `table`). */ o?: number;
  /** Rows of the other resources it exposes. */ k?: number[];
  /** How many other resources it exposes, when more than `k` lists. */ kn?: number;
}

const DECISION_LABELS: Record<string, string> = {
  allow: 'Allow',
  bypass: 'Bypass',
  non_identity: 'Service Auth',
  deny: 'Block',
};
const DEAD_LABELS: Record<DeadReason, string> = {
  no_include: 'no include rule',
  unknown_decision: 'unknown decision',
  idp_not_allowed: 'identity provider not allowed',
  identity_in_bypass: 'identity in a Bypass',
  unsatisfiable_require: 'require cannot hold',
  exclude_cancels_include: 'exclude cancels include',
  shadowed: 'shadowed',
};
/** Exposed resources a finding links to; the rest are counted. */
const MAX_FINDING_LINKS = 50;

interface RowRef {
  anchor: string;
  name: string;
  type: ReachType;
}
/** The rows of one account's map by type and id (`rowKey`), with their anchors. */
export type RowRefs = ReadonlyMap<string, RowRef>;

const rowKey = (type: string, id: string): string => `${type}\u0000${id}`;
const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

export function classBadge(cls: PrincipalClass): ClassBadge {
  return { key: cls, label: CLASS_LABELS[cls], rank: classRank(cls) };
}

/** The anchor of a row in an account's map (another account's row of the same id gets another one). */
export type AnchorOf = (type: ReachType, id: string) => string;

/** The usual anchor of a row (`reach-app-<id>`, …). */
export const rowAnchor: AnchorOf = (type, id) => anchorFor('reach', `${REACH_TYPE_CODES[type]}-${id}`);

/** Anchors unique across the accounts given to `used` before this one: use it for one account, in report order. */
export function uniqueRowAnchors(used: Set<string>, accountId: string): AnchorOf {
  return (type, id) => uniqueAnchor(used, 'reach', `${REACH_TYPE_CODES[type]}-${id}`, accountId);
}

/** The account's map rows by type and id, with their anchors. */
export function rowRefs(account: Pick<AccountReport, 'reach'>, anchorOf: AnchorOf): RowRefs {
  const refs = new Map<string, RowRef>();
  for (const r of sortReach(account.reach ?? [])) {
    const key = rowKey(r.type, r.id);
    if (refs.has(key)) continue;
    refs.set(key, { anchor: anchorOf(r.type, r.id), name: r.name, type: r.type });
  }
  return refs;
}

/**
 * `anchorOf` that also records, by `rowKey`, the anchors that differ from `rowAnchor`: with them alone
 * (`anchorsWith`), the same anchors can be given again later without holding every row.
 */
export function recordingRenames(anchorOf: AnchorOf, renamed: Map<string, string>): AnchorOf {
  return (type, id) => {
    const anchor = anchorOf(type, id);
    if (anchor !== rowAnchor(type, id)) renamed.set(rowKey(type, id), anchor);
    return anchor;
  };
}

/** The anchors `recordingRenames` saw: `renamed` ones as recorded, the rest `rowAnchor`. */
export function anchorsWith(renamed: ReadonlyMap<string, string>): AnchorOf {
  return (type, id) => renamed.get(rowKey(type, id)) ?? rowAnchor(type, id);
}

class RowBuilder {
  private readonly refs: RowRefs;
  private readonly idpNames: Record<string, string>;

  constructor(refs: RowRefs, idpNames: Record<string, string>) {
    this.refs = refs;
    this.idpNames = idpNames;
  }

  private link(ref: ResourceRef): LinkView {
    const row = this.refs.get(rowKey(ref.type, ref.id));
    return { anchor: row?.anchor ?? null, name: ref.name, word: REACH_TYPE_LABELS[ref.type].word };
  }

  private hasRow(ref: ResourceRef | undefined): ref is ResourceRef {
    return ref !== undefined && this.refs.has(rowKey(ref.type, ref.id));
  }

  private way(w: ReachWay): WayView {
    return {
      decision: DECISION_LABELS[w.decision] ?? w.decision,
      policy: w.policy_name,
      cls: classBadge(w.class),
      who: [...w.identity, ...w.credentials].join(' and '),
      conditions: w.conditions.join(' and '),
      unknown: w.unknown.join(' and '),
      idps: w.idps.map((id) => this.idpNames[id] ?? id).join(', '),
      exceptions: w.has_exceptions,
      through: w.through ? this.link(w.through) : null,
    };
  }

  /** Ways through another row become one line per carrier; the carriers without such ways get a line too. */
  private via(r: PublicReach): { via: ViaView[]; inline: ReachWay[] } {
    const groups = new Map<string, { ref: ResourceRef; ways: ReachWay[] }>();
    for (const c of r.through) groups.set(`${c.type}\u0000${c.id}`, { ref: c, ways: [] });
    const inline: ReachWay[] = [];
    for (const w of r.ways) {
      if (!this.hasRow(w.through)) {
        inline.push(w);
        continue;
      }
      const key = `${w.through.type}\u0000${w.through.id}`;
      const group = groups.get(key) ?? { ref: w.through, ways: [] };
      group.ways.push(w);
      groups.set(key, group);
    }
    const via = [...groups.values()].map(({ ref, ways }) => {
      const cls = ways.length > 0 ? broadestOf(ways.map((w) => w.class)) : undefined;
      return {
        link: this.link(ref),
        ways: ways.length > 0 ? plural(ways.length, 'way in', 'ways in') : '',
        // The row's own badge says it already when this carrier decides the row's class.
        cls: cls !== undefined && cls !== r.broadest ? classBadge(cls) : null,
      };
    });
    return { via, inline };
  }

  private dead(d: DeadPolicy): DeadView {
    return {
      policy: d.policy_name,
      decision: DECISION_LABELS[d.decision] ?? d.decision,
      reason: DEAD_LABELS[d.reason] ?? d.reason,
      detail: d.detail,
    };
  }

  row(r: PublicReach, findings: number): ReachRowView {
    const ref = this.refs.get(rowKey(r.type, r.id))!;
    const { via, inline } = this.via(r);
    const waysText = inline.length > 0 ? plural(inline.length, 'way in', 'ways in') : 'no live way in';
    const deadText = r.dead.length > 0 ? ` · ${plural(r.dead.length, 'dead policy', 'dead policies')}` : '';
    return {
      anchor: ref.anchor,
      type: REACH_TYPE_CODES[r.type],
      typeLabel: REACH_TYPE_LABELS[r.type].one,
      name: r.name,
      id: r.id,
      // A target's hostname is usually its name: no need to say it twice.
      hosts: r.hosts.length === 1 && r.hosts[0] === r.name ? '' : r.hosts.join(' '),
      cls: classBadge(r.broadest),
      via,
      ways: inline.map((w) => this.way(w)),
      dead: r.dead.map((d) => this.dead(d)),
      notes: [...new Set(r.notes)],
      details: inline.length + r.dead.length > 0 ? `${waysText}${deadText}` : null,
      findings,
    };
  }
}

function failingCounts(results: readonly Result[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of results) {
    if (r.status !== 'fail') continue;
    const key = rowKey(r.resource_type, r.resource_id);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export function accessMapAnchor(accountId: string): string {
  return anchorFor('access-map', accountId);
}

/** The access map of an account, whose rows got their anchors from `rowRefs`. */
export function accessMap(account: AccountReport, refs: RowRefs): AccessMapView {
  const reach = sortReach(account.reach ?? []);
  const builder = new RowBuilder(refs, account.idpNames ?? {});
  const failing = failingCounts(account.results);
  const rows = reach.map((r) => builder.row(r, failing.get(rowKey(r.type, r.id)) ?? 0));
  const classes = new Map<PrincipalClass, number>();
  for (const r of reach) classes.set(r.broadest, (classes.get(r.broadest) ?? 0) + 1);
  const types = new Map<ReachType, number>();
  for (const r of reach) types.set(r.type, (types.get(r.type) ?? 0) + 1);
  return {
    accountId: account.accountId,
    title: account.accountName ? `${account.accountName} (${account.accountId})` : account.accountId,
    anchor: accessMapAnchor(account.accountId),
    total: rows.length,
    rows,
    classes: [...classes.entries()]
      .sort((a, b) => classRank(a[0]) - classRank(b[0]))
      .map(([cls, count]) => ({ value: cls, label: CLASS_LABELS[cls], count })),
    types: REACH_TYPES.filter((t) => types.has(t)).map((t) => ({
      value: REACH_TYPE_CODES[t],
      label: REACH_TYPE_LABELS[t].many,
      count: types.get(t)!,
    })),
  };
}

/**
 * Links from findings to map rows, numbered in one table (shared by every account) as findings ask for them.
 * Each account's findings go through their own `account(refs)`, which only adds that account's rows; `take()`
 * hands over the rows added since it was last called, so that the table need not be held whole.
 */
export class FindingLinker {
  private size = 0;
  private added: ReachLink[] = [];

  /** The table's rows added since the last call, in index order. */
  take(): ReachLink[] {
    const added = this.added;
    this.added = [];
    return added;
  }

  /** The links of one account's findings; `refs` are that account's rows. */
  account(refs: RowRefs): (r: Result) => FindingLinks {
    const index = new Map<string, number>();
    const indexOf = (e: ExposedResource): number => {
      const key = rowKey(e.type, e.id);
      let i = index.get(key);
      if (i === undefined) {
        const row = refs.get(key);
        i = this.size++;
        this.added.push({ ...(row ? { a: row.anchor } : {}), n: e.name, t: REACH_TYPE_LABELS[e.type].word });
        index.set(key, i);
      }
      return i;
    };
    return (r) => {
      const out: FindingLinks = {};
      const own = refs.get(rowKey(r.resource_type, r.resource_id));
      if (own) out.o = indexOf({ type: own.type, id: r.resource_id, name: own.name });
      const others = exposedOthers(r);
      if (others.length > 0) {
        out.k = others.slice(0, MAX_FINDING_LINKS).map(indexOf);
        if (others.length > out.k.length) out.kn = others.length;
      }
      return out;
    };
  }
}
