import type { Credentials } from '../client/credentials.js';
import { escapeControls, hasControls } from '../common/sanitize.js';
import type { CliIo, OutputStream } from './io.js';

const REPLACEMENT = '[REDACTED]';

/** Credential values found in the environment (never printed, never written). */
export function secretsFromEnv(env: Record<string, string | undefined>): string[] {
  return ['CLOUDFLARE_API_TOKEN', 'CLOUDFLARE_API_KEY']
    .map((name) => env[name]?.trim())
    .filter((value): value is string => value !== undefined && value.length >= 4);
}

/** The secret values of explicit credentials (the token, or the global key). */
export function secretsOf(credentials: Credentials): string[] {
  const value = credentials.kind === 'token' ? credentials.token : credentials.key;
  return value.trim().length >= 4 ? [value.trim()] : [];
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#x27;',
  '`': '&#x60;',
  '=': '&#x3D;',
};

/** A secret as it appears verbatim, inside JSON strings, and in escaped HTML. */
function variants(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const html = secret.replace(/[&<>"'`=]/g, (c) => HTML_ESCAPES[c]!);
  return [...new Set([secret, json, html])].sort((a, b) => b.length - a.length);
}

/** THE scrubbing function: every credential value in `text` (raw, JSON- or HTML-escaped) becomes `[REDACTED]`. */
export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of variants(secret)) if (out.includes(form)) out = out.split(form).join(REPLACEMENT);
  }
  return out;
}

/** `scrubText` bound to `secrets`; what the writers apply to every file they write. */
export function scrubberFor(secrets: readonly string[]): (text: string) => string {
  const list = [...new Set(secrets.filter((s) => s.length > 0))];
  return (text) => (list.length === 0 ? text : scrubText(text, list));
}

/** The reporter's own sequences: colours and "clear the live line". Anything else is escaped. */
const OWN_SEQUENCES = /(\u001b\[[0-9;]*m|\r\u001b\[2K)/;

/** Last line of defence for stderr: control characters that are not the reporter's own become visible. */
export function guardTerminal(chunk: string): string {
  if (!hasControls(chunk)) return chunk;
  return chunk
    .split(OWN_SEQUENCES)
    .map((part, i) => (i % 2 === 1 ? part : escapeControls(part)))
    .join('');
}

/**
 * The same io, with every credential value replaced in whatever is written to stdout/stderr, and no
 * foreign terminal control sequence reaching stderr.
 */
export function scrubbingIo(io: CliIo, secrets: readonly string[]): CliIo {
  const wrap = (stream: OutputStream, guard: boolean): OutputStream => ({
    write: (chunk: string) => {
      const text = secrets.length === 0 ? chunk : scrubText(chunk, secrets);
      return stream.write(guard ? guardTerminal(text) : text);
    },
    ...(stream.isTTY === undefined ? {} : { isTTY: stream.isTTY }),
    ...(stream.columns === undefined ? {} : { columns: stream.columns }),
  });
  return { ...io, stdout: secrets.length === 0 ? io.stdout : wrap(io.stdout, false), stderr: wrap(io.stderr, true) };
}
