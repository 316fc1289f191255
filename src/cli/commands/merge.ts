import { commandHelp, parseCommandArgs } from '../args.js';
import { MERGE_SPEC } from '../command-specs.js';
import { EXIT_OK, UserError } from '../errors.js';
import type { CliIo } from '../io.js';
import { evaluateFolders, findSnapshotDirs } from './evaluate.js';

const WHAT_TO_PASS =
  "Pass the output folder of each account's scan (it holds snapshot/manifest.json) or its " +
  'snapshot folder; leave out an account whose scan wrote no snapshot (exit code 2).';

/**
 * `cf-access-audit merge DIR...`: one set of reports from per-account outputs (a CI matrix's jobs), by
 * evaluating their snapshots together, so the reports equal those of a scan of every account at once.
 */
export async function mergeCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(MERGE_SPEC, argv);
  if (values.help) {
    io.stdout.write(commandHelp(MERGE_SPEC));
    return EXIT_OK;
  }
  return evaluateFolders(MERGE_SPEC, values, positionals, io, accountSnapshots);
}

async function accountSnapshots(dir: string): Promise<string[]> {
  try {
    return await findSnapshotDirs(dir);
  } catch (error) {
    if (error instanceof UserError) throw new UserError(error.kind, error.template, error.data, WHAT_TO_PASS);
    throw error;
  }
}
