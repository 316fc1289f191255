/**
 * Evaluate benchmark (issue 3): the max-size account snapshot, read from disk, with every rule in rules/,
 * by the batched engine (`evaluateSnapshot`) and by the naive loop (`evaluateNaive`) in the same run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateNaive, evaluateSnapshot } from '../src/engine/evaluate.js';
import { loadAllRules } from '../src/engine/load-rules.js';
import type { AccountEvaluation, LoadedRule } from '../src/engine/types.js';
import { generateAccount, MAX_SIZE_ACCOUNT, type GenerateAccountOptions } from '../src/emulator/generate-account.js';
import { readSnapshot } from '../src/snapshot/read.js';
import { RESOURCE_TYPES } from '../src/snapshot/resource-types.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { writeSnapshot } from '../src/snapshot/write.js';
import { runChildJson } from './lib/child.js';
import type { EvaluateProcessResult } from './lib/evaluate-process.js';
import { collectGarbage, formatBytes, formatCount, formatMs, formatRatio, median, round, timed } from './lib/measure.js';
import type { BenchResult } from './lib/report.js';

export interface EvaluateBenchOptions {
  runs?: number;
  size?: GenerateAccountOptions;
  /** Measure peak RSS in child processes (default true). */
  measureMemory?: boolean;
}

/** Fixed scan time, so the results (and the identity check) do not depend on the day. */
export const BENCH_NOW = '2026-01-15T00:00:00.000Z';

const EVALUATE_PROCESS = fileURLToPath(new URL('./lib/evaluate-process.ts', import.meta.url));

/** Rule × resource pairs: each rule is evaluated once per resource of its type. */
export function countEvaluations(snapshot: Snapshot, rules: readonly LoadedRule[]): number {
  return rules.reduce((sum, rule) => sum + snapshot.resources[rule.resource].length, 0);
}

/** Where two evaluations first differ, or null when they are identical. */
export function firstDifference(a: AccountEvaluation, b: AccountEvaluation): string | null {
  if (a.results.length !== b.results.length) return `${a.results.length} results vs ${b.results.length}`;
  for (let i = 0; i < a.results.length; i++) {
    const x = JSON.stringify(a.results[i]);
    const y = JSON.stringify(b.results[i]);
    if (x !== y) return `result ${i} differs:\n  ${x}\n  ${y}`;
  }
  if (JSON.stringify(a.suppressions) !== JSON.stringify(b.suppressions)) return 'suppression reports differ';
  return null;
}

function statusCounts(evaluation: AccountEvaluation): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of evaluation.results) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

export async function benchEvaluate(options: EvaluateBenchOptions = {}): Promise<BenchResult> {
  const runs = options.runs ?? 3;
  const size = { ...MAX_SIZE_ACCOUNT, ...options.size, seed: 'bench' };
  const dir = await mkdtemp(path.join(tmpdir(), 'cfaa-bench-evaluate-'));
  try {
    const generated = generateAccount(size);
    await writeSnapshot(dir, generated.manifest, RESOURCE_TYPES.flatMap((type) => generated.resources[type]));
    const read = await timed(() => readSnapshot(dir));
    const snapshot = read.value;
    const load = await timed(() => loadAllRules());
    const rules = load.value;
    const resources = RESOURCE_TYPES.reduce((sum, type) => sum + snapshot.resources[type].length, 0);
    const evaluations = countEvaluations(snapshot, rules);
    const opts = { now: new Date(BENCH_NOW) };

    const fastMs: number[] = [];
    const naiveMs: number[] = [];
    let fast: AccountEvaluation | undefined;
    let naive: AccountEvaluation | undefined;
    // One untimed warm-up each, then alternate.
    await evaluateSnapshot(snapshot, rules, opts);
    await evaluateNaive(snapshot, rules, opts);
    for (let i = 0; i < runs; i++) {
      collectGarbage();
      const f = await timed(() => evaluateSnapshot(snapshot, rules, opts));
      fastMs.push(f.ms);
      fast = f.value;
      collectGarbage();
      const n = await timed(() => evaluateNaive(snapshot, rules, opts));
      naiveMs.push(n.ms);
      naive = n.value;
    }
    const difference = firstDifference(fast!, naive!);
    if (difference !== null) throw new Error(`evaluate benchmark: evaluateSnapshot and evaluateNaive disagree: ${difference}`);

    const memory = options.measureMemory === false ? null : {
      fast: await runChildJson<EvaluateProcessResult>(EVALUATE_PROCESS, [dir, 'fast', BENCH_NOW]),
      naive: await runChildJson<EvaluateProcessResult>(EVALUATE_PROCESS, [dir, 'naive', BENCH_NOW]),
    };
    if (memory && memory.fast.results !== fast!.results.length) {
      throw new Error(`evaluate benchmark: the child process produced ${memory.fast.results} results, this process ${fast!.results.length}.`);
    }

    const fastMedian = median(fastMs);
    const naiveMedian = median(naiveMs);
    const speedup = naiveMedian / fastMedian;
    const perSecond = evaluations / (fastMedian / 1000);
    const peak = memory?.fast.peakRssBytes ?? null;
    return {
      name: 'evaluate',
      title: 'evaluate: max-size account snapshot, every rule',
      setup: [
        `${formatCount(resources)} resources read from a snapshot folder, ${rules.length} rules, ${formatCount(evaluations)} rule × resource evaluations, $now fixed at ${BENCH_NOW}`,
        `1 warm-up + ${runs} timed runs of each engine, alternating, in this process; medians reported; results compared field by field`,
        'peak RSS: process.resourceUsage().maxRSS of a fresh child process (node + tsx loader) that reads the snapshot, loads the rules and evaluates once',
      ],
      metrics: [
        { label: 'read snapshot from disk', display: formatMs(read.ms), value: round(read.ms), unit: 'ms' },
        { label: 'load + compile rules', display: formatMs(load.ms), value: round(load.ms), unit: 'ms' },
        { label: 'evaluate, batched engine (median)', display: formatMs(fastMedian), value: round(fastMedian), unit: 'ms' },
        { label: 'evaluate, naive loop (median)', display: formatMs(naiveMedian), value: round(naiveMedian), unit: 'ms' },
        { label: 'speed-up over naive', display: formatRatio(speedup), value: round(speedup, 2) },
        { label: 'evaluations per second (batched)', display: formatCount(perSecond), value: Math.round(perSecond) },
        { label: 'evaluations per second (naive)', display: formatCount(evaluations / (naiveMedian / 1000)), value: Math.round(evaluations / (naiveMedian / 1000)) },
        { label: 'results (all statuses)', display: formatCount(fast!.results.length), value: fast!.results.length },
        { label: 'identical results, batched vs naive', display: 'yes', value: 'yes' },
        ...(memory ? [
          { label: 'peak RSS, batched (child process)', display: formatBytes(memory.fast.peakRssBytes), value: memory.fast.peakRssBytes, unit: 'bytes' },
          { label: '  of which before evaluating', display: formatBytes(memory.fast.peakRssBeforeBytes), value: memory.fast.peakRssBeforeBytes, unit: 'bytes' },
          { label: 'peak RSS, naive (child process)', display: formatBytes(memory.naive.peakRssBytes), value: memory.naive.peakRssBytes, unit: 'bytes' },
        ] : []),
      ],
      targets: [
        { label: 'evaluate < 0.5 s', target: '< 500 ms', actual: formatMs(fastMedian), met: fastMedian < 500 },
        { label: '≥ 3× faster than naive', target: '≥ 3.00×', actual: formatRatio(speedup), met: speedup >= 3 },
        {
          label: 'peak RSS < 300 MB', target: '< 300.0 MB', actual: peak === null ? 'not measured' : formatBytes(peak),
          met: peak !== null && peak < 300 * 1024 * 1024,
        },
      ],
      details: {
        resources,
        rules: rules.length,
        evaluations,
        fast_runs_ms: fastMs.map((ms) => round(ms)),
        naive_runs_ms: naiveMs.map((ms) => round(ms)),
        status_counts: statusCounts(fast!),
        memory,
      },
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
