import { flag, usageError, type ParsedValues } from '../args.js';
import { ProgressReporter } from '../progress.js';
import type { CommandSpec } from '../args.js';
import type { CliIo } from '../io.js';

/** The stderr reporter for a command, honouring --quiet, --verbose and NO_COLOR. */
export function reporterFor(spec: CommandSpec, values: ParsedValues, io: CliIo): ProgressReporter {
  if (flag(values, 'quiet') && flag(values, 'verbose')) throw usageError(spec, '--quiet and --verbose cannot be used together.');
  return new ProgressReporter({
    stream: io.stderr,
    env: io.env,
    verbosity: flag(values, 'quiet') ? 'quiet' : flag(values, 'verbose') ? 'verbose' : 'normal',
  });
}
