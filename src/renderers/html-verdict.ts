/** The first screen of report.html: the worst open severity, what could not be judged, and the worst findings. */
import { SEVERITIES, severityRank, type Severity } from '../common/severity.js';
import type { Result } from '../engine/types.js';
import { compareResults } from './results.js';
import type { AccountReport } from './types.js';

/** The header icon: the worst open severity, else `unknown` when results could not be judged, else `clear`. */
export type VerdictIcon = Severity | 'unknown' | 'clear';

export interface TopFinding {
  severity: Severity;
  severityLabel: string;
  message: string;
  resource: string;
  resourceId: string;
  ruleId: string;
  ruleAnchor: string;
  account: string | null;
}

export interface VerdictView {
  icon: VerdictIcon;
  iconLabel: string;
  headline: string;
  /** Open (failing, not suppressed) findings per severity, most severe first, only those with any. */
  open: { severity: Severity; label: string; count: number }[];
  unknown: number;
  top: TopFinding[];
  more: number;
}

export const SEVERITY_LABELS: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  info: 'Info',
};

/** How many of the worst findings the first screen lists. */
export const TOP_FINDINGS = 5;

const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export function verdictView(
  accounts: readonly AccountReport[],
  ruleAnchor: (ruleId: string) => string,
  ruleTitle: (ruleId: string) => string,
): VerdictView {
  const multi = accounts.length > 1;
  const failing: { r: Result; account: AccountReport }[] = [];
  let unknown = 0;
  for (const account of accounts) {
    for (const r of account.results) {
      if (r.status === 'fail') failing.push({ r, account });
      else if (r.status === 'unknown' || r.status === 'error') unknown += 1;
    }
  }
  failing.sort((a, b) => compareResults(a.r, b.r));
  const open = SEVERITIES.map((s) => ({ severity: s, label: SEVERITY_LABELS[s], count: 0 }));
  for (const { r } of failing) open[severityRank(r.severity)]!.count += 1;
  const worst = open.find((o) => o.count > 0);
  const icon: VerdictIcon = worst ? worst.severity : unknown > 0 ? 'unknown' : 'clear';
  const unjudged = unknown > 0 ? `; ${plural(unknown, 'result')} could not be judged` : '';
  const headline = worst
    ? `${plural(failing.length, 'open finding')}, the worst ${worst.label.toLowerCase()}${unjudged}.`
    : unknown > 0
      ? `No open finding, but ${plural(unknown, 'result')} could not be judged: not compliant until checked.`
      : 'No open finding.';
  const iconLabel = worst
    ? `Worst open finding: ${worst.label.toLowerCase()}`
    : unknown > 0
      ? 'Results unknown'
      : 'No open finding';
  const top = failing.slice(0, TOP_FINDINGS).map(({ r, account }) => ({
    severity: r.severity,
    severityLabel: SEVERITY_LABELS[r.severity],
    message: r.message || ruleTitle(r.rule_id),
    resource: r.resource_name || r.resource_id,
    resourceId: r.resource_id,
    ruleId: r.rule_id,
    ruleAnchor: ruleAnchor(r.rule_id),
    account: multi ? (account.accountName ?? account.accountId) : null,
  }));
  return {
    icon,
    iconLabel,
    headline,
    open: open.filter((o) => o.count > 0),
    unknown,
    top,
    more: failing.length - top.length,
  };
}
