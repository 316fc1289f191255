/**
 * Runs a command as a user runs it, in its own node process, and measures what the user waits for: wall time
 * from spawn to exit, the process's user and system CPU time and its peak RSS. The numbers come from
 * `process.resourceUsage()` inside the child (preloaded usage-probe.mjs writes them at exit), so they need no
 * extra package and work wherever node runs.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The built CLI (`npm run build`), as installed users run it. */
export const CLI_MAIN = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const PROBE = pathToFileURL(fileURLToPath(new URL('./usage-probe.mjs', import.meta.url))).href;

export interface ProcessRun {
  wallMs: number;
  userMs: number;
  systemMs: number;
  peakRssBytes: number;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export interface RunProcessOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Node flags before the script (e.g. `--import` of tsx for a TypeScript script). */
  nodeFlags?: string[];
}

/** Runs `node [flags] script ...args` with the usage probe preloaded and returns its measurements. */
export async function runMeasured(
  script: string,
  args: readonly string[],
  options: RunProcessOptions = {},
): Promise<ProcessRun> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cfaa-bench-usage-'));
  const usageFile = path.join(dir, 'usage.json');
  try {
    const started = performance.now();
    const { exitCode, stdout, stderr } = await new Promise<{ exitCode: number | null; stdout: string; stderr: string }>(
      (resolve, reject) => {
        const child = spawn(process.execPath, [...(options.nodeFlags ?? []), '--import', PROBE, script, ...args], {
          cwd: options.cwd,
          env: { ...(options.env ?? process.env), CFAA_BENCH_USAGE_FILE: usageFile },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
        child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
        child.on('error', reject);
        child.on('close', (code) =>
          resolve({
            exitCode: code,
            stdout: Buffer.concat(out).toString('utf8'),
            stderr: Buffer.concat(err).toString('utf8'),
          }),
        );
      },
    );
    const wallMs = performance.now() - started;
    const usage = await readFile(usageFile, 'utf8').then(
      (text) => JSON.parse(text) as { maxRssKb: number; userUs: number; systemUs: number },
      () => {
        throw new Error(
          `${path.basename(script)} ${args.join(' ')} exited (code ${exitCode}) without reporting its ` +
            `resource usage:\n${stderr.trim()}`,
        );
      },
    );
    return {
      wallMs,
      userMs: usage.userUs / 1000,
      systemMs: usage.systemUs / 1000,
      peakRssBytes: usage.maxRssKb * 1024,
      exitCode,
      stdout,
      stderr,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs the built CLI (`node dist/cli/main.js ...args`) measured; throws unless it exits with one of `okCodes`. */
export async function runCli(
  args: readonly string[],
  options: RunProcessOptions & { okCodes?: number[] } = {},
): Promise<ProcessRun> {
  const run = await runMeasured(CLI_MAIN, args, options);
  const ok = options.okCodes ?? [0, 1];
  if (run.exitCode === null || !ok.includes(run.exitCode)) {
    throw new Error(
      `cf-access-audit ${args.join(' ')} exited with ${run.exitCode}:\n${run.stderr.trim().slice(-2000)}`,
    );
  }
  return run;
}
