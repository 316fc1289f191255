import path from 'node:path';
import { pathBelow } from '../../renderers/locations.js';
import type { ReportInput } from '../../renderers/types.js';
import type { RunOptions } from '../config/resolve-options.js';
import { UserError } from '../errors.js';

/** Each snapshot folder relative to `--sarif-root`; a usage error (exit 2) naming both when one is outside it. */
export function snapshotDirsBelowRoot(root: string, snapshotDirs: readonly string[]): string[] {
  return snapshotDirs.map((snapshot) => {
    const below = pathBelow(root, snapshot);
    if (below !== undefined) return below;
    throw new UserError(
      'usage',
      'the snapshot folder {snapshot} is outside --sarif-root {root}: SARIF file paths are relative to that root.',
      { snapshot, root },
      'Write the snapshot inside the repository (an --out folder below it), or pass the folder that holds it.',
    );
  });
}

/** The report input with the SARIF options: snapshot folders placed below `--sarif-root`, suppressed findings kept. */
export function withSarifOptions(
  input: ReportInput,
  options: Pick<RunOptions, 'outDir' | 'sarifRoot' | 'sarifSuppressed'>,
): ReportInput {
  const { sarifRoot } = options;
  const accounts =
    sarifRoot === undefined
      ? input.accounts
      : input.accounts.map((account) => {
          const [repoSnapshotDir] = snapshotDirsBelowRoot(sarifRoot, [
            path.resolve(options.outDir, account.snapshotDir),
          ]);
          return { ...account, repoSnapshotDir: repoSnapshotDir! };
        });
  return { ...input, accounts, ...(options.sarifSuppressed ? { sarifSuppressed: true } : {}) };
}
