import path from 'node:path';
import type { ReportInput } from '../../renderers/index.js';
import { SEVERITIES } from '../../engine/types.js';
import { coverageWarnings, describeMissingType, exitCodeFor, missingTypes } from '../exit-code.js';
import type { RunOptions } from '../config/resolve-options.js';
import type { ProgressReporter } from '../progress.js';
import { EXIT_INCOMPLETE, type ExitCode } from '../errors.js';
import { scrubberFor } from '../scrub.js';
import { MAX_REPORT_TEXT } from './bound-report.js';
import { tallyRun, total, type RunTally } from '../run-tally.js';
import { renderInMemory, renderReports } from './render-reports.js';
import { findingsTable, TERMINAL_ROWS, verdictLine } from '../findings-table.js';
import type { StdoutTarget } from '../output-target.js';
import { colorFor } from '../progress.js';
import { displayPath } from '../display-path.js';

/**
 * Writes the reports (credential values in `secrets` scrubbed) — or, with `stdout` (`--out -`), one format to
 * stdout and no file — prints coverage problems, the findings table on a terminal, the summary line and the
 * verdict, and decides the exit code: an account that could not be reported makes it 3 (README "Exit codes").
 */
export async function finishRun(
  given: ReportInput,
  options: RunOptions,
  progress: ProgressReporter,
  cwd: string,
  secrets: readonly string[] = [],
  stdout?: StdoutTarget,
): Promise<{ exitCode: ExitCode; files: string[] }> {
  given = {
    ...given,
    ...(options.sarifSuppressed ? { sarifSuppressed: true } : {}),
    ...(options.includePassing ? { includePassing: true } : {}),
  };
  const earlier = new Set((given.failedAccounts ?? []).map((f) => f.accountId));
  const scrub = scrubberFor(secrets);
  const { files, input, contents } = stdout
    ? { files: [], ...renderInMemory(given, stdout.format === 'table' ? [] : [stdout.format]) }
    : { contents: [], ...(await renderReports(options.outDir, given, options.formats, scrub)) };
  progress.close();
  const failedAccounts = input.failedAccounts ?? [];
  for (const failure of failedAccounts.filter((f) => !earlier.has(f.accountId))) {
    progress.warn(`account ${failure.accountId} could not be rendered: ${failure.message}`);
  }
  const missing = input.accounts.flatMap((account) => missingTypes(account.manifest));
  for (const type of missing) progress.warn(describeMissingType(type));
  for (const { scope, type, warning } of input.accounts.flatMap((account) => coverageWarnings(account.manifest))) {
    progress.warn(`${scope}: ${type}: ${warning}`);
  }
  const tableRows = stdout?.format === 'table' ? undefined : progress.findingsTable ? TERMINAL_ROWS : 0;
  const tally = tallyRun(input.accounts, tableRows);
  const judged = exitCodeFor({
    open: tally.open,
    failOn: options.failOn,
    incomplete: missing.length > 0,
    allowPartial: options.allowPartial,
  });
  const exitCode = failedAccounts.length > 0 ? EXIT_INCOMPLETE : judged;
  const verdict = verdictLine(input, tally, {
    exitCode,
    failOn: options.failOn,
    allowPartial: options.allowPartial,
    missing,
  });
  if (stdout?.format === 'table') {
    const columns = stdout.stream.isTTY ? stdout.stream.columns : undefined;
    const color = colorFor(stdout.stream, stdout.env);
    // A pipe gets whole messages (bounded like every report); a terminal gets rows that fit its width.
    const width = columns ? { columns } : { maxMessage: MAX_REPORT_TEXT };
    stdout.stream.write(scrub(`${findingsTable(input, tally, { color, ...width })}${verdict}\n`));
  } else if (stdout) {
    stdout.stream.write(scrub(contents[0]!));
  } else if (progress.findingsTable) {
    const more = files.find((file) => path.basename(file) === 'report.html') ?? files[0];
    progress.block(
      scrub(
        findingsTable(input, tally, {
          limit: TERMINAL_ROWS,
          color: progress.color,
          ...(more ? { morePath: displayPath(more, cwd) } : {}),
          ...(progress.columns ? { columns: progress.columns } : {}),
        }),
      ),
    );
  }
  const where = stdout ? 'report on stdout' : `reports in ${displayPath(options.outDir, cwd)}`;
  progress.summary(summaryLine(input, tally, missing.length, where, progress));
  if (stdout?.format !== 'table') progress.summary(verdict);
  return { exitCode, files };
}

function summaryLine(
  input: ReportInput,
  tally: RunTally,
  missing: number,
  where: string,
  progress: ProgressReporter,
): string {
  const fails = total(tally.open);
  const bySeverity = SEVERITIES.map((severity) => {
    const count = tally.open[severity];
    const text = `${count} ${severity}`;
    return count > 0 && (severity === 'critical' || severity === 'high') ? progress.paint('31', text) : text;
  });
  const failed = input.failedAccounts?.length ?? 0;
  const reported =
    input.accounts.length === 1 && failed === 0
      ? `account ${input.accounts[0]!.accountId}`
      : `${input.accounts.length} accounts`;
  const accounts = failed > 0 ? `${reported} (${failed} more could not be reported)` : reported;
  const newOnes = input.baseline ? `, ${tally.newOpen} new` : '';
  return (
    `${accounts}: ${fails} finding${fails === 1 ? '' : 's'} (${bySeverity.join(', ')})${newOnes}, ` +
    `${tally.statuses.suppressed} suppressed, ${tally.statuses.unknown} unknown, ${tally.statuses.error} errors; ` +
    `${missing} resource type${missing === 1 ? '' : 's'} not readable; ${where}`
  );
}
