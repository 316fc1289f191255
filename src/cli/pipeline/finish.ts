import path from 'node:path';
import type { ReportInput } from '../../renderers/index.js';
import { SEVERITIES } from '../../engine/types.js';
import { coverageWarnings, exitCodeFor, missingTypes } from '../exit-code.js';
import type { RunOptions } from '../config/resolve-options.js';
import type { ProgressReporter } from '../progress.js';
import { EXIT_INCOMPLETE, type ExitCode } from '../errors.js';
import { scrubberFor } from '../scrub.js';
import { boundReportInput } from './bound-report.js';
import { renderReports } from './render-reports.js';

/**
 * Writes the reports (credential values in `secrets` scrubbed), prints coverage problems and the summary
 * line, and decides the exit code: an account that could not be reported makes it 3 (README "Exit codes").
 */
export async function finishRun(
  given: ReportInput,
  options: RunOptions,
  progress: ProgressReporter,
  cwd: string,
  secrets: readonly string[] = [],
): Promise<{ exitCode: ExitCode; files: string[] }> {
  const earlier = new Set((given.failedAccounts ?? []).map((f) => f.accountId));
  const scrub = scrubberFor(secrets);
  const { files, input } = await renderReports(options.outDir, boundReportInput(given), options.formats, scrub);
  progress.close();
  const failedAccounts = input.failedAccounts ?? [];
  for (const failure of failedAccounts.filter((f) => !earlier.has(f.accountId))) {
    progress.warn(`account ${failure.accountId} could not be rendered: ${failure.message}`);
  }
  const missing = input.accounts.flatMap((account) => missingTypes(account.manifest));
  for (const { scope, type, entry } of missing) {
    progress.warn(`${scope}: ${type} was not read (${entry.status}${entry.http_status ? `, HTTP ${entry.http_status}` : ''})` +
      `${entry.permission ? `; grant the token "${entry.permission}"` : ''}${entry.message ? `: ${entry.message}` : ''}`);
  }
  for (const { scope, type, warning } of input.accounts.flatMap((account) => coverageWarnings(account.manifest))) {
    progress.warn(`${scope}: ${type}: ${warning}`);
  }
  const results = input.accounts.flatMap((account) => account.results);
  const judged = exitCodeFor({
    results, failOn: options.failOn, incomplete: missing.length > 0, allowPartial: options.allowPartial,
  });
  const exitCode = failedAccounts.length > 0 ? EXIT_INCOMPLETE : judged;
  progress.summary(summaryLine(input, missing.length, displayPath(options.outDir, cwd), progress));
  return { exitCode, files };
}

function summaryLine(input: ReportInput, missing: number, out: string, progress: ProgressReporter): string {
  const results = input.accounts.flatMap((account) => account.results);
  const fails = results.filter((r) => r.status === 'fail');
  const bySeverity = SEVERITIES.map((severity) => {
    const count = fails.filter((r) => r.severity === severity).length;
    const text = `${count} ${severity}`;
    return count > 0 && (severity === 'critical' || severity === 'high') ? progress.paint('31', text) : text;
  });
  const count = (status: string): number => results.filter((r) => r.status === status).length;
  const failed = input.failedAccounts?.length ?? 0;
  const reported = input.accounts.length === 1 && failed === 0
    ? `account ${input.accounts[0]!.accountId}`
    : `${input.accounts.length} accounts`;
  const accounts = failed > 0 ? `${reported} (${failed} more could not be reported)` : reported;
  const newOnes = input.baseline ? `, ${fails.filter((r) => r.baseline_state === 'new').length} new` : '';
  return `${accounts}: ${fails.length} finding${fails.length === 1 ? '' : 's'} (${bySeverity.join(', ')})${newOnes}, ` +
    `${count('suppressed')} suppressed, ${count('unknown')} unknown, ${count('error')} errors; ` +
    `${missing} resource type${missing === 1 ? '' : 's'} not readable; reports in ${out}`;
}

/** A path relative to the working directory when it is inside it. */
export function displayPath(target: string, cwd: string): string {
  const relative = path.relative(cwd, target);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : target;
}
