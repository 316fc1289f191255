import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { startEmulator } from '../../emulator/server.js';
import { readSnapshotManifest } from '../../snapshot/read.js';
import { DEMO_ACCOUNT_DIR } from '../../paths.js';
import { commandHelp, parseCommandArgs, stringValue } from '../args.js';
import { DEFAULT_OUT_DIR, DEMO_SPEC, REPORT_FORMATS } from '../command-specs.js';
import { EXIT_OK } from '../errors.js';
import { DEFAULT_TIMEOUT, timeoutMs } from '../duration.js';
import { scrubbingIo } from '../scrub.js';
import type { RunOptions } from '../config/resolve-options.js';
import type { CliIo } from '../io.js';
import { runScan } from './scan.js';
import { reporterFor } from './shared.js';

/**
 * `cf-access-audit demo`: the emulator serves the demo account on a free loopback port with a random
 * throwaway token, and a real scan runs against it over HTTP. Reads no configuration or credentials of
 * the user. Exits 0 once the pipeline ran: the demo account is meant to have findings.
 */
export async function demoCommand(argv: string[], rawIo: CliIo): Promise<number> {
  const { values } = parseCommandArgs(DEMO_SPEC, argv);
  if (values.help) {
    rawIo.stdout.write(commandHelp(DEMO_SPEC));
    return EXIT_OK;
  }
  const token = randomBytes(24).toString('base64url');
  const io = scrubbingIo(rawIo, [token]);
  const progress = reporterFor(DEMO_SPEC, values, io);
  const manifest = await readSnapshotManifest(DEMO_ACCOUNT_DIR);
  const emulator = await startEmulator({ snapshotDir: DEMO_ACCOUNT_DIR, credentials: { apiTokens: [token] } });
  try {
    progress.info(`Demo: emulator serving the demo account at ${emulator.url}`);
    const options: RunOptions = {
      configFile: undefined,
      accounts: [{ id: manifest.account_id, name: 'demo', zones: manifest.zone_ids }],
      outDir: path.resolve(io.cwd, stringValue(values, 'out') ?? DEFAULT_OUT_DIR),
      ruleFolders: [],
      ruleSettings: {},
      suppressionsFile: undefined,
      failOn: 'high',
      allowPartial: true,
      baseline: undefined,
      formats: [...REPORT_FORMATS],
      baseUrl: emulator.url,
      concurrency: undefined,
      requestBudget: undefined,
      timeout: { label: DEFAULT_TIMEOUT, ms: timeoutMs(DEFAULT_TIMEOUT, 'default') },
    };
    const outcome = await runScan(options, { kind: 'token', token }, io, progress);
    io.stdout.write(
      [
        '',
        'Reports:',
        ...outcome.files.map((file) => `  ${file}`),
        `Snapshot:`,
        ...outcome.snapshotDirs.map((dir) => `  ${dir}${path.sep}`),
        '',
      ].join('\n'),
    );
    return EXIT_OK;
  } finally {
    await emulator.close();
  }
}
