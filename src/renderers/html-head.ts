/**
 * Everything report.html shows apart from the findings rows, the access maps and the evidence: the verdict, tiles,
 * charts, account cards, filters, compliance and rule reference. Tallied one account at a time, keeping counts and
 * small views only, so that no account's results are held once the next one is added.
 */
import { SEVERITIES, type LoadedRule, type Severity } from '../engine/types.js';
import { TOOL_INFORMATION_URI, TOOL_NAME } from '../paths.js';
import { RESOURCE_TYPES, RESOURCE_TYPE_SPECS, type ResourceType } from '../catalog/resource-types.js';
import { REACH_TYPES } from '../reach/model.js';
import { accessMapAnchor, classBadge, type ClassBadge } from './access-map.js';
import { anchorFor } from './anchors.js';
import { dashboardLink } from './dashboard-links.js';
import { STATUS_LABELS, accountView, statusTiles, type AccountView, type Tile } from './html-account-view.js';
import { buildChart, type Chart } from './html-charts.js';
import { complianceView, countsByRule, emptyCounts, type FrameworkView, type RuleCounts } from './html-compliance.js';
import { isListed, tableResults, type RuleRef, type RuleTable } from './html-findings.js';
import { SEVERITY_LABELS, VerdictTally, type VerdictView } from './html-verdict.js';
import { humanTime } from './human-time.js';
import { countedResults, statusCounts } from './passing.js';
import { countExposure, emptyExposureRows, type ExposureRow } from './reach-counts.js';
import { REACH_TYPE_LABELS } from './reach-rows.js';
import { compareText, countByStatus, countBySeverity } from './results.js';
import { ruleFrameworks } from './rule-text.js';
import { STATUS_ORDER } from './severity.js';
import type { AccountReport, FailedAccount, ReportInput } from './types.js';

const FAILED_STAGE: Record<FailedAccount['stage'], string> = {
  collect: 'collected',
  evaluate: 'evaluated',
  render: 'rendered',
};

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

/** The page script's data apart from the rows (written after it, account by account). */
export interface HeadData {
  accounts: { id: string; name: string | null }[];
  /** Remediation is not repeated here: the page copies it from the rule reference (one Markdown rendering). */
  rules: RuleRef[];
  types: Record<string, string>;
  /** Resource type → documented dashboard section (`u` URL, `l` label). */
  dash: Record<string, { u: string; l: string }>;
  /** In rank order, with the labels the page shows. */
  severities: { value: string; label: string }[];
  statuses: { value: string; label: string }[];
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

export interface HtmlHead {
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
  /** Some account has reach: the page has an access map section. */
  hasAccessMaps: boolean;
  /** Accounts the run could not report (collect, evaluate or render failed). */
  failedAccounts: { id: string; name: string | null; stage: string; message: string }[];
  filters: { severities: Option[]; statuses: Option[]; types: Option[]; rules: Option[]; accounts: Option[] };
  data: HeadData;
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

function dashLinks(): HeadData['dash'] {
  const out: HeadData['dash'] = {};
  for (const t of RESOURCE_TYPES) {
    const link = dashboardLink(t);
    if (link) out[t] = { u: link.url, l: link.label };
  }
  return out;
}

function addCounts<K extends string>(into: Record<K, number>, from: Record<K, number>): void {
  for (const key of Object.keys(from) as K[]) into[key] += from[key];
}

/** The head of the page, from the accounts `add`ed in report order; `rules` gets the rule ids rows will name. */
export class HeadTally {
  private readonly input: ReportInput;
  private readonly catalog: readonly LoadedRule[];
  private readonly ruleTable: RuleTable;
  private readonly includePassing: boolean;
  private readonly statuses = countByStatus([]);
  private readonly failing = countBySeverity([]);
  private readonly failingTypes = new Map<ResourceType, number>();
  private readonly verdict = new VerdictTally();
  private readonly ruleCounts = new Map<string, RuleCounts>();
  private readonly presentTypes = new Set<ResourceType>();
  private readonly views: AccountView[] = [];
  private readonly mapAnchors: string[] = [];
  private exposure: ExposureRow[] | null = null;
  private passingCounted = 0;

  /** `catalog`: the rules sorted by id, as `ruleTable` lists them. */
  constructor(input: ReportInput, catalog: readonly LoadedRule[], ruleTable: RuleTable) {
    this.input = input;
    this.catalog = catalog;
    this.ruleTable = ruleTable;
    this.includePassing = input.includePassing === true;
  }

  add(account: AccountReport): void {
    const counted = [...countedResults(account)];
    const counts = statusCounts(account);
    addCounts(this.statuses, counts);
    for (const r of account.results) {
      this.presentTypes.add(r.resource_type);
      if (!isListed(r, this.includePassing)) this.passingCounted += 1;
      if (r.status !== 'fail') continue;
      this.failing[r.severity] += 1;
      this.failingTypes.set(r.resource_type, (this.failingTypes.get(r.resource_type) ?? 0) + 1);
    }
    for (const c of counted) {
      this.presentTypes.add(c.resourceType);
      this.passingCounted += c.count;
    }
    // Rules missing from the catalog get their index in the order the rows name them.
    for (const { r } of tableResults(account, this.includePassing)) this.ruleTable.indexOf(r.rule_id);
    this.verdict.add(account);
    countsByRule(account.results, counted, this.ruleCounts);
    this.views.push(accountView(account, counts, this.input.baseline !== undefined, this.input.generatedAt));
    if (account.reach) {
      this.exposure ??= emptyExposureRows();
      countExposure(this.exposure, account.reach);
      this.mapAnchors.push(accessMapAnchor(account.accountId));
    }
  }

  head(): HtmlHead {
    const { input, catalog, views } = this;
    const includePassing = this.includePassing;
    const multiAccount = this.views.length > 1;
    const rulesById = new Map(catalog.map((r) => [r.id, r]));
    // Charts that tell something the tiles do not: failing findings by severity and by resource type.
    const severityChart = buildChart(
      'Failing findings by severity',
      'Open findings (status fail) per severity.',
      SEVERITIES.map((s) => ({ label: SEVERITY_LABELS[s], count: this.failing[s], cls: `sev-${s}` })),
    );
    const typeChart = buildChart(
      'Failing findings by resource type',
      'Resource types with at least one failing finding.',
      RESOURCE_TYPES.filter((t) => this.failingTypes.has(t))
        .map((t) => ({ label: RESOURCE_TYPE_SPECS[t].label, count: this.failingTypes.get(t) ?? 0, cls: 'bar-type' }))
        .sort((x, y) => y.count - x.count || compareText(x.label, y.label)),
    );
    const severities = SEVERITIES.map((s) => ({ value: s, label: SEVERITY_LABELS[s] }));
    const statuses = STATUS_ORDER.map((s) => ({ value: s, label: STATUS_LABELS[s] }));
    const listed = (s: { value: string }) => includePassing || (s.value !== 'pass' && s.value !== 'not_applicable');
    const sum = (key: 'new' | 'unchanged' | 'fixed') => views.reduce((n, a) => n + (a.baseline?.[key] ?? 0), 0);
    return {
      title: 'Cloudflare Access audit report',
      toolName: TOOL_NAME,
      toolVersion: input.toolVersion,
      toolUri: TOOL_INFORMATION_URI,
      generatedAt: humanTime(input.generatedAt),
      generatedIso: input.generatedAt,
      verdict: this.verdict.view(
        multiAccount,
        (id) => anchorFor('rule', id),
        (id) => rulesById.get(id)?.title ?? id,
      ),
      compliance: complianceView(catalog, this.ruleCounts),
      passingListed: includePassing,
      passingCounted: this.passingCounted,
      baseline: input.baseline
        ? { source: input.baseline.source, new: sum('new'), unchanged: sum('unchanged'), fixed: sum('fixed') }
        : null,
      multiAccount,
      accountCount: views.length,
      ruleCount: catalog.length,
      findingCount: SEVERITIES.reduce((n, s) => n + this.failing[s], 0),
      tiles: statusTiles(this.statuses),
      charts: [severityChart, typeChart],
      accounts: views,
      rules: catalog.map((r) => ruleView(r, this.ruleCounts.get(r.id) ?? emptyCounts())),
      exposure: this.exposureView(),
      hasAccessMaps: this.mapAnchors.length > 0,
      failedAccounts: [...(input.failedAccounts ?? [])]
        .sort((a, b) => compareText(a.accountId, b.accountId))
        .map((f) => ({
          id: f.accountId,
          name: f.accountName ?? null,
          stage: FAILED_STAGE[f.stage],
          message: f.message,
        })),
      filters: {
        severities,
        statuses: statuses.filter(listed),
        types: RESOURCE_TYPES.filter((t) => this.presentTypes.has(t)).map((t) => ({
          value: t,
          label: RESOURCE_TYPE_SPECS[t].label,
        })),
        rules: this.ruleTable.rules.map((r) => ({ value: r.id, label: r.id })),
        accounts: views.map((a) => ({ value: a.id, label: a.name ? `${a.name} (${a.id})` : a.id })),
      },
      data: {
        accounts: views.map((a) => ({ id: a.id, name: a.name })),
        rules: this.ruleTable.rules,
        types: Object.fromEntries(RESOURCE_TYPES.map((t) => [t, RESOURCE_TYPE_SPECS[t].label])),
        dash: dashLinks(),
        severities,
        statuses,
      },
    };
  }

  private exposureView(): ExposureView | null {
    if (!this.exposure) return null;
    const rows = this.exposure.map((row) => ({
      cls: classBadge(row.cls),
      counts: REACH_TYPES.map((t) => row.counts[t]),
      total: row.total,
    }));
    return {
      columns: REACH_TYPES.map((t) => REACH_TYPE_LABELS[t].many),
      rows,
      total: rows.reduce((n, r) => n + r.total, 0),
      target: this.mapAnchors.length === 1 ? this.mapAnchors[0]! : 'access',
    };
  }
}
