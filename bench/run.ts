/**
 * `npm run bench [-- collect|scan|evaluate|render|reach ...]`: runs the benchmarks (all by default), prints a table per
 * benchmark and writes bench/results/latest.json. Speed targets are checked here, never in unit tests.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../src/snapshot/atomic-write.js';
import { TOOL_VERSION } from '../src/paths.js';
import { formatBenchResult, type BenchResult } from './lib/report.js';

export const BENCHMARKS = ['collect', 'scan', 'evaluate', 'render', 'reach'] as const;
export type BenchmarkName = (typeof BENCHMARKS)[number];

export const RESULTS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results', 'latest.json');

const USAGE = `usage: npm run bench [-- ${BENCHMARKS.join('|')} ...]   (no name: all of them)`;

/** The benchmarks named on the command line, in the canonical order; all of them when none is named. */
export function selectBenchmarks(args: readonly string[]): BenchmarkName[] {
  const unknown = args.filter((a) => !(BENCHMARKS as readonly string[]).includes(a));
  if (unknown.length > 0) throw new Error(`unknown benchmark ${unknown.map((u) => `"${u}"`).join(', ')}; ${USAGE}`);
  return args.length === 0 ? [...BENCHMARKS] : BENCHMARKS.filter((b) => args.includes(b));
}

async function runOne(name: BenchmarkName): Promise<BenchResult> {
  switch (name) {
    case 'collect':
      return (await import('./collect.js')).benchCollect();
    case 'scan':
      return (await import('./scan.js')).benchScan();
    case 'evaluate':
      return (await import('./evaluate.js')).benchEvaluate();
    case 'render':
      return (await import('./render.js')).benchRender();
    case 'reach':
      return (await import('./reach.js')).benchReach();
  }
}

async function main(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  let selected: BenchmarkName[];
  try {
    selected = selectBenchmarks(args);
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  }
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') {
    console.warn(
      'note: run with node --expose-gc (as `npm run bench` does) so that garbage from one measurement is ' +
        'collected before the next.',
    );
  }
  const results: BenchResult[] = [];
  for (const name of selected) {
    console.log(`\nrunning ${name} …`);
    const result = await runOne(name);
    results.push(result);
    console.log(`\n${formatBenchResult(result)}`);
  }
  const missed = results.flatMap((r) => r.targets.filter((t) => !t.met).map((t) => `${r.name}: ${t.label}`));
  const report = {
    generated_at: new Date().toISOString(),
    tool_version: TOOL_VERSION,
    machine: {
      node: process.version,
      platform: `${process.platform} ${process.arch}`,
      cpus: os.cpus().length,
      cpu_model: os.cpus()[0]?.model ?? 'unknown',
      memory_bytes: os.totalmem(),
    },
    benchmarks: Object.fromEntries(results.map((r) => [r.name, r])),
    targets_missed: missed,
  };
  // Running one benchmark keeps the others' last numbers in the file.
  const previous = await readPrevious();
  if (previous && selected.length < BENCHMARKS.length) {
    report.benchmarks = { ...previous.benchmarks, ...report.benchmarks };
    report.targets_missed = Object.values(report.benchmarks).flatMap((r) =>
      r.targets.filter((t) => !t.met).map((t) => `${r.name}: ${t.label}`),
    );
  }
  await writeFileAtomic(RESULTS_FILE, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n${missed.length === 0 ? 'All targets met.' : `Targets missed: ${missed.join('; ')}`}`);
  console.log(`Results written to ${path.relative(process.cwd(), RESULTS_FILE)}`);
  return 0;
}

async function readPrevious(): Promise<{ benchmarks: Record<string, BenchResult> } | null> {
  const { readFile } = await import('node:fs/promises');
  try {
    const parsed = JSON.parse(await readFile(RESULTS_FILE, 'utf8')) as { benchmarks?: Record<string, BenchResult> };
    return parsed.benchmarks ? { benchmarks: parsed.benchmarks } : null;
  } catch {
    return null;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      process.exitCode = 1;
    },
  );
}
