/**
 * The emulator in its own process, so that the server's CPU time (serialising pages, the latency timers)
 * is not charged to the client being measured: the real API is another machine.
 * Parent → child messages: `{ kind: 'stats' }`, `{ kind: 'reset' }`, `{ kind: 'close' }`.
 * Child → parent: `{ kind: 'ready', url, accountId }`, `{ kind: 'stats', stats }`, `{ kind: 'error', message }`.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateAccount, type GenerateAccountOptions } from '../../src/emulator/generate-account.js';
import { startEmulator, type EmulatorStats } from '../../src/emulator/server.js';
import type { EmulatorFaults } from '../../src/emulator/faults.js';
import { TSX_IMPORT } from './child.js';

export interface EmulatorProcessOptions {
  account: GenerateAccountOptions;
  /** More accounts served after `account` (each needs its own `seed`, which makes its account id). */
  moreAccounts?: GenerateAccountOptions[];
  token: string;
  faults: EmulatorFaults;
}

type ToChild = { kind: 'stats' } | { kind: 'reset' } | { kind: 'close' };
type FromChild =
  | { kind: 'ready'; url: string; accountId: string; accountIds: string[] }
  | { kind: 'stats'; stats: EmulatorStats }
  | { kind: 'error'; message: string };

export interface RemoteEmulator {
  url: string;
  accountId: string;
  /** Every account served, `accountId` first. */
  accountIds: string[];
  stats(): Promise<EmulatorStats>;
  resetStats(): Promise<void>;
  close(): Promise<void>;
}

const SELF = fileURLToPath(import.meta.url);

/** Forks this module as an emulator process serving `generateAccount(options.account)`. */
export async function startEmulatorProcess(options: EmulatorProcessOptions): Promise<RemoteEmulator> {
  const child = fork(SELF, [JSON.stringify(options)], {
    execArgv: ['--import', TSX_IMPORT],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <K extends FromChild['kind']>(kind: K): Promise<Extract<FromChild, { kind: K }>> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: FromChild) => {
        cleanup();
        if (message.kind === 'error') reject(new Error(`emulator process: ${message.message}`));
        else if (message.kind !== kind)
          reject(new Error(`emulator process answered ${message.kind}, expected ${kind}`));
        else resolve(message as Extract<FromChild, { kind: K }>);
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`emulator process exited (code ${code}) before answering ${kind}`));
      };
      const cleanup = () => {
        child.off('message', onMessage);
        child.off('exit', onExit);
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
    });
  const send = (message: ToChild) => child.send(message);
  const ready = await next('ready');
  return {
    url: ready.url,
    accountId: ready.accountId,
    accountIds: ready.accountIds,
    async stats() {
      const answer = next('stats');
      send({ kind: 'stats' });
      return (await answer).stats;
    },
    async resetStats() {
      const answer = next('stats');
      send({ kind: 'reset' });
      await answer;
    },
    close: () => closeChild(child),
  };
}

function closeChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.send({ kind: 'close' } satisfies ToChild);
  });
}

async function serve(options: EmulatorProcessOptions): Promise<void> {
  const emulator = await startEmulator({
    snapshots: [options.account, ...(options.moreAccounts ?? [])].map((account) => generateAccount(account)),
    credentials: { apiTokens: [options.token] },
    faults: options.faults,
  });
  const reply = (message: FromChild) => process.send!(message);
  process.on('message', (message: ToChild) => {
    if (message.kind === 'stats') reply({ kind: 'stats', stats: structuredClone(emulator.stats) });
    else if (message.kind === 'reset') {
      emulator.resetStats();
      reply({ kind: 'stats', stats: structuredClone(emulator.stats) });
    } else if (message.kind === 'close') void emulator.close().then(() => process.exit(0));
  });
  process.on('disconnect', () => void emulator.close().then(() => process.exit(0)));
  reply({ kind: 'ready', url: emulator.url, accountId: emulator.accountId, accountIds: emulator.accountIds });
}

if (process.argv[1] === SELF && process.send) {
  serve(JSON.parse(process.argv[2] ?? '{}') as EmulatorProcessOptions).catch((error: unknown) => {
    process.send!({
      kind: 'error',
      message: error instanceof Error ? error.message : String(error),
    } satisfies FromChild);
    process.exit(1);
  });
}
