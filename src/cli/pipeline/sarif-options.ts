import { pathBelow } from '../../renderers/locations.js';
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
