/**
 * Collect benchmark (issue 12), as users run it: `node dist/cli/main.js collect` of the max-size account from
 * the emulator (its own process, a fixed latency per request), and in the same run the baseline, a plain
 * script with the official SDK (bench/lib/sdk-script.mjs): one request after another at the largest page size,
 * each resource written to its own file. Wall, user and system time, peak RSS, requests and bytes written.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateAccount, MAX_SIZE_ACCOUNT, type GenerateAccountOptions } from '../src/emulator/generate-account.js';
import { minimumRequestsFor } from '../src/emulator/minimum-requests.js';
import { RESOURCE_TYPES } from '../src/catalog/resource-types.js';
import { runCli, runMeasured, type ProcessRun } from './lib/cli-process.js';
import { startEmulatorProcess, type RemoteEmulator } from './lib/emulator-process.js';
import { folderBytes, processMetrics, summarize, type ProcessSummary } from './lib/process-metrics.js';
import { formatCount, formatMs, formatRatio, round } from './lib/measure.js';
import type { BenchResult } from './lib/report.js';

export interface CollectBenchOptions {
  runs?: number;
  latencyMs?: number;
  size?: GenerateAccountOptions;
}

export const BENCH_TOKEN = 'bench-token';
const SDK_SCRIPT = fileURLToPath(new URL('./lib/sdk-script.mjs', import.meta.url));

/** The environment a user's shell gives the CLI: the emulator's URL and token, nothing else of ours. */
export function cliEnv(emulator: RemoteEmulator): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CLOUDFLARE_API_TOKEN: BENCH_TOKEN,
    CLOUDFLARE_BASE_URL: emulator.url,
  };
}

async function measured(
  emulator: RemoteEmulator,
  run: () => Promise<ProcessRun>,
  out: string,
): Promise<ProcessSummary> {
  await rm(out, { recursive: true, force: true });
  await emulator.resetStats();
  const result = await run();
  const stats = await emulator.stats();
  // Requests for resource types; the CLI also verifies the token and reads the account (2 more, every client's).
  const requests = Object.values(stats.byType).reduce((sum, n) => sum + (n ?? 0), 0);
  return { ...summarize(result), requests, totalRequests: stats.total, bytes: await folderBytes(out) };
}

export async function benchCollect(options: CollectBenchOptions = {}): Promise<BenchResult> {
  const runs = options.runs ?? 3;
  const latencyMs = options.latencyMs ?? 50;
  const size = { ...MAX_SIZE_ACCOUNT, ...options.size, seed: 'bench' };
  const account = generateAccount(size);
  const items = RESOURCE_TYPES.reduce((sum, type) => sum + account.resources[type].length, 0);
  const minimum = minimumRequestsFor(account).total;
  const emulator = await startEmulatorProcess({ account: size, token: BENCH_TOKEN, faults: { latencyMs } });
  const work = await mkdtemp(path.join(tmpdir(), 'cfaa-bench-collect-'));
  const ours: ProcessSummary[] = [];
  const sdk: ProcessSummary[] = [];
  try {
    const snapshot = path.join(work, 'snapshot');
    const sdkOut = path.join(work, 'sdk');
    const collect = () =>
      runCli(['collect', '--account', emulator.accountId, '--out', snapshot, '--quiet'], { env: cliEnv(emulator) });
    const script = () => runMeasured(SDK_SCRIPT, [emulator.url, BENCH_TOKEN, emulator.accountId, sdkOut]);
    // Alternate the two so that neither gets a quieter machine; the second collect onwards replaces a snapshot.
    for (let i = 0; i < runs; i++) {
      ours.push(await measured(emulator, collect, snapshot));
      const run = await measured(emulator, script, sdkOut);
      if (run.exitCode !== 0) throw new Error(`collect benchmark: the SDK script failed:\n${run.stderr}`);
      sdk.push(run);
    }
  } finally {
    await emulator.close();
    await rm(work, { recursive: true, force: true });
  }
  const o = processMetrics(ours);
  const s = processMetrics(sdk);
  const ratio = o.wallMs / s.wallMs;
  const requests = Math.max(...ours.map((r) => r.requests));
  return {
    name: 'collect',
    title: 'collect: max-size account from the emulator, as processes',
    setup: [
      `${formatCount(items)} resources, ${latencyMs} ms latency per request; the emulator runs in its own process`,
      'ours: node dist/cli/main.js collect --quiet (includes process start, token check, snapshot write)',
      'SDK: a plain script with cloudflare@7, each type listed at its largest page size, one request after ' +
        'another, each resource written to its own file (bench/lib/sdk-script.mjs)',
      `${runs} runs each, alternating; medians. CPU time and peak RSS from process.resourceUsage() of the process`,
    ],
    metrics: [
      ...o.metrics('collect'),
      ...s.metrics('SDK script'),
      { label: 'requests, ours', display: formatCount(requests), value: requests },
      {
        label: '  with token check and account read',
        display: formatCount(ours[0]!.totalRequests ?? 0),
        value: ours[0]!.totalRequests ?? 0,
      },
      { label: 'requests, minimum', display: formatCount(minimum), value: minimum },
      { label: 'requests, SDK script', display: formatCount(sdk[0]!.requests), value: sdk[0]!.requests },
      { label: 'wall time collect / SDK script', display: formatRatio(ratio), value: round(ratio, 3) },
    ],
    targets: [
      {
        label: 'requests = minimum',
        target: formatCount(minimum),
        actual: formatCount(requests),
        met: requests === minimum,
      },
      {
        label: 'collect wall ≤ ½ SDK script',
        target: `≤ ${formatMs(s.wallMs / 2)}`,
        actual: formatMs(o.wallMs),
        met: ratio <= 0.5,
      },
    ],
    details: { items, minimum, ours, sdk },
  };
}
