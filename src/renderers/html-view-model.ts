import { SEVERITIES, type LoadedRule, type Result, type ResultStatus, type Severity } from '../engine/types.js';
import { TOOL_INFORMATION_URI, TOOL_NAME } from '../paths.js';
import { RESOURCE_TYPES, RESOURCE_TYPE_SPECS, type ResourceType } from '../catalog/resource-types.js';
import { REACH_TYPES } from '../reach/model.js';
import {
  buildAccessMaps,
  classBadge,
  type AccessMapView,
  type ClassBadge,
  type FindingLinks,
  type ReachLink,
} from './access-map.js';
import { anchorFor } from './anchors.js';
import { coverageRows, isIncomplete } from './coverage.js';
import { compareText, countBySeverity, sortResults, type StatusCounts } from './results.js';
import { countedResults, statusCounts } from './passing.js';
import { exposureRows } from './reach-counts.js';
import { REACH_TYPE_LABELS } from './reach-rows.js';
import { ruleFrameworks } from './rule-text.js';
import { STATUS_ORDER } from './severity.js';
import { complianceView, countsByRule, emptyCounts, type FrameworkView, type RuleCounts } from './html-compliance.js';
import { SEVERITY_LABELS, verdictView, type VerdictView } from './html-verdict.js';
import { humanAge, humanDuration, humanTime } from './human-time.js';
import { dashboardLink } from './dashboard-links.js';
import type { AccountReport, FailedAccount, ReportInput } from './types.js';

export const STATUS_LABELS: Record<ResultStatus, string> = {
  fail: 'Fail',
  suppressed: 'Suppressed',
  error: 'Error',
  unknown: 'Unknown',
  pass: 'Pass',
  not_applicable: 'Not applicable',
};
const FAILED_STAGE: Record<FailedAccount['stage'], string> = {
  collect: 'collected',
  evaluate: 'evaluated',
  render: 'rendered',
};

export interface ChartRow {
  label: string;
  count: number;
  cls: string;
  y: number;
  textY: number;
  barWidth: number;
  countX: number;
}
export interface Chart {
  title: string;
  caption: string;
  width: number;
  height: number;
  labelWidth: number;
  rows: ChartRow[];
  empty: boolean;
}

export interface Tile {
  key: string;
  label: string;
  count: number;
  cls: string;
}

export interface CoverageRowView {
  scope: string;
  type: string;
  label: string;
  status: string;
  ok: boolean;
  count: number;
  requests: number;
  /**
   * Could not be read (`forbidden`, `error`): rules on it are unknown. `not_collected` (404, feature absent) is not.
   */
  incomplete: boolean;
  /** CSS modifier: `ok`, `absent` or `bad`. */
  tone: 'ok' | 'absent' | 'bad';
  why: string;
  permission: string;
}

export interface AccountView {
  id: string;
  name: string | null;
  anchor: string;
  baseUrl: string;
  snapshotDir: string;
  /** ISO time, the same for people, how long before the report, and how long collection took. */
  collectedIso: string;
  collectedAt: string;
  collectedAge: string;
  collectionTook: string;
  complete: boolean;
  problemCount: number;
  tiles: Tile[];
  coverage: CoverageRowView[];
  expiredSuppressions: { rule: string; resource: string; reason: string; expires: string }[];
  unmatchedSuppressions: { rule: string; resource: string; reason: string }[];
  baseline: { new: number; unchanged: number; fixed: number } | null;
}

export interface RuleView {
  id: string;
  anchor: string;
  title: string;
  severity: Severity;
  severityLabel: string;
  resource: string;
  resourceLabel: string;
  description: string;
  risk: string;
  remediation: { dashboard: string; api: string; terraform: string | null };
  references: string[];
  frameworks: { label: string; controls: string }[];
  aliases: string;
  deprecated: boolean;
  failing: number;
  counts: RuleCounts;
}

export interface Option {
  value: string;
  label: string;
}

/**
 * One row of the findings table, with short keys to keep 50,000 of them small. Optional keys are omitted when empty.
 */
export interface FindingData {
  /** account index */ a: number;
  /** rule index (into data.rules) */ r: number;
  /** status */ s: ResultStatus;
  /** severity */ v: Severity;
  /** resource type */ t: ResourceType;
  /** resource id */ i: string;
  /** resource name */ n?: string;
  /** message */ m?: string;
  /** evidence */ e?: { path: string; value: unknown }[];
  /** baseline state: new | unchanged | fixed */ b?: 'new' | 'unchanged' | 'fixed';
  /** suppression reason and expiry */ x?: string;
  xe?: string;
  /** detail (unknown / error) */ d?: string;
  /** snapshot file; absent when it is `<type>/<id>.json`, empty when the result has none */ f?: string;
  /** zone id */ z?: string;
  /** access map rows (indices into data.reach): own resource, exposed resources, and their full count */
  o?: number;
  k?: number[];
  kn?: number;
}

export interface ReportData {
  accounts: { id: string; name: string | null }[];
  /** Remediation is not repeated here: the page copies it from the rule reference (one Markdown rendering). */
  rules: { id: string; title: string; anchor: string }[];
  types: Record<string, string>;
  /** Resource type → documented dashboard section (`u` URL, `l` label). */
  dash: Record<string, { u: string; l: string }>;
  severities: string[];
  statuses: string[];
  findings: FindingData[];
  /** Access map rows findings link to. */
  reach: ReachLink[];
}

export interface ExposureRowView {
  cls: ClassBadge;
  counts: number[];
  total: number;
}
/** Resources per broadest class, summed over the accounts with reach (the summary's exposure table). */
export interface ExposureView {
  columns: string[];
  rows: ExposureRowView[];
  total: number;
  target: string;
}

export interface HtmlViewModel {
  title: string;
  toolName: string;
  toolVersion: string;
  toolUri: string;
  generatedAt: string;
  generatedIso: string;
  verdict: VerdictView;
  compliance: FrameworkView[];
  /** Pass and not-applicable results are listed one by one (`--include-passing`); otherwise counted per rule. */
  passingListed: boolean;
  passingCounted: number;
  baseline: { source: string; new: number; unchanged: number; fixed: number } | null;
  multiAccount: boolean;
  accountCount: number;
  ruleCount: number;
  findingCount: number;
  tiles: Tile[];
  charts: Chart[];
  accounts: AccountView[];
  rules: RuleView[];
  exposure: ExposureView | null;
  accessMaps: AccessMapView[];
  /** Accounts the run could not report (collect, evaluate or render failed). */
  failedAccounts: { id: string; name: string | null; stage: string; message: string }[];
  filters: { severities: Option[]; statuses: Option[]; types: Option[]; rules: Option[]; accounts: Option[] };
  data: ReportData;
}

const CHART_WIDTH = 420;
const LABEL_WIDTH = 170;
const ROW_HEIGHT = 24;

export function buildChart(
  title: string,
  caption: string,
  rows: { label: string; count: number; cls: string }[],
): Chart {
  const max = Math.max(0, ...rows.map((r) => r.count));
  const barSpace = CHART_WIDTH - LABEL_WIDTH - 50;
  return {
    title,
    caption,
    width: CHART_WIDTH,
    labelWidth: LABEL_WIDTH - 8,
    height: Math.max(1, rows.length) * ROW_HEIGHT + 4,
    empty: rows.length === 0 || max === 0,
    rows: rows.map((r, i) => {
      const barWidth = max === 0 ? 0 : Math.max(r.count > 0 ? 2 : 0, Math.round((r.count / max) * barSpace));
      return { ...r, y: i * ROW_HEIGHT + 4, textY: i * ROW_HEIGHT + 20, barWidth, countX: LABEL_WIDTH + barWidth + 6 };
    }),
  };
}

export { anchorFor };

function statusTiles(counts: StatusCounts): Tile[] {
  return STATUS_ORDER.map((s) => ({ key: s, label: STATUS_LABELS[s], count: counts[s], cls: `st-${s}` }));
}

function coverageView(account: AccountReport): CoverageRowView[] {
  return coverageRows(account.manifest).map((row) => {
    const ok = row.status === 'ok';
    const parts = ok
      ? []
      : [row.httpStatus !== undefined ? `HTTP ${row.httpStatus}` : '', row.endpoint ?? '', row.message ?? ''].filter(
          Boolean,
        );
    const incomplete = isIncomplete(row.status);
    return {
      scope: row.scope === 'zone' ? `zone ${row.scopeId}` : 'account',
      type: row.type,
      label: row.label,
      status: row.status,
      ok,
      incomplete,
      tone: ok ? 'ok' : incomplete ? 'bad' : 'absent',
      count: row.count,
      requests: row.requests,
      why: parts.join(' · '),
      permission: incomplete ? row.permission : '',
    };
  });
}

function accountView(account: AccountReport, withBaseline: boolean, generatedAt: string): AccountView {
  const coverage = coverageView(account);
  const findings = account.results.filter((r) => r.status === 'fail' || r.status === 'suppressed');
  return {
    id: account.accountId,
    name: account.accountName ?? null,
    anchor: anchorFor('account', account.accountId),
    collectedIso: account.manifest.collected_at,
    collectedAt: humanTime(account.manifest.collected_at),
    collectedAge: humanAge(account.manifest.collected_at, generatedAt),
    collectionTook: humanDuration(account.manifest.requests?.duration_ms ?? Number.NaN),
    baseUrl: account.manifest.base_url,
    snapshotDir: account.snapshotDir,
    complete: !coverage.some((c) => c.incomplete),
    problemCount: coverage.filter((c) => c.incomplete).length,
    tiles: statusTiles(statusCounts(account)),
    coverage,
    expiredSuppressions: account.suppressions.expired.map((s) => ({
      rule: s.rule,
      resource: s.resource,
      reason: s.reason,
      expires: s.expires ? humanTime(s.expires) : '',
    })),
    unmatchedSuppressions: account.suppressions.unmatched.map((s) => ({
      rule: s.rule,
      resource: s.resource,
      reason: s.reason,
    })),
    baseline: withBaseline
      ? {
          new: findings.filter((r) => r.baseline_state === 'new').length,
          unchanged: findings.filter((r) => r.baseline_state === 'unchanged').length,
          fixed: (account.fixedSinceBaseline ?? []).length,
        }
      : null,
  };
}

function ruleView(rule: LoadedRule, counts: RuleCounts): RuleView {
  return {
    id: rule.id,
    anchor: anchorFor('rule', rule.id),
    title: rule.title,
    severity: rule.severity,
    severityLabel: SEVERITY_LABELS[rule.severity],
    resource: rule.resource,
    resourceLabel: RESOURCE_TYPE_SPECS[rule.resource]?.label ?? rule.resource,
    description: rule.description.trim(),
    risk: rule.risk.trim(),
    remediation: {
      dashboard: rule.remediation.dashboard,
      api: rule.remediation.api,
      terraform: rule.remediation.terraform ?? null,
    },
    references: [...rule.references].filter((r) => /^https?:\/\//i.test(r)),
    frameworks: ruleFrameworks(rule).map((f) => ({ label: f.label, controls: f.controls.join(', ') })),
    aliases: (rule.aliases ?? []).join(', '),
    deprecated: rule.deprecated ?? false,
    failing: counts.fail,
    counts,
  };
}

function findingData(r: Result, a: number, ruleIndex: number, fixed: boolean, links: FindingLinks): FindingData {
  const row: FindingData = { a, r: ruleIndex, s: r.status, v: r.severity, t: r.resource_type, i: r.resource_id };
  if (r.resource_name) row.n = r.resource_name;
  else if (r.resource_id === '*') row.n = `All ${RESOURCE_TYPE_SPECS[r.resource_type].label.toLowerCase()}`;
  if (r.message) row.m = r.message;
  if (r.evidence.length > 0) row.e = r.evidence.map((e) => ({ path: e.path, value: e.value ?? null }));
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

function exposureView(accounts: readonly AccountReport[], maps: readonly AccessMapView[]): ExposureView | null {
  const withReach = accounts.filter((a) => a.reach);
  if (withReach.length === 0) return null;
  const rows = exposureRows(
    withReach.flatMap((a) => a.reach ?? []),
    true,
  ).map((row) => ({
    cls: classBadge(row.cls),
    counts: REACH_TYPES.map((t) => row.counts[t]),
    total: row.total,
  }));
  return {
    columns: REACH_TYPES.map((t) => REACH_TYPE_LABELS[t].many),
    rows,
    total: rows.reduce((n, r) => n + r.total, 0),
    target: maps.length === 1 ? maps[0]!.anchor : 'access',
  };
}

/** A result the findings table lists one by one; passes and not-applicable results only with `--include-passing`. */
function listed(r: Result, includePassing: boolean): boolean {
  return includePassing || (r.status !== 'pass' && r.status !== 'not_applicable');
}

function dashLinks(): ReportData['dash'] {
  const out: ReportData['dash'] = {};
  for (const t of RESOURCE_TYPES) {
    const link = dashboardLink(t);
    if (link) out[t] = { u: link.url, l: link.label };
  }
  return out;
}

/** Everything the HTML templates show, precomputed, sorted and counted. Pure. */
export function buildHtmlViewModel(input: ReportInput): HtmlViewModel {
  const accounts = [...input.accounts].sort((a, b) => compareText(a.accountId, b.accountId));
  const withBaseline = input.baseline !== undefined;
  const includePassing = input.includePassing === true;
  const catalog = [...input.rules].sort((a, b) => compareText(a.id, b.id));
  const ruleIndex = new Map(catalog.map((r, i) => [r.id, i]));
  const allResults = accounts.flatMap((a) => a.results);
  const failing = allResults.filter((r) => r.status === 'fail');

  // Results of rules missing from the catalog still show; they get a minimal entry.
  const dataRules: ReportData['rules'] = catalog.map((r) => ({
    id: r.id,
    title: r.title,
    anchor: anchorFor('rule', r.id),
  }));
  const indexOf = (ruleId: string): number => {
    let index = ruleIndex.get(ruleId);
    if (index === undefined) {
      index = dataRules.length;
      ruleIndex.set(ruleId, index);
      dataRules.push({ id: ruleId, title: ruleId, anchor: anchorFor('rule', ruleId) });
    }
    return index;
  };
  const { maps: accessMaps, linker } = buildAccessMaps(accounts);
  const findings: FindingData[] = [];
  let passingCounted = 0;
  const counted = accounts.flatMap((account) => [...countedResults(account)]);
  accounts.forEach((account, a) => {
    for (const r of sortResults(account.results)) {
      if (!listed(r, includePassing)) {
        passingCounted += 1;
        continue;
      }
      findings.push(findingData(r, a, indexOf(r.rule_id), false, linker.linksOf(r, a)));
    }
    for (const r of sortResults(account.fixedSinceBaseline ?? [])) {
      findings.push(findingData(r, a, indexOf(r.rule_id), true, linker.linksOf(r, a)));
    }
  });

  // Charts that tell something the tiles do not: failing findings by severity and by resource type.
  const bySeverity = countBySeverity(failing);
  const severityChart = buildChart(
    'Failing findings by severity',
    'Open findings (status fail) per severity.',
    SEVERITIES.map((s) => ({ label: SEVERITY_LABELS[s], count: bySeverity[s], cls: `sev-${s}` })),
  );
  const typeCounts = new Map<ResourceType, number>();
  for (const r of failing) typeCounts.set(r.resource_type, (typeCounts.get(r.resource_type) ?? 0) + 1);
  const typeChart = buildChart(
    'Failing findings by resource type',
    'Resource types with at least one failing finding.',
    RESOURCE_TYPES.filter((t) => typeCounts.has(t))
      .map((t) => ({ label: RESOURCE_TYPE_SPECS[t].label, count: typeCounts.get(t) ?? 0, cls: 'bar-type' }))
      .sort((x, y) => y.count - x.count || compareText(x.label, y.label)),
  );

  const ruleCounts = countsByRule(allResults, counted);
  passingCounted += counted.reduce((n, c) => n + c.count, 0);
  const rulesById = new Map(catalog.map((r) => [r.id, r]));
  const accountViews = accounts.map((a) => accountView(a, withBaseline, input.generatedAt));
  const presentTypes = new Set([...allResults.map((r) => r.resource_type), ...counted.map((c) => c.resourceType)]);
  const listedStatuses = STATUS_ORDER.filter((s) => includePassing || (s !== 'pass' && s !== 'not_applicable'));
  return {
    title: 'Cloudflare Access audit report',
    toolName: TOOL_NAME,
    toolVersion: input.toolVersion,
    toolUri: TOOL_INFORMATION_URI,
    generatedAt: humanTime(input.generatedAt),
    generatedIso: input.generatedAt,
    verdict: verdictView(
      accounts,
      (id) => anchorFor('rule', id),
      (id) => rulesById.get(id)?.title ?? id,
    ),
    compliance: complianceView(catalog, ruleCounts),
    passingListed: includePassing,
    passingCounted,
    baseline: withBaseline
      ? {
          source: input.baseline!.source,
          new: accountViews.reduce((n, a) => n + (a.baseline?.new ?? 0), 0),
          unchanged: accountViews.reduce((n, a) => n + (a.baseline?.unchanged ?? 0), 0),
          fixed: accountViews.reduce((n, a) => n + (a.baseline?.fixed ?? 0), 0),
        }
      : null,
    multiAccount: accounts.length > 1,
    accountCount: accounts.length,
    ruleCount: catalog.length,
    findingCount: failing.length,
    tiles: statusTiles(statusCounts({ results: allResults, passing: accounts.flatMap((a) => a.passing ?? []) })),
    charts: [severityChart, typeChart],
    accounts: accountViews,
    rules: catalog.map((r) => ruleView(r, ruleCounts.get(r.id) ?? emptyCounts())),
    exposure: exposureView(accounts, accessMaps),
    accessMaps,
    failedAccounts: [...(input.failedAccounts ?? [])]
      .sort((a, b) => compareText(a.accountId, b.accountId))
      .map((f) => ({ id: f.accountId, name: f.accountName ?? null, stage: FAILED_STAGE[f.stage], message: f.message })),
    filters: {
      severities: SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] })),
      statuses: listedStatuses.map((s) => ({ value: s, label: STATUS_LABELS[s] })),
      types: RESOURCE_TYPES.filter((t) => presentTypes.has(t)).map((t) => ({
        value: t,
        label: RESOURCE_TYPE_SPECS[t].label,
      })),
      rules: dataRules.map((r) => ({ value: r.id, label: r.id })),
      accounts: accounts.map((a) => ({
        value: a.accountId,
        label: a.accountName ? `${a.accountName} (${a.accountId})` : a.accountId,
      })),
    },
    data: {
      accounts: accounts.map((a) => ({ id: a.accountId, name: a.accountName ?? null })),
      rules: dataRules,
      types: Object.fromEntries(RESOURCE_TYPES.map((t) => [t, RESOURCE_TYPE_SPECS[t].label])),
      dash: dashLinks(),
      severities: [...SEVERITIES],
      statuses: [...STATUS_ORDER],
      findings,
      reach: linker.table,
    },
  };
}
