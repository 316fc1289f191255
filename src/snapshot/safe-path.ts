import { lstat, readlink } from 'node:fs/promises';
import path from 'node:path';
import { LinkedPathError } from './errors.js';

export type PathKind = 'missing' | 'file' | 'dir' | 'other';

/** What is at `file` (without following a link); throws `LinkedPathError` when it is a symbolic link. */
export async function refuseLink(file: string): Promise<PathKind> {
  let stats;
  try {
    stats = await lstat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw error;
  }
  if (stats.isSymbolicLink()) throw new LinkedPathError(file, await readlink(file).catch(() => undefined));
  return stats.isDirectory() ? 'dir' : stats.isFile() ? 'file' : 'other';
}

/**
 * Refuses a symbolic link in any component of `target` below `root` (`root` itself may be one: it is the
 * folder the user chose). `target` must be `root` or inside it.
 */
export async function refuseLinksBelow(root: string, target: string): Promise<void> {
  const relative = path.relative(root, target);
  if (relative === '') return;
  if (relative.startsWith('..') || path.isAbsolute(relative)) throw new Error(`${target} is not inside ${root}`);
  let current = root;
  for (const part of relative.split(path.sep)) {
    current = path.join(current, part);
    if ((await refuseLink(current)) === 'missing') return;
  }
}
