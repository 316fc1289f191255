import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
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

/** Bytes gathered before a write while streaming: few system calls, little memory. */
const STREAM_BUFFER = 1 << 20;

/**
 * `writeFileAtomic` for content produced in pieces (a large report): the pieces, each passed through
 * `transform`, go to the temporary file as they come, so the whole text is never one string.
 */
export async function writeFileAtomicChunks(
  file: string,
  chunks: Iterable<string>,
  transform: (text: string) => string = (text) => text,
): Promise<void> {
  await (await stageFileChunks(file, chunks, transform)).commit();
}

/** A file written in full beside its target, not yet in place. */
export interface StagedFile {
  /** Moves it over the target (one rename). */
  commit(): Promise<void>;
  /** Removes it, leaving the target as it was. */
  discard(): Promise<void>;
}

/**
 * The first half of `writeFileAtomicChunks`: writes the pieces to a temporary file beside `file` and returns
 * it staged, so that several files can be written in full before any of them replaces its target.
 * On failure nothing is left behind.
 */
export async function stageFileChunks(
  file: string,
  chunks: Iterable<string>,
  transform: (text: string) => string = (text) => text,
): Promise<StagedFile> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `${TEMP_PREFIX}${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}`);
  const discard = async (): Promise<void> => {
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
  };
  try {
    await mkdir(dir, { recursive: true });
    const handle = await open(temp, 'w');
    try {
      let pending: string[] = [];
      let size = 0;
      for (const chunk of chunks) {
        const text = transform(chunk);
        pending.push(text);
        size += text.length;
        if (size < STREAM_BUFFER) continue;
        await handle.writeFile(pending.join(''));
        pending = [];
        size = 0;
      }
      if (pending.length > 0) await handle.writeFile(pending.join(''));
    } finally {
      await handle.close();
    }
  } catch (error) {
    await discard();
    throw withPath(error, file);
  }
  return {
    commit: async () => {
      try {
        await rename(temp, file);
      } catch (error) {
        await discard();
        throw withPath(error, file);
      }
    },
    discard,
  };
}

/** The error with `path` set to `file` when it names none (Node leaves it out for write errors). */
export function withPath(error: unknown, file: string): unknown {
  if (typeof error === 'object' && error !== null && typeof (error as NodeJS.ErrnoException).code === 'string') {
    const e = error as NodeJS.ErrnoException;
    if (e.path === undefined) e.path = file;
  }
  return error;
}
