import path from 'node:path';
import { credentialsFromEnv } from '../../client/credentials.js';
import { commandHelp, parseCommandArgs, stringValue, usageError } from '../args.js';
import { COLLECT_SPEC } from '../command-specs.js';
import { loadConfig } from '../config/load-config.js';
import { requireAccounts, resolveRunOptions } from '../config/resolve-options.js';
import { EXIT_INCOMPLETE, EXIT_OK } from '../errors.js';
import { coverageWarnings, describeMissingType, missingTypes } from '../exit-code.js';
import { collectAccounts } from '../pipeline/collect-accounts.js';
import { displayPath } from '../display-path.js';
import { checkOutputFolder } from '../pipeline/output-folder.js';
import type { CliIo } from '../io.js';
import { reporterFor } from './shared.js';

/** `cf-access-audit collect --account ID [--zone ID]... --out DIR`: writes a snapshot, evaluates nothing. */
export async function collectCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(COLLECT_SPEC, argv);
  if (values.help) {
    io.stdout.write(commandHelp(COLLECT_SPEC));
    return EXIT_OK;
  }
  const out = stringValue(values, 'out');
  if (out === undefined) throw usageError(COLLECT_SPEC, '"collect" needs --out DIR (the snapshot folder to write).');
  const progress = reporterFor(COLLECT_SPEC, values, io);
  const options = resolveRunOptions(values, io.env, await loadConfig(io.cwd, stringValue(values, 'config')), io.cwd);
  const targets = requireAccounts(options, 'collect');
  const outDir = path.resolve(io.cwd, out);
  const snapshotDirFor = (target: { id: string }): string =>
    targets.length === 1 ? outDir : path.join(outDir, target.id);
  await checkOutputFolder(outDir, targets.map(snapshotDirFor));
  const snapshots = await collectAccounts({
    targets,
    credentials: credentialsFromEnv(io.env),
    baseUrl: options.baseUrl,
    concurrency: options.concurrency,
    requestBudget: options.requestBudget,
    timeout: options.timeout,
    timer: io.timer,
    progress,
    snapshotDirFor,
    now: io.now,
    outDir,
  });
  progress.close();
  const missing = snapshots.flatMap((s) => missingTypes(s.manifest));
  for (const type of missing) progress.warn(describeMissingType(type));
  for (const { scope, type, warning } of snapshots.flatMap((s) => coverageWarnings(s.manifest))) {
    progress.warn(`${scope}: ${type}: ${warning}`);
  }
  for (const snapshot of snapshots) {
    const items = Object.values(snapshot.manifest.coverage).reduce((sum, entry) => sum + entry.count, 0);
    progress.summary(
      `account ${snapshot.target.id}: ${items} resources, ${snapshot.manifest.requests.total} requests; ` +
        `${missingTypes(snapshot.manifest).length} resource types not readable; snapshot in ` +
        `${displayPath(snapshot.dir, io.cwd)}`,
    );
  }
  return missing.length > 0 && !options.allowPartial ? EXIT_INCOMPLETE : EXIT_OK;
}
