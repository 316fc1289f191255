import { flag, usageError, type ParsedValues } from '../args.js';
import { ProgressReporter } from '../progress.js';
import { writesToStdout } from '../output-target.js';
import type { CommandSpec } from '../args.js';
import type { CliIo } from '../io.js';

/** The stderr reporter for a command, honouring --quiet, --verbose, --table and NO_COLOR; refuses a useless --out -. */
export function reporterFor(spec: CommandSpec, values: ParsedValues, io: CliIo): ProgressReporter {
  if (flag(values, 'quiet') && flag(values, 'verbose'))
    throw usageError(spec, '--quiet and --verbose cannot be used together.');
  if (writesToStdout(values) && !spec.options.format?.choices?.includes('table')) {
    throw usageError(
      spec,
      `"${spec.name}" writes a folder: --out - (stdout) is for scan, evaluate and merge; ` + 'give --out DIR.',
    );
  }
  return new ProgressReporter({
    stream: io.stderr,
    env: io.env,
    verbosity: flag(values, 'quiet') ? 'quiet' : flag(values, 'verbose') ? 'verbose' : 'normal',
    findingsTable: flag(values, 'table'),
  });
}
