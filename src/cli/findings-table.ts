/**
 * The findings table a terminal shows at the end of `scan` / `evaluate` (and `--format table` on stdout):
 * open findings, most severe first, then one verdict line that explains the exit code.
 */
import { escapeControls } from '../common/sanitize.js';
import { SEVERITIES, type Result, type Severity } from '../engine/types.js';
import { displayName } from '../renderers/locations.js';
import type { ReportInput } from '../renderers/types.js';
import { cutText } from '../snapshot/bounds.js';
import type { FailOn } from './command-specs.js';
import { EXIT_FINDINGS, EXIT_INCOMPLETE, type ExitCode } from './errors.js';
import { crossingCounts, type MissingType } from './exit-code.js';
import { total, type RunTally } from './run-tally.js';
import { textTable } from './text-table.js';

/** Rows a terminal shows before "… and N more". */
export const TERMINAL_ROWS = 20;
const MAX_NAME = 40;
const MIN_MESSAGE = 30;
/** Message width when the terminal's width is unknown (a pipe, a CI log). */
const DEFAULT_MESSAGE = 120;

const SEVERITY_COLORS: Record<Severity, string> = { critical: '1;31', high: '31', medium: '33', low: '36', info: '2' };

export interface TableOptions {
  /** Rows shown (undefined: every finding). */
  limit?: number;
  /** The report the rest is in, for "… and N more in <path>". */
  morePath?: string;
  color: boolean;
  /** Terminal width: messages are cut so a row fits. */
  columns?: number;
  /** Longest message when the width is unknown (default 120 characters). */
  maxMessage?: number;
}

export interface VerdictFacts {
  exitCode: ExitCode;
  failOn: FailOn;
  allowPartial: boolean;
  missing: readonly MissingType[];
}

function oneLine(text: string, max: number): string {
  const flat = escapeControls(text.replace(/\s+/g, ' ').trim(), true);
  return flat.length > max ? `${cutText(flat, max - 1)}…` : flat;
}

function paint(color: boolean, code: string, text: string): string {
  return color ? `\u001b[${code}m${text}\u001b[0m` : text;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** `1 critical, 2 high`: the non-zero counts. */
function severityCounts(counts: Readonly<Record<Severity, number>>): string {
  return SEVERITIES.filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
}

/**
 * The open findings as an aligned table (severity coloured when `color`), or a line saying there are none.
 * `tally` holds at least `options.limit` of the worst findings (tallyRun).
 */
export function findingsTable(input: ReportInput, tally: RunTally, options: TableOptions): string {
  const openCount = total(tally.open);
  const lines: string[] = [];
  if (openCount === 0) {
    lines.push('No open findings.');
  } else {
    const shown = options.limit === undefined ? tally.worst : tally.worst.slice(0, options.limit);
    const several = input.accounts.length > 1;
    const baseline = input.baseline !== undefined;
    const lead = (r: Result): string[] => [
      r.severity,
      ...(baseline ? [r.baseline_state === 'new' ? 'new' : ''] : []),
      ...(several ? [r.account_id] : []),
      oneLine(r.rule_id, 80),
      oneLine(displayName(r), MAX_NAME),
    ];
    const header = ['SEVERITY', ...(baseline ? ['STATE'] : []), ...(several ? ['ACCOUNT'] : []), 'RULE', 'RESOURCE'];
    const leads = shown.map(lead);
    const used = header
      .map((_, i) => Math.max(...[header, ...leads].map((row) => row[i]!.length)) + 2)
      .reduce((sum, width) => sum + width, 0);
    const width =
      options.columns === undefined
        ? (options.maxMessage ?? DEFAULT_MESSAGE)
        : Math.max(MIN_MESSAGE, options.columns - used - 1);
    const rows = shown.map((r, i) => [...leads[i]!, oneLine(r.message, width)]);
    const table = textTable([[...header, 'MESSAGE'], ...rows])
      .trimEnd()
      .split('\n');
    lines.push(
      table[0]!,
      ...table.slice(1).map((line, i) => {
        const severity = shown[i]!.severity;
        return paint(options.color, SEVERITY_COLORS[severity], severity) + line.slice(severity.length);
      }),
    );
    if (shown.length < openCount) {
      lines.push(`… and ${openCount - shown.length} more${options.morePath ? ` in ${options.morePath}` : ''}`);
    }
  }
  if (tally.fixed > 0) lines.push(`${plural(tally.fixed, 'finding')} fixed since the baseline.`);
  return `${lines.join('\n')}\n`;
}

/** The last line: why the run exits as it does (the findings that crossed --fail-on, the types not read). */
export function verdictLine(input: ReportInput, tally: RunTally, facts: VerdictFacts): string {
  const crossing = crossingCounts(tally.open, facts.failOn);
  const crossingCount = total(crossing);
  const crossed =
    crossingCount === 0
      ? ''
      : `${plural(crossingCount, 'finding')} at or above --fail-on ${facts.failOn} (${severityCounts(crossing)})`;
  if (facts.exitCode === EXIT_INCOMPLETE) {
    const failed = input.failedAccounts ?? [];
    const why =
      failed.length > 0
        ? `${plural(failed.length, 'account')} could not be reported: ` +
          failed.map((f) => `${f.accountId} (${f.stage})`).join(', ')
        : `${plural(facts.missing.length, 'resource type')} could not be read: ` +
          facts.missing.map((m) => `${m.type} (${m.scope}, ${m.entry.status})`).join(', ');
    return `exit 3: ${oneLine(why, 1000)}${crossed ? `; also ${crossed}` : ''}`;
  }
  if (facts.exitCode === EXIT_FINDINGS) return `exit 1: ${crossed}`;
  const open = total(tally.open);
  const partial =
    facts.missing.length > 0 ? `; ${plural(facts.missing.length, 'resource type')} not read (--allow-partial)` : '';
  if (facts.failOn === 'none') {
    return `exit 0: --fail-on none (${plural(open, 'open finding')})${partial}`;
  }
  const below = open > 0 ? `; ${open} below it (${severityCounts(tally.open)})` : '';
  return `exit 0: no findings at or above ${facts.failOn}${below}${partial}`;
}
