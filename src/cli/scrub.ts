import type { CliIo, OutputStream } from './io.js';

/** Credential values found in the environment (never printed, never written). */
export function secretsFromEnv(env: Record<string, string | undefined>): string[] {
  return ['CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_API_KEY']
    .map((name) => env[name]?.trim())
    .filter((value): value is string => value !== undefined && value.length >= 4);
}

export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('[REDACTED]');
  return out;
}

/** The same io, with every credential value replaced in whatever is written to stdout/stderr. */
export function scrubbingIo(io: CliIo, secrets: readonly string[]): CliIo {
  if (secrets.length === 0) return io;
  const wrap = (stream: OutputStream): OutputStream => ({
    write: (chunk: string) => stream.write(scrubText(chunk, secrets)),
    ...(stream.isTTY === undefined ? {} : { isTTY: stream.isTTY }),
    ...(stream.columns === undefined ? {} : { columns: stream.columns }),
  });
  return { ...io, stdout: wrap(io.stdout), stderr: wrap(io.stderr) };
}
