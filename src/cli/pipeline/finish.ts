import path from 'node:path';
import { writeReports, type ReportInput } from '../../renderers/index.js';
import { SEVERITIES } from '../../engine/types.js';
import { exitCodeFor, missingTypes } from '../exit-code.js';
import type { RunOptions } from '../config/resolve-options.js';
import type { ProgressReporter } from '../progress.js';
import type { ExitCode } from '../errors.js';

/** Writes the reports, prints coverage problems and the summary line, and decides the exit code. */
export async function finishRun(input: ReportInput, options: RunOptions, progress: ProgressReporter, cwd: string): Promise<{ exitCode: ExitCode; files: string[] }> {
  const files = await writeReports(options.outDir, input, options.formats);
  progress.close();
  const missing = input.accounts.flatMap((account) => missingTypes(account.manifest));
  for (const { scope, type, entry } of missing) {
    progress.warn(`${scope}: ${type} was not read (${entry.status}${entry.http_status ? `, HTTP ${entry.http_status}` : ''})` +
      `${entry.permission ? `; grant the token "${entry.permission}"` : ''}${entry.message ? `: ${entry.message}` : ''}`);
  }
  const results = input.accounts.flatMap((account) => account.results);
  const exitCode = exitCodeFor({ results, failOn: options.failOn, incomplete: missing.length > 0, allowPartial: options.allowPartial });
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
  const accounts = input.accounts.length === 1 ? `account ${input.accounts[0]!.accountId}` : `${input.accounts.length} accounts`;
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
