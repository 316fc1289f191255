import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FILE } from '../../snapshot/layout.js';
import { commandHelp, parseCommandArgs, stringValue, type CommandSpec, type ParsedValues } from '../args.js';
import { EVALUATE_SPEC } from '../command-specs.js';
import { loadConfig } from '../config/load-config.js';
import { resolveRunOptions } from '../config/resolve-options.js';
import { EXIT_OK, UserError } from '../errors.js';
import { evaluateSnapshots, prepareEvaluation, type SnapshotToEvaluate } from '../pipeline/evaluate-accounts.js';
import { finishRun } from '../pipeline/finish.js';
import { withAccountSpill } from '../pipeline/account-spill.js';
import { displayPath } from '../display-path.js';
import { checkOutputFolder } from '../pipeline/output-folder.js';
import { secretsFromEnv } from '../scrub.js';
import { readSnapshotManifest } from '../../snapshot/read.js';
import type { CliIo } from '../io.js';
import { reporterFor } from './shared.js';
import { filterFromFlags } from '../filter-options.js';
import { stdoutTarget } from '../output-target.js';

/** `cf-access-audit evaluate SNAPSHOT_DIR`: rules + reports from a saved snapshot, no network. */
export async function evaluateCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(EVALUATE_SPEC, argv);
  if (values.help) {
    io.stdout.write(commandHelp(EVALUATE_SPEC));
    return EXIT_OK;
  }
  return evaluateFolders(EVALUATE_SPEC, values, [positionals[0]!], io, findSnapshotDirs);
}

/**
 * Evaluates the snapshots found in `folders` (each through `findDirs`) together, as one run of several accounts,
 * and writes the reports: `evaluate` with one folder, `merge` with one per account.
 */
export async function evaluateFolders(
  spec: CommandSpec,
  values: ParsedValues,
  folders: string[],
  io: CliIo,
  findDirs: (dir: string) => Promise<string[]>,
): Promise<number> {
  const progress = reporterFor(spec, values, io);
  const stdout = stdoutTarget(spec, values, io);
  const loaded = await loadConfig(io.cwd, stringValue(values, 'config'));
  const resolved = resolveRunOptions(values, io.env, loaded, io.cwd);
  // --out -: no folder is written; snapshot paths in the report are relative to the working directory.
  const options = { ...resolved, filter: filterFromFlags(spec, values), ...(stdout ? { outDir: io.cwd } : {}) };
  const dirs: string[] = [];
  for (const folder of folders) dirs.push(...(await findDirs(path.resolve(io.cwd, folder))));
  const setup = await prepareEvaluation(options);
  const snapshots = await Promise.all(
    dirs.map(async (dir) => {
      const manifest = await readSnapshotManifest(dir);
      const name = loaded.config.accounts?.find((a) => a.id === manifest.account_id)?.name;
      return { target: { id: manifest.account_id, ...(name ? { name } : {}) }, dir };
    }),
  );
  checkDistinctAccounts(snapshots, io.cwd);
  const count = dirs.length === 1 ? 'one snapshot' : `${dirs.length} snapshots`;
  progress.info(`Evaluating ${setup.rules.length} rules against ${count}.`);
  if (!stdout) await checkOutputFolder(options.outDir);
  return withAccountSpill(snapshots.length, async (spill) => {
    const input = await evaluateSnapshots(snapshots, setup, options.outDir, io.now(), progress, [], spill);
    return (await finishRun(input, options, progress, io.cwd, secretsFromEnv(io.env), stdout)).exitCode;
  });
}

/** One snapshot per account: two of the same account would be reported twice under one id. */
function checkDistinctAccounts(snapshots: SnapshotToEvaluate[], cwd: string): void {
  const seen = new Map<string, string>();
  for (const { target, dir } of snapshots) {
    const first = seen.get(target.id);
    if (first !== undefined) {
      throw new UserError(
        'input',
        'account {id} is in two folders: {first} and {second}.',
        {
          id: target.id,
          first: displayPath(first, cwd),
          second: displayPath(dir, cwd),
        },
        'Pass one folder per account (the latest of its scan outputs).',
      );
    }
    seen.set(target.id, dir);
  }
}

/**
 * A snapshot folder, or a scan output folder holding `snapshot/` (one account) or `snapshots/<id>/` (several).
 */
export async function findSnapshotDirs(dir: string): Promise<string[]> {
  if (!existsSync(dir)) {
    throw new UserError(
      'input',
      'snapshot folder {dir} does not exist.',
      { dir },
      'Pass a folder written by "cf-access-audit collect --out DIR" or a "scan" output folder.',
    );
  }
  if (existsSync(path.join(dir, MANIFEST_FILE))) return [dir];
  if (existsSync(path.join(dir, 'snapshot', MANIFEST_FILE))) return [path.join(dir, 'snapshot')];
  const several = path.join(dir, 'snapshots');
  if (existsSync(several)) {
    const entries = (await readdir(several, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory() && existsSync(path.join(several, entry.name, MANIFEST_FILE)))
      .map((entry) => path.join(several, entry.name))
      .sort();
    if (entries.length > 0) return entries;
  }
  throw new UserError(
    'input',
    '{dir} holds no {manifest}: it is not a snapshot (nor a scan output folder).',
    { dir, manifest: MANIFEST_FILE },
    'Pass a folder written by "cf-access-audit collect --out DIR", or collect the account again (the manifest is ' +
      'written last).',
  );
}
