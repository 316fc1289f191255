/**
 * Child process of the reach benchmark: generates the benchmark account, then builds the reach model once
 * and prints one JSON line with what the build cost in memory. On Linux the kernel's peak RSS (VmHWM) is
 * reset just before the build (`/proc/self/clear_refs`), so the peak is the build's own; elsewhere the
 * process-wide peak (`process.resourceUsage().maxRSS`) is used and the generation may hide the build's.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { buildSnapshotIndex } from '../../src/engine/snapshot-index.js';
import { buildReachModel, type ReachInput } from '../../src/reach/index.js';
import { reachAccount } from './reach-account.js';

export interface ReachProcessResult {
  /** `vmhwm-reset`: peak measured from just before the build; `maxrss`: process-wide peak. */
  method: 'vmhwm-reset' | 'maxrss';
  rssBeforeBytes: number;
  peakRssBytes: number;
  /** Peak RSS during the build minus the RSS just before it. */
  peakDeltaBytes: number;
  /** Heap still used by the built model (after a collection). */
  retainedHeapBytes: number;
  resources: number;
  ms: number;
}

function vmHwm(): number | undefined {
  try {
    const line = readFileSync('/proc/self/status', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmHWM:'));
    return line ? Number(line.replace(/\D+/g, '')) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function resetPeak(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return vmHwm() !== undefined;
  } catch {
    return false;
  }
}

function main(size: string, now: string): void {
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
  const snapshot = reachAccount(JSON.parse(size) as Record<string, number>);
  const input = buildSnapshotIndex(snapshot).data as unknown as ReachInput;
  gc();
  const reset = resetPeak();
  const rssBeforeBytes = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  const peakBefore = reset ? rssBeforeBytes : process.resourceUsage().maxRSS * 1024;
  const started = performance.now();
  const model = buildReachModel(input, new Date(now));
  const ms = performance.now() - started;
  const peakRssBytes = (reset ? vmHwm() : undefined) ?? process.resourceUsage().maxRSS * 1024;
  gc();
  const result: ReachProcessResult = {
    method: reset ? 'vmhwm-reset' : 'maxrss',
    rssBeforeBytes,
    peakRssBytes,
    peakDeltaBytes: Math.max(0, peakRssBytes - peakBefore),
    retainedHeapBytes: process.memoryUsage().heapUsed - heapBefore,
    resources: model.resources.length,
    ms,
  };
  console.log(JSON.stringify(result));
}

const [size, now] = process.argv.slice(2);
if (!size || !now) {
  console.error('usage: reach-process.ts SIZE_JSON NOW_ISO');
  process.exitCode = 2;
} else {
  try {
    main(size, now);
  } catch (error) {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  }
}
