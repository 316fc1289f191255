// The GitHub Action's outputs (action.yml), from a finished scan:
// `node action-outputs.mjs OUT_DIR EXIT_CODE [REQUESTED_ACCOUNTS]` (comma-separated account ids).
// Appends them to the file $GITHUB_OUTPUT names (standard output without it). Plain JavaScript: no build needed.
//
//   accounts                                      account ids scanned, comma-separated (findings.json's, else those
//                                                 requested): a matrix job's outputs say which account they count
//   findings, critical, high, medium, low, info   open findings (status fail, suppressed ones excluded), all accounts
//   unknown                                       results the scan could not judge (status unknown)
//   sarif, html, json, markdown, snapshot         absolute paths of what was written, empty when absent
//   exit-code, exit-reason                        the CLI's exit code and its README meaning
// Counts come from findings.json; they are empty when there is none (a usage error, or `json` left out of the formats).
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
const FILES = { sarif: 'report.sarif', html: 'report.html', json: 'findings.json', markdown: 'summary.md' };

/** README "Exit codes"; anything else (a signal, a crash) means the scan did not complete. */
export function exitReason(code) {
  return { 0: 'ok', 1: 'findings', 2: 'usage' }[code] ?? 'incomplete';
}

/** Open findings by severity and `unknown` results, summed over the accounts of a findings.json. */
export function countFindings(report) {
  const counts = Object.fromEntries([...SEVERITIES, 'unknown'].map((name) => [name, 0]));
  for (const account of report.accounts ?? []) {
    for (const severity of SEVERITIES) counts[severity] += account.counts?.findings_by_severity?.[severity] ?? 0;
    counts.unknown += account.counts?.by_status?.unknown ?? 0;
  }
  return { findings: SEVERITIES.reduce((sum, severity) => sum + counts[severity], 0), ...counts };
}

/** Ids of the accounts of a findings.json: those reported, then those that could not be. */
export function accountIds(report) {
  return [...(report.accounts ?? []), ...(report.failed_accounts ?? [])].map((account) => account.account_id);
}

/** Every output, as strings (empty when unknown or absent). */
export function actionOutputs(outDir, exitCode, requestedAccounts = '') {
  const dir = path.resolve(outDir);
  const present = (file) => (existsSync(path.join(dir, file)) ? path.join(dir, file) : '');
  const outputs = {};
  for (const [name, file] of Object.entries(FILES)) outputs[name] = present(file);
  const report = outputs.json ? JSON.parse(readFileSync(outputs.json, 'utf8')) : null;
  outputs.accounts = report ? accountIds(report).join(',') : requestedAccounts;
  outputs.snapshot = present('snapshot') || present('snapshots'); // one account, or one folder per account
  const counts = report ? countFindings(report) : {};
  for (const name of ['findings', ...SEVERITIES, 'unknown']) outputs[name] = String(counts[name] ?? '');
  outputs['exit-code'] = String(exitCode);
  outputs['exit-reason'] = exitReason(exitCode);
  return outputs;
}

/** `name=value` lines, or the multi-line form when a value holds a line break (GitHub's workflow commands). */
export function formatOutputs(outputs) {
  return Object.entries(outputs)
    .map(([name, value]) => {
      if (!/[\r\n]/.test(value)) return `${name}=${value}\n`;
      let delimiter = 'CF_ACCESS_AUDIT_EOF';
      while (value.includes(delimiter)) delimiter += '_';
      return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
    })
    .join('');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [outDir, code, requested] = process.argv.slice(2);
  if (!outDir || !/^\d+$/.test(code ?? '')) {
    console.error('usage: node action-outputs.mjs OUT_DIR EXIT_CODE [REQUESTED_ACCOUNTS]');
    process.exit(2);
  }
  const text = formatOutputs(actionOutputs(outDir, Number(code), requested));
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, text);
  else process.stdout.write(text);
}
