import { SEVERITIES, type Result, type SuppressionReport } from '../engine/types.js';
import { RESOURCE_TYPE_SPECS } from '../catalog/resource-types.js';
import { TOOL_NAME } from '../paths.js';
import { CLASS_LABELS } from '../reach/classes.js';
import { REACH_TYPES, type PublicReach } from '../reach/model.js';
import { coverageProblems } from './coverage.js';
import { exposedOthers } from './exposes-text.js';
import { displayName } from './locations.js';
import { REACH_TYPE_LABELS } from './reach-rows.js';
import { exposureRows } from './reach-counts.js';
import { compareText, countBySeverity, sortResults } from './results.js';
import { statusCounts } from './passing.js';
import { markdownCell, markdownCode } from './text-safety.js';
import type { AccountReport, FailedAccount, ReportInput } from './types.js';

const TOP_FINDINGS = 10;
const MAX_SUPPRESSIONS = 20;

/** Text safe inside a Markdown table cell (see `markdownCell`). */
export function escapeMarkdown(text: string, max = 300): string {
  return markdownCell(text, max);
}

function code(text: string): string {
  return markdownCode(text);
}

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

/** `, exposes application 'X' (`id`) and 2 more`: what a finding opens besides its own resource. */
function exposedSuffix(r: Result, max = 2): string {
  const others = exposedOthers(r);
  if (others.length === 0) return '';
  const named = others
    .slice(0, max)
    .map((e) => `${REACH_TYPE_LABELS[e.type].word} '${escapeMarkdown(e.name, 60)}' (${code(e.id)})`);
  const more = others.length > max ? ` and ${others.length - max} more` : '';
  return ` · exposes ${named.join(', ')}${more}`;
}

function findingRow(r: Result): string[] {
  return [
    r.severity,
    code(r.rule_id),
    `${escapeMarkdown(displayName(r), 80)} (${code(r.resource_id)})${exposedSuffix(r)}`,
    escapeMarkdown(r.message, 240),
  ];
}

/** Who gets in: resources per broadest principal class and type. */
function exposureSection(reach: readonly PublicReach[]): string[] {
  const lines = ['### Exposure', ''];
  const rows = exposureRows(reach);
  if (rows.length === 0) return [...lines, 'No applications, targets, MCP servers or MCP portals.', ''];
  lines.push('Resources by the broadest class of people (or machines) that can get in.', '');
  const header = ['Who gets in', ...REACH_TYPES.map((t) => REACH_TYPE_LABELS[t].many)];
  lines.push(
    ...table(
      header,
      rows.map((row) => [
        `${CLASS_LABELS[row.cls]} (${code(row.cls)})`,
        ...REACH_TYPES.map((t) => String(row.counts[t])),
      ]),
    ),
    '',
  );
  return lines;
}

function accountSection(account: AccountReport, withBaseline: boolean): string[] {
  const results = sortResults(account.results);
  const status = statusCounts(account);
  const failing = results.filter((r) => r.status === 'fail');
  const bySeverity = countBySeverity(failing);
  const suppressed = countBySeverity(results.filter((r) => r.status === 'suppressed'));
  const title = account.accountName
    ? `${escapeMarkdown(account.accountName, 80)} (${code(account.accountId)})`
    : code(account.accountId);
  const lines = [`## Account ${title}`, ''];
  const rows = [
    ['Failing', ...SEVERITIES.map((s) => String(bySeverity[s])), String(failing.length)],
    ['Suppressed', ...SEVERITIES.map((s) => String(suppressed[s])), String(status.suppressed)],
  ];
  const fresh = failing.filter((r) => r.baseline_state === 'new');
  if (withBaseline)
    rows.push([
      'New since baseline',
      ...SEVERITIES.map((s) => String(fresh.filter((r) => r.severity === s).length)),
      String(fresh.length),
    ]);
  lines.push(...table(['', ...SEVERITIES, 'total'], rows), '');
  lines.push(
    `Results: ${status.fail} fail · ${status.pass} pass · ${status.not_applicable} not applicable · ` +
      `${status.unknown} unknown · ${status.error} error · ${status.suppressed} suppressed. ` +
      `Snapshot collected ${account.manifest.collected_at}.`,
    '',
  );
  if (account.reach) lines.push(...exposureSection(account.reach));

  const problems = coverageProblems(account.manifest);
  if (problems.length > 0) {
    lines.push(
      `### ⚠️ Collection incomplete (${problems.length} resource type${problems.length === 1 ? '' : 's'})`,
      '',
    );
    lines.push('Rules on these types report **unknown**, never pass.', '');
    lines.push(
      ...table(
        ['Resource type', 'Status', 'Why', 'Permission to add'],
        problems.map((p) => [
          `${code(p.type)}${p.scope === 'zone' ? ` (zone ${code(p.scopeId)})` : ''}`,
          `${p.status}${p.httpStatus !== undefined ? ` (HTTP ${p.httpStatus})` : ''}`,
          escapeMarkdown(p.message ?? '—', 200),
          escapeMarkdown(p.permission, 100),
        ]),
      ),
      '',
    );
  }
  const errors = results.filter((r) => r.status === 'error');
  if (errors.length > 0) {
    const rules = [...new Set(errors.map((r) => r.rule_id))].sort(compareText);
    lines.push(
      `### ❌ Rule errors`,
      '',
      `${errors.length} result(s) could not be evaluated by ${rules.map(code).join(', ')}.`,
      '',
    );
  }

  if (withBaseline) {
    const fixed = sortResults(account.fixedSinceBaseline ?? []);
    lines.push(`### New since baseline: ${fresh.length} · fixed: ${fixed.length}`, '');
    if (fresh.length > 0) {
      lines.push(...table(['Severity', 'Rule', 'Resource', 'Message'], fresh.slice(0, TOP_FINDINGS).map(findingRow)));
      if (fresh.length > TOP_FINDINGS)
        lines.push('', `…and ${fresh.length - TOP_FINDINGS} more in report.html / findings.json.`);
      lines.push('');
    }
    if (fixed.length > 0) {
      lines.push('Fixed (in the baseline, no longer found):', '');
      lines.push(...table(['Severity', 'Rule', 'Resource', 'Message'], fixed.slice(0, TOP_FINDINGS).map(findingRow)));
      if (fixed.length > TOP_FINDINGS)
        lines.push('', `…and ${fixed.length - TOP_FINDINGS} more in report.html / findings.json.`);
      lines.push('');
    }
  }
  lines.push(...suppressionsSection(account.suppressions));

  lines.push('### Top findings', '');
  if (failing.length === 0) {
    lines.push('No failing findings. ✅', '');
  } else {
    lines.push(...table(['Severity', 'Rule', 'Resource', 'Message'], failing.slice(0, TOP_FINDINGS).map(findingRow)));
    if (failing.length > TOP_FINDINGS)
      lines.push('', `…and ${failing.length - TOP_FINDINGS} more in report.html / findings.json.`);
    lines.push('');
  }
  const perType = new Map<string, number>();
  for (const r of failing)
    perType.set(
      RESOURCE_TYPE_SPECS[r.resource_type].label,
      (perType.get(RESOURCE_TYPE_SPECS[r.resource_type].label) ?? 0) + 1,
    );
  const types = [...perType.entries()].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]));
  if (types.length > 0)
    lines.push(`Affected resource types: ${types.map(([label, n]) => `${label} (${n})`).join(', ')}.`, '');
  return lines;
}

/** Suppression entries that no longer suppress anything: expired ones, and ones that match no finding. */
function suppressionsSection(report: SuppressionReport): string[] {
  const entries = [
    ...report.expired.map((entry) => ({ entry, state: `expired ${escapeMarkdown(entry.expires ?? '', 40)}` })),
    ...report.unmatched.map((entry) => ({ entry, state: 'matches no finding' })),
  ];
  if (entries.length === 0) return [];
  const lines = [
    `### Suppressions to review: ${report.expired.length} expired · ${report.unmatched.length} unmatched`,
    '',
  ];
  lines.push(
    'Expired entries no longer suppress their finding; unmatched ones can be removed if the issue is fixed.',
    '',
  );
  lines.push(
    ...table(
      ['Rule', 'Resource', 'State', 'Reason'],
      entries
        .slice(0, MAX_SUPPRESSIONS)
        .map(({ entry, state }) => [code(entry.rule), code(entry.resource), state, escapeMarkdown(entry.reason, 200)]),
    ),
  );
  if (entries.length > MAX_SUPPRESSIONS)
    lines.push('', `…and ${entries.length - MAX_SUPPRESSIONS} more in findings.json.`);
  return [...lines, ''];
}

const STAGE_WORDS: Record<FailedAccount['stage'], string> = {
  collect: 'collected',
  evaluate: 'evaluated',
  render: 'rendered',
};

/** Accounts the run could not report: named, with the reason, so a missing section is never silent. */
function failedSection(failed: readonly FailedAccount[]): string[] {
  if (failed.length === 0) return [];
  const sorted = [...failed].sort((a, b) => compareText(a.accountId, b.accountId));
  return [
    `## ❌ Accounts not reported (${failed.length})`,
    '',
    'The other accounts are reported in full; scan these again once the cause is fixed.',
    '',
    ...table(
      ['Account', 'Could not be', 'Why'],
      sorted.map((f) => [
        f.accountName ? `${escapeMarkdown(f.accountName, 80)} (${code(f.accountId)})` : code(f.accountId),
        STAGE_WORDS[f.stage],
        escapeMarkdown(f.message, 300),
      ]),
    ),
    '',
  ];
}

/** `summary.md`: short Markdown for `$GITHUB_STEP_SUMMARY` and PR comments. */
export function renderSummaryMarkdown(input: ReportInput): string {
  const lines = [
    `# Cloudflare Access audit`,
    '',
    `${TOOL_NAME} ${escapeMarkdown(input.toolVersion, 40)} · generated ${input.generatedAt} · ` +
      `${input.rules.length} rules` +
      (input.baseline ? ` · baseline ${code(input.baseline.source)}` : ''),
    '',
  ];
  const accounts = [...input.accounts].sort((a, b) => compareText(a.accountId, b.accountId));
  for (const account of accounts) lines.push(...accountSection(account, input.baseline !== undefined));
  lines.push(...failedSection(input.failedAccounts ?? []));
  lines.push('Full details: `report.html` (people), `report.sarif` (code scanning), `findings.json` (scripts).');
  return `${lines.join('\n')}\n`;
}
