import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { credentialsFromEnv, type Credentials } from '../../client/credentials.js';
import { commandHelp, parseCommandArgs, stringValue } from '../args.js';
import { SCAN_SPEC } from '../command-specs.js';
import { loadConfig } from '../config/load-config.js';
import { requireAccounts, resolveRunOptions, type RunOptions } from '../config/resolve-options.js';
import { EXIT_OK } from '../errors.js';
import { collectAccounts, scanSnapshotDir } from '../pipeline/collect-accounts.js';
import { evaluateSnapshots, prepareEvaluation } from '../pipeline/evaluate-accounts.js';
import { finishRun } from '../pipeline/finish.js';
import { withAccountSpill } from '../pipeline/account-spill.js';
import { checkOutputFolder } from '../pipeline/output-folder.js';
import { snapshotDirsBelowRoot } from '../pipeline/sarif-options.js';
import { secretsOf } from '../scrub.js';
import type { FailedAccount } from '../../renderers/types.js';
import type { ProgressReporter } from '../progress.js';
import type { CliIo } from '../io.js';
import { reporterFor } from './shared.js';
import { filterFromFlags } from '../filter-options.js';
import { stdoutTarget, type StdoutTarget } from '../output-target.js';

/** `cf-access-audit scan`: collect + evaluate + render into --out. */
export async function scanCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(SCAN_SPEC, argv);
  if (values.help) {
    io.stdout.write(commandHelp(SCAN_SPEC));
    return EXIT_OK;
  }
  const progress = reporterFor(SCAN_SPEC, values, io);
  const stdout = stdoutTarget(SCAN_SPEC, values, io);
  const options: RunOptions = {
    ...resolveRunOptions(values, io.env, await loadConfig(io.cwd, stringValue(values, 'config')), io.cwd),
    filter: filterFromFlags(SCAN_SPEC, values),
  };
  requireAccounts(options, 'scan');
  if (!stdout) return (await runScan(options, credentialsFromEnv(io.env), io, progress)).exitCode;
  // --out -: the snapshot the reports point at lives in a temporary folder, removed when the report is out.
  const outDir = await mkdtemp(path.join(tmpdir(), 'cf-access-audit-'));
  try {
    return (await runScan({ ...options, outDir }, credentialsFromEnv(io.env), io, progress, stdout)).exitCode;
  } finally {
    await rm(outDir, { recursive: true, force: true });
  }
}

export interface ScanOutcome {
  exitCode: number;
  /** Report files written. */
  files: string[];
  snapshotDirs: string[];
}

/** The scan pipeline with explicit credentials (`demo` passes its own, never the user's environment). */
export async function runScan(
  options: RunOptions,
  credentials: Credentials,
  io: CliIo,
  progress: ProgressReporter,
  stdout?: StdoutTarget,
): Promise<ScanOutcome> {
  const setup = await prepareEvaluation(options);
  const now = io.now();
  const targets = options.accounts;
  progress.detail(
    `Scanning ${targets.map((t) => (t.name ? `${t.name} (${t.id})` : t.id)).join(', ')} with ` +
      `${setup.rules.length} rules.`,
  );
  await checkOutputFolder(
    options.outDir,
    targets.map((target) => scanSnapshotDir(options.outDir, targets, target)),
  );
  // Before any request: a snapshot outside --sarif-root is a usage error.
  if (options.sarifRoot) {
    snapshotDirsBelowRoot(
      options.sarifRoot,
      targets.map((t) => scanSnapshotDir(options.outDir, targets, t)),
    );
  }
  const failures: FailedAccount[] = [];
  const snapshots = await collectAccounts({
    targets,
    credentials,
    baseUrl: options.baseUrl,
    concurrency: options.concurrency,
    requestBudget: options.requestBudget,
    timeout: options.timeout,
    timer: io.timer,
    progress,
    snapshotDirFor: (target) => scanSnapshotDir(options.outDir, targets, target),
    now: io.now,
    outDir: options.outDir,
    failures,
  });
  return withAccountSpill(snapshots.length, async (spill) => {
    const input = await evaluateSnapshots(snapshots, setup, options.outDir, now, progress, failures, spill);
    const { exitCode, files } = await finishRun(input, options, progress, io.cwd, secretsOf(credentials), stdout);
    return { exitCode, files, snapshotDirs: snapshots.map((s) => s.dir) };
  });
}
