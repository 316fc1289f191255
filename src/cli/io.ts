import type { Timer } from '../common/timer.js';

/** Where a command reads its environment and writes its output. `main.ts` binds it to the process; tests capture it. */
export interface OutputStream {
  write(chunk: string): unknown;
  /** True when the stream is an interactive terminal (live progress, colour). */
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string | undefined>;
  /** Working directory: relative paths and the default config file are resolved against it. */
  cwd: string;
  /** Scan clock; fixed in tests so output is byte-identical. */
  now: () => Date;
  /** Stops long-running commands (`emulator`); defaults to SIGINT/SIGTERM. */
  stop?: AbortSignal;
  /** Starts the `--timeout` timer (default: setTimeout); tests fire it when they choose. */
  timer?: Timer;
}

/** The io of the running process. */
export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    now: () => new Date(),
  };
}

/** A command: parses its own arguments, returns its exit code, never exits the process. */
export type Command = (argv: string[], io: CliIo) => Promise<number>;
