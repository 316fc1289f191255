/** Medians and table rows of measured processes (bench/lib/cli-process.ts), shared by the process benchmarks. */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ProcessRun } from './cli-process.js';
import { formatBytes, formatMs, median, round } from './measure.js';
import type { Metric } from './report.js';

/** One measured run as kept in the results. */
export interface ProcessSummary {
  wallMs: number;
  userMs: number;
  systemMs: number;
  peakRssBytes: number;
  exitCode: number | null;
  stderr: string;
  requests: number;
  /** Every request, the token check and account read included, when it differs from `requests`. */
  totalRequests?: number;
  /** Bytes of the files the command wrote. */
  bytes: number;
}

export function summarize(run: ProcessRun): Omit<ProcessSummary, 'requests' | 'bytes'> {
  return {
    wallMs: round(run.wallMs),
    userMs: round(run.userMs),
    systemMs: round(run.systemMs),
    peakRssBytes: run.peakRssBytes,
    exitCode: run.exitCode,
    stderr: run.stderr.slice(-2000),
  };
}

/** Medians of several runs of one command, and its table rows. */
export function processMetrics(runs: readonly ProcessSummary[]) {
  const wallMs = median(runs.map((r) => r.wallMs));
  const userMs = median(runs.map((r) => r.userMs));
  const systemMs = median(runs.map((r) => r.systemMs));
  const peakRssBytes = Math.max(...runs.map((r) => r.peakRssBytes));
  const metrics = (label: string): Metric[] => [
    { label: `${label}: wall`, display: formatMs(wallMs), value: round(wallMs), unit: 'ms' },
    {
      label: `${label}: user + sys CPU`,
      display: `${formatMs(userMs)} + ${formatMs(systemMs)}`,
      value: round(userMs + systemMs),
      unit: 'ms',
    },
    { label: `${label}: peak RSS`, display: formatBytes(peakRssBytes), value: peakRssBytes, unit: 'bytes' },
  ];
  return { wallMs, userMs, systemMs, peakRssBytes, metrics };
}

/** Total size of the regular files below `dir` (0 when it does not exist). */
export async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}
