import path from 'node:path';
import { terminalText } from '../../common/sanitize.js';
import { buildSnapshotIndex } from '../../engine/snapshot-index.js';
import { buildReachModel, type ReachInput } from '../../reach/index.js';
import { readSnapshot } from '../../snapshot/read.js';
import { commandHelp, parseCommandArgs, stringValue, usageError } from '../args.js';
import { REACH_SPEC } from '../command-specs.js';
import { EXIT_OK } from '../errors.js';
import type { CliIo } from '../io.js';
import { publicEntry, reachableFor } from '../reach-entries.js';
import { resolvePrincipal } from '../reach-principal.js';
import { reachText } from '../reach-text.js';
import { findSnapshotDirs } from './evaluate.js';

/** `cf-access-audit reach SNAPSHOT_DIR --as EMAIL …`: what one principal gets into (offline what-if). */
export async function reachCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommandArgs(REACH_SPEC, argv);
  if (values.help) {
    io.stdout.write(commandHelp(REACH_SPEC));
    return EXIT_OK;
  }
  const dirs = await findSnapshotDirs(path.resolve(io.cwd, positionals[0]!));
  if (dirs.length > 1) {
    const list = dirs.join(', ');
    throw usageError(REACH_SPEC, `${positionals[0]} holds ${dirs.length} snapshots; pass one of them (${list}).`);
  }
  const snapshot = await readSnapshot(dirs[0]!);
  const index = buildSnapshotIndex(snapshot);
  const principal = resolvePrincipal(values, index.data);
  const model = buildReachModel(index.data as unknown as ReachInput, new Date(snapshot.manifest.collected_at));
  const entries = reachableFor(model, principal);
  if (stringValue(values, 'format') === 'json') {
    io.stdout.write(`${JSON.stringify({ principal, reachable: entries.map(publicEntry) }, null, 2)}\n`);
  } else {
    io.stdout.write(terminalText(reachText(principal, entries, index.data)));
  }
  return EXIT_OK;
}
