import { TOOL_VERSION, TOOL_INFORMATION_URI } from '../paths.js';
import { RuleConfigError, RuleLoadError, formatProblem } from '../engine/errors.js';
import { SnapshotError } from '../snapshot/errors.js';
import { CredentialsError } from '../client/credentials.js';
import { EXIT_OK, EXIT_USAGE, UserError, formatUserError } from './errors.js';
import { didYouMean } from './did-you-mean.js';
import { globalHelp } from './help.js';
import { usageError } from './args.js';
import { COMMAND_NAMES } from './command-specs.js';
import { scrubbingIo, secretsFromEnv } from './scrub.js';
import { systemUserError } from './system-errors.js';
import { terminalText } from '../common/sanitize.js';
import type { CliIo, Command } from './io.js';

type CommandName = (typeof COMMAND_NAMES)[number];

/** Commands load lazily, so `--version` and `--help` stay fast. */
const COMMANDS: Record<CommandName, () => Promise<Command>> = {
  scan: async () => (await import('./commands/scan.js')).scanCommand,
  collect: async () => (await import('./commands/collect.js')).collectCommand,
  evaluate: async () => (await import('./commands/evaluate.js')).evaluateCommand,
  merge: async () => (await import('./commands/merge.js')).mergeCommand,
  reach: async () => (await import('./commands/reach.js')).reachCommand,
  rules: async () => (await import('./commands/rules.js')).rulesCommand,
  demo: async () => (await import('./commands/demo.js')).demoCommand,
  emulator: async () => (await import('./commands/emulator.js')).emulatorCommand,
};

/** Runs one command line and returns its exit code. Never throws, never exits the process. */
export async function run(argv: string[], rawIo: CliIo): Promise<number> {
  const io = scrubbingIo(rawIo, secretsFromEnv(rawIo.env));
  const verbose = argv.includes('--verbose');
  try {
    const [first, ...rest] = argv;
    if (first === undefined) {
      io.stderr.write(globalHelp());
      return EXIT_USAGE;
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      if (first === 'help' && rest[0] !== undefined) return await run([rest[0], '--help'], rawIo);
      io.stdout.write(globalHelp());
      return EXIT_OK;
    }
    if (first === '--version' || first === '-V' || first === '-v') {
      io.stdout.write(`${TOOL_VERSION}\n`);
      return EXIT_OK;
    }
    if (first.startsWith('-')) {
      throw usageError(
        undefined,
        `unknown option "${first}" before the command.` + didYouMean(first, ['--help', '--version']),
      );
    }
    if (!(COMMAND_NAMES as readonly string[]).includes(first)) {
      throw usageError(undefined, `unknown command "${first}".` + didYouMean(first, COMMAND_NAMES));
    }
    const command = await COMMANDS[first as CommandName]();
    return await command(
      rest.map((arg) => (arg === '-h' ? '--help' : arg)),
      io,
    );
  } catch (error) {
    return reportError(error, io, verbose);
  }
}

/** Prints an error the way its kind deserves and returns the exit code. */
export function reportError(error: unknown, rawIo: CliIo, verbose: boolean): number {
  // Error text can carry API answers and resource names: no control character reaches the terminal.
  const io = { ...rawIo, stderr: { write: (chunk: string) => rawIo.stderr.write(terminalText(chunk)) } };
  if (error instanceof UserError) {
    io.stderr.write(formatUserError(error));
    return EXIT_USAGE;
  }
  if (error instanceof RuleLoadError || error instanceof RuleConfigError) {
    const what = error instanceof RuleLoadError ? 'a rule could not be loaded' : 'the rule configuration is invalid';
    io.stderr.write(`error: ${what}:\n${error.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof SnapshotError) {
    io.stderr.write(`error: ${error.message}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof CredentialsError) {
    const hint = error.message.includes('CLOUDFLARE_BASE_URL')
      ? ''
      : '\n  The token needs the read permissions listed in the README ("Scanning a real account").';
    io.stderr.write(`error: ${error.message}${hint}\n`);
    return EXIT_USAGE;
  }
  const system = systemUserError(error);
  if (system) {
    io.stderr.write(formatUserError(system));
    return EXIT_USAGE;
  }
  const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  io.stderr.write(
    `internal error in cf-access-audit ${TOOL_VERSION}: ${detail}\n` +
      `  This is a bug. Please report it at ${TOOL_INFORMATION_URI}/issues with the command you ran` +
      `${verbose ? '' : ' and the output of the same command with --verbose'} (remove account ids you consider ` +
      `private).\n`,
  );
  if (verbose && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return EXIT_USAGE;
}
