import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Prefix of the temporary files `writeFileAtomic` creates; readers skip dot files. */
export const TEMP_PREFIX = '.tmp-';

/**
 * Writes `content` to `file` so that a reader sees either the old file or the complete new one:
 * the bytes go to a temporary file in the same folder, which is then renamed over the target.
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array): Promise<void> {
  const dir = path.dirname(file);
  await mkdir(dir, { recursive: true });
  const temp = path.join(dir, `${TEMP_PREFIX}${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(temp, content);
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
