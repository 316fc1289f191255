/**
 * Operating-system errors the user can fix (a full disk, a read-only or unwritable folder, an output path
 * that is a file, a port in use) as one-line user errors naming the path or port and what to do.
 */
import { UserError } from './errors.js';

type SystemError = NodeJS.ErrnoException & { port?: number; address?: string; dest?: string };

const OUT = 'choose another --out folder';

/** `code` → message template (`{path}`) for file-system errors. */
const FILE_ERRORS: Record<string, string> = {
  ENOSPC: 'no space left on the device holding {path} (ENOSPC): free some space or ' + OUT + '.',
  EDQUOT: 'disk quota exceeded writing {path} (EDQUOT): free some space or ' + OUT + '.',
  EROFS: '{path} is on a read-only file system (EROFS): ' + OUT + ' on a writable disk.',
  EACCES: 'permission denied for {path} (EACCES): fix its permissions or ' + OUT + ' you can write to.',
  EPERM: 'operation not permitted on {path} (EPERM): fix its permissions or ' + OUT + ' you can write to.',
  ENOTDIR: 'part of {path} is a file, not a folder (ENOTDIR): move the file away or ' + OUT + '.',
  EEXIST: '{path} is a file, not a folder (EEXIST): move the file away or ' + OUT + '.',
  EISDIR: '{path} is a folder where a file is needed (EISDIR): move the folder away or ' + OUT + '.',
  ENAMETOOLONG: '{path} is too long for the file system (ENAMETOOLONG): ' + OUT + ' with a shorter path.',
  ELOOP: '{path} runs through a loop of symbolic links (ELOOP): fix the links or ' + OUT + '.',
  EMFILE: 'too many open files while writing {path} (EMFILE): raise the open-file limit (ulimit -n) and run again.',
};

/** `code` → message template (`{port}`) for a server that cannot listen. */
const LISTEN_ERRORS: Record<string, string> = {
  EADDRINUSE:
    'port {port} on 127.0.0.1 is already in use (EADDRINUSE): choose another --port, or --port 0 for a free one.',
  EACCES: 'not allowed to listen on port {port} (EACCES): use a port from 1024 up, or --port 0 for a free one.',
  EADDRNOTAVAIL:
    'cannot listen on 127.0.0.1 port {port} (EADDRNOTAVAIL): check the loopback interface, or use --port 0.',
};

/** The user error for an operating-system error, or undefined when it is not one the user can fix. */
export function systemUserError(error: unknown): UserError | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as SystemError;
  if (typeof e.code !== 'string') return undefined;
  if (e.syscall === 'listen' || (e.code === 'EADDRINUSE' && e.port !== undefined)) {
    const template = LISTEN_ERRORS[e.code];
    return template ? new UserError('input', template, { port: e.port ?? '(unknown)' }) : undefined;
  }
  const template = FILE_ERRORS[e.code];
  if (!template) return undefined;
  const file = e.path ?? e.dest;
  return new UserError('input', template, { path: typeof file === 'string' ? file : 'the output folder' });
}
