/** The first screen of report.html: the worst open severity, what could not be judged, and the worst findings. */
import { SEVERITIES, severityRank, type Severity } from '../common/severity.js';
import type { Result } from '../engine/types.js';
import { keepWorst } from './results.js';
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

/**
 * The verdict over accounts added one after another: counts, and only the worst TOP_FINDINGS failing results seen
 * so far (ties keep the order the accounts were added in), so it holds no account's results.
 */
export class VerdictTally {
  private readonly open = SEVERITIES.map(() => 0);
  private unknown = 0;
  private worst: { r: Result; account: string }[] = [];

  add(account: AccountReport): void {
    const failing: Result[] = [];
    for (const r of account.results) {
      if (r.status === 'fail') {
        failing.push(r);
        this.open[severityRank(r.severity)]! += 1;
      } else if (r.status === 'unknown' || r.status === 'error') this.unknown += 1;
    }
    const name = account.accountName ?? account.accountId;
    const own = keepWorst([], failing, TOP_FINDINGS, (r) => r).map((r) => ({ r, account: name }));
    this.worst = keepWorst(this.worst, own, TOP_FINDINGS, (w) => w.r);
  }

  /** `multi`: name the account of each worst finding. */
  view(multi: boolean, ruleAnchor: (ruleId: string) => string, ruleTitle: (ruleId: string) => string): VerdictView {
    const unknown = this.unknown;
    const failing = this.open.reduce((n, c) => n + c, 0);
    const open = SEVERITIES.map((s, i) => ({ severity: s, label: SEVERITY_LABELS[s], count: this.open[i]! }));
    const worst = open.find((o) => o.count > 0);
    const icon: VerdictIcon = worst ? worst.severity : unknown > 0 ? 'unknown' : 'clear';
    const unjudged = unknown > 0 ? `; ${plural(unknown, 'result')} could not be judged` : '';
    const headline = worst
      ? `${plural(failing, 'open finding')}, the worst ${worst.label.toLowerCase()}${unjudged}.`
      : unknown > 0
        ? `No open finding, but ${plural(unknown, 'result')} could not be judged: not compliant until checked.`
        : 'No open finding.';
    const iconLabel = worst
      ? `Worst open finding: ${worst.label.toLowerCase()}`
      : unknown > 0
        ? 'Results unknown'
        : 'No open finding';
    const top = this.worst.map(({ r, account }) => ({
      severity: r.severity,
      severityLabel: SEVERITY_LABELS[r.severity],
      message: r.message || ruleTitle(r.rule_id),
      resource: r.resource_name || r.resource_id,
      resourceId: r.resource_id,
      ruleId: r.rule_id,
      ruleAnchor: ruleAnchor(r.rule_id),
      account: multi ? account : null,
    }));
    return {
      icon,
      iconLabel,
      headline,
      open: open.filter((o) => o.count > 0),
      unknown,
      top,
      more: failing - top.length,
    };
  }
}
