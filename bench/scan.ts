/**
 * Scan benchmark (issue 12), as users run it: `scan` of the max-size account from the emulator (50 ms per
 * request), `evaluate` of the snapshot it wrote, each with every output format, as processes: wall, CPU, peak
 * RSS, requests and the size of each output. Then scans of 1, 10 and 20 smaller accounts: memory is flat when twice
 * the accounts take no more (one account alone is shown too; its run is over before V8 has grown its heap).
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MAX_SIZE_ACCOUNT, type GenerateAccountOptions } from '../src/emulator/generate-account.js';
import { REPORT_FILES } from '../src/renderers/index.js';
import { REPORT_FORMATS } from '../src/renderers/types.js';
import { BENCH_TOKEN, cliEnv } from './collect.js';
import { runCli } from './lib/cli-process.js';
import { startEmulatorProcess, type RemoteEmulator } from './lib/emulator-process.js';
import { formatBytes, formatRatio, round } from './lib/measure.js';
import { processMetrics, summarize, type ProcessSummary } from './lib/process-metrics.js';
import type { BenchResult, Metric } from './lib/report.js';

export interface ScanBenchOptions {
  latencyMs?: number;
  size?: GenerateAccountOptions;
  /** Accounts of the many-accounts scan (default 20) and their size. */
  accounts?: number;
  accountSize?: GenerateAccountOptions;
}

const MB = 1024 * 1024;
/** Peak RSS of a scan of many accounts may exceed that of half as many by this much and still be "flat". */
const FLAT = 1.1;
const SMALL_ACCOUNT: GenerateAccountOptions = {
  apps: 100,
  reusablePolicies: 100,
  groups: 60,
  targets: 1000,
  mcpServers: 20,
  tunnels: 10,
};

async function run(
  emulator: RemoteEmulator,
  args: string[],
  out: string,
): Promise<ProcessSummary & { files: Record<string, number> }> {
  await emulator.resetStats();
  const result = await runCli([...args, '--out', out, '--quiet'], { env: cliEnv(emulator), okCodes: [0, 1] });
  const files: Record<string, number> = {};
  for (const format of REPORT_FORMATS) {
    files[REPORT_FILES[format]] = await stat(path.join(out, REPORT_FILES[format])).then(
      (s) => s.size,
      () => 0,
    );
  }
  const bytes = Object.values(files).reduce((a, b) => a + b, 0);
  return { ...summarize(result), requests: (await emulator.stats()).total, bytes, files };
}

export async function benchScan(options: ScanBenchOptions = {}): Promise<BenchResult> {
  const latencyMs = options.latencyMs ?? 50;
  const size = { ...MAX_SIZE_ACCOUNT, ...options.size, seed: 'bench' };
  const count = options.accounts ?? 20;
  const small = { ...SMALL_ACCOUNT, ...options.accountSize };
  const work = await mkdtemp(path.join(tmpdir(), 'cfaa-bench-scan-'));
  try {
    const big = await startEmulatorProcess({ account: size, token: BENCH_TOKEN, faults: { latencyMs } });
    let scan;
    let evaluate;
    try {
      scan = await run(big, ['scan', '--account', big.accountId], path.join(work, 'scan'));
      evaluate = await run(big, ['evaluate', path.join(work, 'scan', 'snapshot')], path.join(work, 'evaluate'));
    } finally {
      await big.close();
    }
    const many = await startEmulatorProcess({
      account: { ...small, seed: 'bench-0' },
      moreAccounts: Array.from({ length: count - 1 }, (_, i) => ({ ...small, seed: `bench-${i + 1}` })),
      token: BENCH_TOKEN,
      faults: { latencyMs },
    });
    const half = Math.ceil(count / 2);
    const scanOf = (ids: string[], out: string) =>
      run(many, ['scan', ...ids.flatMap((id) => ['--account', id])], path.join(work, out));
    let one;
    let halfway;
    let all;
    try {
      one = await scanOf([many.accountId], 'one');
      halfway = await scanOf(many.accountIds.slice(0, half), 'half');
      all = await scanOf(many.accountIds, 'all');
    } finally {
      await many.close();
    }
    const growth = all.peakRssBytes / halfway.peakRssBytes;
    const overOne = all.peakRssBytes / one.peakRssBytes;
    const sizes = (label: string, r: typeof scan): Metric[] =>
      Object.entries(r.files).map(([file, bytes]) => ({
        label: `${label}: ${file}`,
        display: formatBytes(bytes),
        value: bytes,
        unit: 'bytes',
      }));
    return {
      name: 'scan',
      title: 'scan and evaluate: max-size account, every output format, as processes',
      setup: [
        `max-size account from the emulator (own process), ${latencyMs} ms per request; every format written`,
        'evaluate: the snapshot the scan wrote, offline',
        `1, ${half} and ${count} accounts of ${small.apps} apps / ${small.targets} targets each, scanned at once`,
        'one run each; CPU time and peak RSS from process.resourceUsage() of the CLI process',
      ],
      metrics: [
        ...processMetrics([scan]).metrics('scan'),
        { label: 'scan: requests', display: String(scan.requests), value: scan.requests },
        ...sizes('scan', scan),
        ...processMetrics([evaluate]).metrics('evaluate'),
        ...processMetrics([one]).metrics('scan, 1 small account'),
        ...processMetrics([halfway]).metrics(`scan, ${half} small accounts`),
        ...processMetrics([all]).metrics(`scan, ${count} small accounts`),
        { label: `peak RSS ${count} accounts / ${half}`, display: formatRatio(growth), value: round(growth, 2) },
        { label: `peak RSS ${count} accounts / 1`, display: formatRatio(overOne), value: round(overOne, 2) },
      ],
      targets: [
        {
          label: 'scan peak RSS < 300 MB',
          target: '< 300.0 MB',
          actual: formatBytes(scan.peakRssBytes),
          met: scan.peakRssBytes < 300 * MB,
        },
        {
          label: 'evaluate peak RSS < 300 MB',
          target: '< 300.0 MB',
          actual: formatBytes(evaluate.peakRssBytes),
          met: evaluate.peakRssBytes < 300 * MB,
        },
        {
          label: `memory flat over ${count} accounts`,
          target: `≤ ${formatRatio(FLAT)} of ${half} accounts`,
          actual: formatRatio(growth),
          met: growth <= FLAT,
        },
      ],
      details: { scan, evaluate, one_account: one, half_accounts: halfway, many_accounts: all },
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
