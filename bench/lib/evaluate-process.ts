/**
 * Child process of the evaluate benchmark: reads a snapshot folder, loads every rule and evaluates once
 * (`fast`: evaluateSnapshot, `naive`: evaluateNaive). Prints one JSON line with the process's peak RSS
 * (`process.resourceUsage().maxRSS`, kernel-tracked, so no sampling gaps) before and after evaluating.
 */
import { evaluateNaive, evaluateSnapshot } from '../../src/engine/evaluate.js';
import { loadAllRules } from '../../src/engine/load-rules.js';
import { readSnapshot } from '../../src/snapshot/read.js';

export interface EvaluateProcessResult {
  mode: 'fast' | 'naive';
  /** Peak RSS in bytes after reading the snapshot and loading the rules, before evaluating. */
  peakRssBeforeBytes: number;
  /** Peak RSS in bytes of the whole process, evaluation included. */
  peakRssBytes: number;
  heapUsedAfterBytes: number;
  results: number;
  ms: number;
}

async function main(dir: string, mode: string, now: string): Promise<void> {
  if (mode !== 'fast' && mode !== 'naive') throw new Error(`mode must be fast or naive (got ${mode})`);
  const snapshot = await readSnapshot(dir);
  const rules = await loadAllRules();
  const peakRssBeforeBytes = process.resourceUsage().maxRSS * 1024;
  const started = performance.now();
  const evaluation = await (mode === 'fast' ? evaluateSnapshot : evaluateNaive)(snapshot, rules, {
    now: new Date(now),
  });
  const ms = performance.now() - started;
  const result: EvaluateProcessResult = {
    mode,
    peakRssBeforeBytes,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    heapUsedAfterBytes: process.memoryUsage().heapUsed,
    results: evaluation.results.length,
    ms,
  };
  console.log(JSON.stringify(result));
}

const [dir, mode, now] = process.argv.slice(2);
if (!dir || !mode || !now) {
  console.error('usage: evaluate-process.ts SNAPSHOT_DIR fast|naive NOW_ISO');
  process.exitCode = 2;
} else {
  main(dir, mode, now).catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  });
}
