/**
 * Reach benchmark: the reach model (src/reach) of the max-size account — 500 applications × 3 policies
 * (reusable and app-scoped), 300 Access groups nested up to 4 levels, 50 IdPs, 50 service tokens, 5,000
 * infrastructure targets selected by tags, 20 MCP portals carrying 200 servers (bench/lib/reach-account.ts) —
 * built from the same input the engine gives it, and its share of a full `evaluate` of the same snapshot
 * with every rule in rules/ (which builds the model once itself).
 */
import { fileURLToPath } from 'node:url';
import { evaluateSnapshot } from '../src/engine/evaluate.js';
import { loadAllRules } from '../src/engine/load-rules.js';
import { buildSnapshotIndex } from '../src/engine/snapshot-index.js';
import type { GenerateAccountOptions } from '../src/emulator/generate-account.js';
import { buildReachModel, type ReachInput, type ReachModel } from '../src/reach/index.js';
import { RESOURCE_TYPES } from '../src/catalog/resource-types.js';
import { BENCH_NOW } from './evaluate.js';
import { runChildJson } from './lib/child.js';
import { collectGarbage, formatBytes, formatCount, formatMs, median, round, timed } from './lib/measure.js';
import { describeShape, reachAccount, REACH_ACCOUNT } from './lib/reach-account.js';
import type { ReachProcessResult } from './lib/reach-process.js';
import type { BenchResult } from './lib/report.js';

export interface ReachBenchOptions {
  /** Timed builds of the reach model (default 7). */
  runs?: number;
  /** Timed evaluations of the whole snapshot (default 3). */
  evaluateRuns?: number;
  size?: GenerateAccountOptions;
  /** Measure the build's memory in a child process (default true). */
  measureMemory?: boolean;
}

/** Target: the whole model of the largest account in under a second. */
export const REACH_TARGET_MS = 1000;

const REACH_PROCESS = fileURLToPath(new URL('./lib/reach-process.ts', import.meta.url));

function modelCounts(model: ReachModel): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of model.resources) counts[r.type] = (counts[r.type] ?? 0) + 1;
  return {
    ...counts,
    ways: model.resources.reduce((n, r) => n + r.ways.length, 0),
    dead_policies: model.apps.reduce((n, a) => n + a.dead.length, 0),
    narrower_apps: model.narrower.length,
    truncated_policies: model.apps.reduce((n, a) => n + a.policies.filter((p) => p.expansion.truncated).length, 0),
  };
}

export async function benchReach(options: ReachBenchOptions = {}): Promise<BenchResult> {
  const runs = options.runs ?? 7;
  const evaluateRuns = options.evaluateRuns ?? 3;
  const size = { ...REACH_ACCOUNT, ...options.size };
  const now = new Date(BENCH_NOW);
  const snapshot = reachAccount(size);
  const shape = describeShape(snapshot);
  const resources = RESOURCE_TYPES.reduce((sum, type) => sum + snapshot.resources[type].length, 0);
  // The engine builds the model from the snapshot index's data (src/engine/snapshot-index.ts, lazyReach).
  const index = await timed(() => buildSnapshotIndex(snapshot));
  const input = index.value.data as unknown as ReachInput;

  const warm = await timed(() => buildReachModel(input, now));
  const reachMs: number[] = [];
  let model = warm.value;
  for (let i = 0; i < runs; i++) {
    collectGarbage();
    const t = await timed(() => buildReachModel(input, now));
    reachMs.push(t.ms);
    model = t.value;
  }
  const counts = modelCounts(model);

  const rules = await loadAllRules();
  await evaluateSnapshot(snapshot, rules, { now }); // warm-up
  const evaluateMs: number[] = [];
  let results = 0;
  for (let i = 0; i < evaluateRuns; i++) {
    collectGarbage();
    const t = await timed(() => evaluateSnapshot(snapshot, rules, { now }));
    evaluateMs.push(t.ms);
    results = t.value.results.length;
  }

  const memory =
    options.measureMemory === false
      ? null
      : await runChildJson<ReachProcessResult>(REACH_PROCESS, [JSON.stringify(size), BENCH_NOW], ['--expose-gc']);
  if (memory && memory.resources !== model.resources.length) {
    throw new Error(
      `reach benchmark: the child process built ${memory.resources} resources, this process ${model.resources.length}.`,
    );
  }

  const reachMedian = median(reachMs);
  const evaluateMedian = median(evaluateMs);
  const share = reachMedian / evaluateMedian;
  return {
    name: 'reach',
    title: 'reach: the reach model of the max-size account',
    setup: [
      `${formatCount(resources)} resources: ${shape.groups} Access groups (${shape.nestedGroups} nested, ` +
        `up to ${shape.maxGroupDepth} levels), ${shape.reusableRefs} reusable-policy references and ` +
        `${shape.appScoped} app-scoped policies, ${shape.infrastructureApps} infrastructure apps selecting ` +
        `targets by tags, ${shape.portals} MCP portals carrying ${shape.carriedServers} servers; ` +
        `$now fixed at ${BENCH_NOW}`,
      `buildReachModel on the snapshot index's data (as the engine calls it): 1 warm-up + ${runs} timed runs, ` +
        `median; evaluateSnapshot with all ${rules.length} rules (which builds the model once): 1 warm-up + ` +
        `${evaluateRuns} timed runs, median`,
      'memory: a fresh child process generates the account, then builds the model once; peak RSS is reset ' +
        "just before the build (Linux /proc/self/clear_refs), so the delta is the build's own",
    ],
    metrics: [
      { label: 'snapshot index', display: formatMs(index.ms), value: round(index.ms), unit: 'ms' },
      { label: 'buildReachModel (median)', display: formatMs(reachMedian), value: round(reachMedian), unit: 'ms' },
      {
        label: '  fastest / slowest run',
        display: `${formatMs(Math.min(...reachMs))} / ${formatMs(Math.max(...reachMs))}`,
        value: null,
      },
      {
        label: 'evaluate, every rule (median)',
        display: formatMs(evaluateMedian),
        value: round(evaluateMedian),
        unit: 'ms',
      },
      { label: 'reach / evaluate', display: `${(share * 100).toFixed(1)} %`, value: round(share, 3) },
      { label: 'resources reached', display: formatCount(model.resources.length), value: model.resources.length },
      { label: 'ways in', display: formatCount(counts.ways ?? 0), value: counts.ways ?? 0 },
      { label: 'dead policies', display: formatCount(counts.dead_policies ?? 0), value: counts.dead_policies ?? 0 },
      ...(memory
        ? [
            {
              label: 'peak RSS delta of the build (child)',
              display: formatBytes(memory.peakDeltaBytes),
              value: memory.peakDeltaBytes,
              unit: 'bytes',
            },
            {
              label: '  RSS before the build',
              display: formatBytes(memory.rssBeforeBytes),
              value: memory.rssBeforeBytes,
              unit: 'bytes',
            },
            {
              label: 'heap the model keeps',
              display: formatBytes(memory.retainedHeapBytes),
              value: memory.retainedHeapBytes,
              unit: 'bytes',
            },
          ]
        : []),
    ],
    targets: [
      {
        label: 'buildReachModel < 1 s',
        target: `< ${formatMs(REACH_TARGET_MS)}`,
        actual: formatMs(reachMedian),
        met: reachMedian < REACH_TARGET_MS,
      },
    ],
    details: {
      resources,
      shape,
      model: counts,
      rules: rules.length,
      results,
      reach_runs_ms: reachMs.map((ms) => round(ms)),
      reach_warmup_ms: round(warm.ms),
      evaluate_runs_ms: evaluateMs.map((ms) => round(ms)),
      memory,
    },
  };
}
