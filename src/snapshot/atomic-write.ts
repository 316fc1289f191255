import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Prefix of the temporary files `writeFileAtomic` creates; readers skip dot files. */
export const TEMP_PREFIX = '.tmp-';

/**
 * Writes `content` to `file` so that a reader sees either the old file or the complete new one:
 * the bytes go to a temporary file in the same folder, which is then renamed over the target.
 * A failure (a full disk: ENOSPC, which names no path) carries `file` as its `path`.
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `${TEMP_PREFIX}${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(temp, content);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw withPath(error, file);
  }
}

/** The error with `path` set to `file` when it names none (Node leaves it out for write errors). */
export function withPath(error: unknown, file: string): unknown {
  if (typeof error === 'object' && error !== null && typeof (error as NodeJS.ErrnoException).code === 'string') {
    const e = error as NodeJS.ErrnoException;
    if (e.path === undefined) e.path = file;
  }
  return error;
}
