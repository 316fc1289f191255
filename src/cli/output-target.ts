/** `--out -`: one format on stdout instead of report files (README "In a terminal"). */
import { listValue, stringValue, usageError, type CommandSpec, type ParsedValues } from './args.js';
import type { OutputStream } from './io.js';

export const STDOUT_FORMATS = ['table', 'json', 'sarif', 'markdown'] as const;
export type StdoutFormat = (typeof STDOUT_FORMATS)[number];

export interface StdoutTarget {
  format: StdoutFormat;
  stream: OutputStream;
  env: Record<string, string | undefined>;
}

/** True for `--out -`. */
export function writesToStdout(values: ParsedValues): boolean {
  return stringValue(values, 'out') === '-';
}

/**
 * Checks `--out` against `--format` and returns where the report goes: undefined for files in the output
 * folder, or the one format for stdout. `table` is for stdout only; stdout takes exactly one format.
 */
export function stdoutTarget(
  spec: CommandSpec,
  values: ParsedValues,
  io: { stdout: OutputStream; env: Record<string, string | undefined> },
): StdoutTarget | undefined {
  const formats = [...new Set(listValue(values, 'format'))];
  if (!writesToStdout(values)) {
    if (formats.includes('table')) {
      throw usageError(
        spec,
        '--format table prints to stdout: add --out - (without it, a terminal shows the ' +
          'table after the reports are written; --table shows it in a log too).',
      );
    }
    return undefined;
  }
  if (formats.length > 1) {
    throw usageError(
      spec,
      `--out - writes one format to stdout; got ${formats.join(', ')}. ` +
        'Pass one --format, or --out DIR for several report files.',
    );
  }
  const format = formats[0] ?? 'table';
  if (!(STDOUT_FORMATS as readonly string[]).includes(format)) {
    throw usageError(
      spec,
      `--format ${format} is a file: use --out DIR for it, or --out - with one of ${STDOUT_FORMATS.join(', ')}.`,
    );
  }
  return { format: format as StdoutFormat, stream: io.stdout, env: io.env };
}
