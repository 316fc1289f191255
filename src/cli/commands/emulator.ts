import { once } from 'node:events';
import { runEmulatorCommand } from '../../emulator/command.js';
import { commandHelp, listValue, parseCommandArgs, stringValue, usageError } from '../args.js';
import { EMULATOR_SPEC } from '../command-specs.js';
import { EXIT_OK } from '../errors.js';
import type { CliIo } from '../io.js';
import path from 'node:path';

/** `cf-access-audit emulator [--port N] [--snapshot DIR]...`: serves until Ctrl-C (or `io.stop`). */
export async function emulatorCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(EMULATOR_SPEC, argv);
  if (values.help) {
    io.stdout.write(commandHelp(EMULATOR_SPEC));
    return EXIT_OK;
  }
  const portText = stringValue(values, 'port');
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    throw usageError(EMULATOR_SPEC, `--port must be a port number from 0 to 65535; got "${portText}".`);
  }
  const snapshots = listValue(values, 'snapshot');
  const token = stringValue(values, 'token');
  const handle = await runEmulatorCommand({
    ...(port === undefined ? {} : { port }),
    ...(snapshots.length === 0 ? {} : { snapshotDirs: snapshots.map((dir) => path.resolve(io.cwd, dir)) }),
    ...(token === undefined ? {} : { token }),
    write: (text) => void io.stdout.write(text),
  });
  if (!values.quiet) io.stderr.write('Serving; press Ctrl-C to stop.\n');
  await stopRequested(io.stop);
  await handle.close();
  return EXIT_OK;
}

async function stopRequested(stop: AbortSignal | undefined): Promise<void> {
  if (stop) {
    if (!stop.aborted) await once(stop, 'abort');
    return;
  }
  const controller = new AbortController();
  const onSignal = (): void => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  await once(controller.signal, 'abort');
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}
