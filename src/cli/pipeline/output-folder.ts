import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { withPath } from '../../snapshot/atomic-write.js';
import { planSnapshotFolder } from '../../snapshot/write-plan.js';

/**
 * Checks, before any API request, that `outDir` can be written: creates it, writes and removes a probe
 * file, and refuses a symbolic link where the snapshots in `snapshotDirs` will go. A full disk, a
 * read-only or unwritable folder, or a file in the way fails here, not after a long collection.
 */
export async function checkOutputFolder(outDir: string, snapshotDirs: readonly string[] = []): Promise<void> {
  const probe = path.join(outDir, `.cf-access-audit-write-test-${process.pid}`);
  try {
    await mkdir(outDir, { recursive: true });
    await writeFile(probe, 'cf-access-audit checks that it can write here; delete this file if it stays.\n');
  } catch (error) {
    throw withPath(error, outDir);
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
  }
  for (const dir of snapshotDirs) await planSnapshotFolder(dir, [], outDir);
}
