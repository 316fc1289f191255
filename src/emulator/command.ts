import { DEMO_ACCOUNT_DIR } from '../paths.js';
import { startEmulator, type EmulatorHandle } from './server.js';
import { randomBytes } from 'node:crypto';

export interface EmulatorCommandOptions {
  /** Port on 127.0.0.1 (default: a free one). */
  port?: number;
  /** Snapshot folder to serve (default: the demo account). */
  snapshotDir?: string;
  /** Several snapshot folders, one account each (served after `snapshotDir` when both are given). */
  snapshotDirs?: string[];
  /** Token to accept (default: a random one, printed once). */
  token?: string;
  /** Where to print the URL and environment (default: stdout). */
  write?: (text: string) => void;
}

/**
 * `cf-access-audit emulator`: serves a snapshot folder and prints the environment a client needs.
 * Resolves once listening; the caller keeps the process alive and calls `close()` on SIGINT.
 */
export async function runEmulatorCommand(options: EmulatorCommandOptions = {}): Promise<EmulatorHandle> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const dirs = [...(options.snapshotDir ? [options.snapshotDir] : []), ...(options.snapshotDirs ?? [])];
  if (dirs.length === 0) dirs.push(DEMO_ACCOUNT_DIR);
  const handle = await startEmulator({
    snapshotDirs: dirs,
    ...(options.port !== undefined ? { port: options.port } : {}),
    credentials: { apiTokens: [token] },
  }).catch((error: unknown) => {
    throw listenError(error, options.port);
  });
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  write(
    [
      ...(dirs.length === 1
        ? [`Emulator serving ${dirs[0]}`]
        : ['Emulator serving several accounts:', ...dirs.map((dir, i) => `  ${handle.accountIds[i]}  ${dir}`)]),
      `  base URL: ${handle.url}`,
      '',
      'Point a client at it with:',
      `  export CLOUDFLARE_BASE_URL=${handle.url}`,
      `  export CLOUDFLARE_API_TOKEN=${token}`,
      `  export CLOUDFLARE_ACCOUNT_ID=${handle.accountId}`,
      ...(dirs.length === 1
        ? []
        : [`(scan them all with ${handle.accountIds.map((id) => `--account ${id}`).join(' ')})`]),
      '',
    ].join('\n'),
  );
  return handle;
}

/**
 * A port that cannot be listened on, as the system error it is (`code`, `syscall: 'listen'`, `port`), so
 * the CLI reports it as a one-line user error instead of an internal error.
 */
function listenError(error: unknown, port: number | undefined): unknown {
  const e = error as NodeJS.ErrnoException;
  const inUse = e?.code === 'EADDRINUSE' || /already in use/.test(String(e?.message));
  if (port === undefined || !(inUse || e?.code === 'EACCES' || e?.code === 'EADDRNOTAVAIL')) return error;
  const code = inUse ? 'EADDRINUSE' : e.code!;
  const details = { code, syscall: 'listen', port, address: '127.0.0.1' };
  return Object.assign(new Error(`listen ${code}: 127.0.0.1:${port}`), details);
}
