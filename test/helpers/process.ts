import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of a user's shell: no npm lifecycle variables, no Cloudflare credentials. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(npm_|CLOUDFLARE_|NODE_OPTIONS$|VITEST|NO_COLOR$|GITHUB_|INPUT_)/i.test(name)) env[name] = value;
  }
  return { ...env, CI: '1', ...extra };
}

/** Runs a command to completion; a non-zero exit is a result, not an exception. */
export async function run(
  command: string,
  args: string[],
  cwd: string,
  env = cleanEnv(),
  timeout = 120_000,
): Promise<RunResult> {
  try {
    const { stdout, stderr } = await exec(command, args, { cwd, env, timeout, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string; message?: string };
    const stderr = e.stderr || (typeof e.code === 'number' ? '' : String(e.message));
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr };
  }
}
