import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FILE } from '../../snapshot/layout.js';
import { commandHelp, parseCommandArgs, stringValue } from '../args.js';
import { EVALUATE_SPEC } from '../command-specs.js';
import { loadConfig } from '../config/load-config.js';
import { resolveRunOptions } from '../config/resolve-options.js';
import { EXIT_OK, UserError } from '../errors.js';
import { evaluateSnapshots, prepareEvaluation } from '../pipeline/evaluate-accounts.js';
import { finishRun } from '../pipeline/finish.js';
import { checkOutputFolder } from '../pipeline/output-folder.js';
import { secretsFromEnv } from '../scrub.js';
import { readSnapshotManifest } from '../../snapshot/read.js';
import type { CliIo } from '../io.js';
import { reporterFor } from './shared.js';

/** `cf-access-audit evaluate SNAPSHOT_DIR`: rules + reports from a saved snapshot, no network. */
export async function evaluateCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(EVALUATE_SPEC, argv);
  if (values.help) {
    io.stdout.write(commandHelp(EVALUATE_SPEC));
    return EXIT_OK;
  }
  const progress = reporterFor(EVALUATE_SPEC, values, io);
  const loaded = await loadConfig(io.cwd, stringValue(values, 'config'));
  const options = resolveRunOptions(values, io.env, loaded, io.cwd);
  const dirs = await findSnapshotDirs(path.resolve(io.cwd, positionals[0]!));
  const setup = await prepareEvaluation(options);
  const snapshots = await Promise.all(dirs.map(async (dir) => {
    const manifest = await readSnapshotManifest(dir);
    const name = loaded.config.accounts?.find((a) => a.id === manifest.account_id)?.name;
    return { target: { id: manifest.account_id, ...(name ? { name } : {}) }, dir };
  }));
  progress.info(`Evaluating ${setup.rules.length} rules against ${dirs.length === 1 ? 'one snapshot' : `${dirs.length} snapshots`}.`);
  await checkOutputFolder(options.outDir);
  const input = await evaluateSnapshots(snapshots, setup, options.outDir, io.now(), progress);
  return (await finishRun(input, options, progress, io.cwd, secretsFromEnv(io.env))).exitCode;
}

/**
 * A snapshot folder, or a scan output folder holding `snapshot/` (one account) or `snapshots/<id>/` (several).
 */
export async function findSnapshotDirs(dir: string): Promise<string[]> {
  if (!existsSync(dir)) {
    throw new UserError('input', 'snapshot folder {dir} does not exist.', { dir },
      'Pass a folder written by "cf-access-audit collect --out DIR" or a "scan" output folder.');
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
  throw new UserError('input', '{dir} holds no {manifest}: it is not a snapshot (nor a scan output folder).', { dir, manifest: MANIFEST_FILE },
    'Pass a folder written by "cf-access-audit collect --out DIR", or collect the account again (the manifest is written last).');
}
