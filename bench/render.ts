/**
 * Render benchmark (issue 4): 50,000 generated findings over the real rule catalog rendered to SARIF, HTML,
 * findings.json and summary.md (5,000 findings as the scaling baseline), then the 50k HTML opened in
 * headless Chromium; and the report.html of the max-size account, written by `evaluate`, opened there too (issue 12).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadAllRules } from '../src/engine/load-rules.js';
import type { LoadedRule } from '../src/engine/types.js';
import { generateAccount } from '../src/emulator/generate-account.js';
import { TOOL_VERSION } from '../src/paths.js';
import { REPORT_FILES, RENDERERS } from '../src/renderers/index.js';
import { GITHUB_LIMITS } from '../src/renderers/sarif.js';
import { REPORT_FORMATS, type ReportFormat, type ReportInput } from '../src/renderers/types.js';
import { chromiumAvailable, CHROMIUM, launchChromium, measureReport, type BrowserTimings } from './lib/browser.js';
import { generateFindings } from './lib/findings.js';
import { renderMaxSizeHtml, type MaxSizeHtml } from './lib/max-size-html.js';
import { collectGarbage, formatBytes, formatCount, formatMs, formatRatio, median, round } from './lib/measure.js';
import type { BenchResult, Metric, TargetCheck } from './lib/report.js';

export interface RenderBenchOptions {
  runs?: number;
  findings?: number;
  baselineFindings?: number;
  /** Open the HTML in Chromium when it is installed (default true). */
  browser?: boolean;
}

export const GENERATED_AT = '2026-01-15T06:00:00.000Z';

export function renderInput(rules: LoadedRule[], findings: number): ReportInput {
  const account = generateAccount({ apps: 14, targets: 10, seed: 'bench-render' });
  const accountId = account.manifest.account_id;
  return {
    generatedAt: GENERATED_AT,
    toolVersion: TOOL_VERSION,
    rules,
    accounts: [
      {
        accountId,
        accountName: 'Benchmark Corp',
        manifest: account.manifest,
        results: generateFindings(rules, findings, accountId),
        suppressions: { expired: [], unmatched: [] },
        snapshotDir: 'snapshot',
      },
    ],
  };
}

interface FormatRun {
  medianMs: number;
  runsMs: number[];
  bytes: number;
  content: string;
}

function renderEach(input: ReportInput, runs: number): Record<ReportFormat, FormatRun> {
  const out = {} as Record<ReportFormat, FormatRun>;
  for (const format of REPORT_FORMATS) {
    const render = RENDERERS[format];
    render(input); // warm-up
    const runsMs: number[] = [];
    let content = '';
    for (let i = 0; i < runs; i++) {
      collectGarbage();
      const started = performance.now();
      content = render(input);
      runsMs.push(performance.now() - started);
    }
    out[format] = { medianMs: median(runsMs), runsMs, bytes: Buffer.byteLength(content), content };
  }
  return out;
}

/** SARIF facts the benchmark checks: results per run within GitHub's cap, and the truncation said. */
export function sarifCap(content: string): { results: number; truncationNoted: boolean } {
  const log = JSON.parse(content) as {
    runs: { results: unknown[]; invocations?: { toolExecutionNotifications?: { descriptor?: { id?: string } }[] }[] }[];
  };
  const run = log.runs[0]!;
  const notes = run.invocations?.flatMap((i) => i.toolExecutionNotifications ?? []) ?? [];
  return { results: run.results.length, truncationNoted: notes.some((n) => n.descriptor?.id === 'results-truncated') };
}

export async function benchRender(options: RenderBenchOptions = {}): Promise<BenchResult> {
  const runs = options.runs ?? 3;
  const big = options.findings ?? 50_000;
  const small = options.baselineFindings ?? 5_000;
  const rules = await loadAllRules();
  const large = renderEach(renderInput(rules, big), runs);
  const baseline = renderEach(renderInput(rules, small), runs);
  const sarif = sarifCap(large.sarif.content);

  const metrics: Metric[] = [];
  for (const format of REPORT_FORMATS) {
    const l = large[format];
    const b = baseline[format];
    metrics.push(
      {
        label: `${REPORT_FILES[format]}: time, ${formatCount(big)} (median)`,
        display: formatMs(l.medianMs),
        value: round(l.medianMs),
        unit: 'ms',
      },
      {
        label: `${REPORT_FILES[format]}: size, ${formatCount(big)}`,
        display: formatBytes(l.bytes),
        value: l.bytes,
        unit: 'bytes',
      },
      {
        label: `${REPORT_FILES[format]}: time ratio ${formatCount(big)} / ${formatCount(small)}`,
        display: `${formatRatio(l.medianMs / b.medianMs)} (${formatMs(b.medianMs)} for ${formatCount(small)})`,
        value: round(l.medianMs / b.medianMs, 2),
      },
    );
  }
  const totalMs = REPORT_FORMATS.reduce((sum, f) => sum + large[f].medianMs, 0);
  metrics.push({
    label: `all four formats, ${formatCount(big)}`,
    display: formatMs(totalMs),
    value: round(totalMs),
    unit: 'ms',
  });
  metrics.push({
    label: 'SARIF results kept (cap 25,000)',
    display: `${formatCount(sarif.results)}${sarif.truncationNoted ? ', truncation noted' : ''}`,
    value: sarif.results,
  });

  const targets: TargetCheck[] = [
    {
      label: `${formatCount(big)} findings render in seconds`,
      target: '< 10 s, all formats',
      actual: formatMs(totalMs),
      met: totalMs < 10_000,
    },
    {
      label: "SARIF within GitHub's results cap",
      target: `≤ ${formatCount(GITHUB_LIMITS.resultsPerRun)} + notification`,
      actual: `${formatCount(sarif.results)}${sarif.truncationNoted ? ' + notification' : ', no notification'}`,
      met:
        sarif.results <= GITHUB_LIMITS.resultsPerRun && (big <= GITHUB_LIMITS.resultsPerRun || sarif.truncationNoted),
    },
  ];

  const setup = [
    `${formatCount(big)} generated results (1 in 50 suppressed) over the ${rules.length} rules of rules/, ` +
      `baseline ${formatCount(small)}; 1 warm-up + ${runs} runs per format, medians`,
  ];
  let browser: { large: BrowserTimings; baseline: BrowserTimings } | { skipped: string } | null = null;
  if (options.browser !== false) {
    if (!chromiumAvailable()) {
      browser = { skipped: `${CHROMIUM} is not installed (apt-get install -y chromium); browser timings skipped` };
      setup.push(`browser: SKIPPED, ${CHROMIUM} is not installed`);
    } else {
      browser = await measureInBrowser(large.html.content, baseline.html.content);
      setup.push(
        'browser: headless Chromium from file://; first rows = navigation start → first table row (MutationObserver); filter/search = synchronous update + forced layout, search debounce excluded',
      );
    }
  }
  if (browser && 'large' in browser) {
    const { large: l, baseline: b } = browser;
    metrics.push(
      {
        label: `HTML ${formatCount(big)}: first table rows shown`,
        display:
          `${formatMs(l.firstRowsMs)} (${formatRatio(l.firstRowsMs / b.firstRowsMs)} of ` +
          `${formatCount(small)}: ${formatMs(b.firstRowsMs)})`,
        value: round(l.firstRowsMs),
        unit: 'ms',
      },
      {
        label: `HTML ${formatCount(big)}: load event`,
        display: formatMs(l.loadEventMs),
        value: round(l.loadEventMs),
        unit: 'ms',
      },
      {
        label: `HTML ${formatCount(big)}: severity filter → table updated`,
        display: `${formatMs(l.severityFilterMs)} (${l.severityMatches.replace(/^Showing /, '')})`,
        value: round(l.severityFilterMs),
        unit: 'ms',
      },
      {
        label: `HTML ${formatCount(big)}: search, first (builds index)`,
        display: formatMs(l.searchColdMs),
        value: round(l.searchColdMs),
        unit: 'ms',
      },
      {
        label: `HTML ${formatCount(big)}: search, again`,
        display: `${formatMs(l.searchWarmMs)} (${l.searchMatches.replace(/^Showing /, '')})`,
        value: round(l.searchWarmMs),
        unit: 'ms',
      },
      {
        label: `HTML ${formatCount(small)}: severity filter / search`,
        display: `${formatMs(b.severityFilterMs)} / ${formatMs(b.searchWarmMs)}`,
        value: null,
      },
    );
    targets.push(
      {
        label: 'HTML opens with rows quickly',
        target: '< 3 s to first rows',
        actual: formatMs(l.firstRowsMs),
        met: l.firstRowsMs < 3000,
      },
      {
        label: 'HTML stays responsive',
        target: '< 200 ms per filter/search',
        actual: `${formatMs(l.severityFilterMs)} / ${formatMs(l.searchColdMs)}`,
        met: l.severityFilterMs < 200 && l.searchColdMs < 200,
      },
      {
        label: 'no console error, no request',
        target: 'none',
        actual: `${l.problems.length} errors, ${l.externalRequests.length} requests`,
        met: l.problems.length === 0 && l.externalRequests.length === 0,
        ...(l.problems.length > 0 ? { note: l.problems.slice(0, 3).join(' | ') } : {}),
      },
    );
  } else if (browser && 'skipped' in browser) {
    targets.push({
      label: 'HTML in Chromium',
      target: 'measured',
      actual: 'skipped',
      met: false,
      note: browser.skipped,
    });
  }

  const maxSize = options.browser === false ? null : await measureMaxSize();
  if (maxSize) {
    const { html, timings } = maxSize;
    const full = html.fullBytes === null ? `not measured (${html.fullSkipped})` : formatBytes(html.fullBytes);
    metrics.push({
      label: 'max-size account: report.html size',
      display: `${formatBytes(html.leanBytes)} (every result listed: ${full})`,
      value: html.leanBytes,
      unit: 'bytes',
    });
    setup.push('max-size account: snapshot on disk, `evaluate --format html` as a process, opened in Chromium');
    if (timings) {
      metrics.push({
        label: 'max-size account: first findings rows visible',
        display: formatMs(timings.firstRowsMs),
        value: round(timings.firstRowsMs),
        unit: 'ms',
      });
      targets.push({
        label: 'max-size report.html opens at once',
        target: '< 1 s to first findings rows',
        actual: formatMs(timings.firstRowsMs),
        met: timings.firstRowsMs < 1000 && timings.problems.length === 0,
        ...(timings.problems.length > 0 ? { note: timings.problems.slice(0, 3).join(' | ') } : {}),
      });
    }
  }

  return {
    name: 'render',
    title: `render: ${formatCount(big)} findings to every format`,
    setup,
    metrics,
    targets,
    details: {
      findings: big,
      baseline_findings: small,
      rules: rules.length,
      runs_ms: Object.fromEntries(
        REPORT_FORMATS.map((f) => [
          f,
          { large: large[f].runsMs.map((ms) => round(ms)), baseline: baseline[f].runsMs.map((ms) => round(ms)) },
        ]),
      ),
      sizes_bytes: Object.fromEntries(
        REPORT_FORMATS.map((f) => [f, { large: large[f].bytes, baseline: baseline[f].bytes }]),
      ),
      sarif,
      browser,
      max_size_html: maxSize
        ? { bytes: maxSize.html.leanBytes, bytes_all_results: maxSize.html.fullBytes, browser: maxSize.timings }
        : null,
    },
  };
}

/** The max-size account's report.html: its size, and its first rows in Chromium when installed. */
async function measureMaxSize(): Promise<{ html: MaxSizeHtml; timings: BrowserTimings | null }> {
  const html = await renderMaxSizeHtml();
  try {
    if (!chromiumAvailable()) return { html, timings: null };
    const chromium = await launchChromium();
    try {
      return { html, timings: await measureReport(chromium, html.leanFile, 'high', 'team') };
    } finally {
      await chromium.close();
    }
  } finally {
    await html.cleanup();
  }
}

async function measureInBrowser(
  largeHtml: string,
  baselineHtml: string,
): Promise<{ large: BrowserTimings; baseline: BrowserTimings }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cfaa-bench-render-'));
  const chromium = await launchChromium();
  try {
    const largeFile = path.join(dir, 'large.html');
    const baselineFile = path.join(dir, 'baseline.html');
    await writeFile(largeFile, largeHtml);
    await writeFile(baselineFile, baselineHtml);
    // Search for a resource name that exists once per rule: a realistic narrowing query.
    const search = 'team 36';
    const baseline = await measureReport(chromium, baselineFile, 'critical', search);
    const large = await measureReport(chromium, largeFile, 'critical', search);
    return { large, baseline };
  } finally {
    await chromium.close();
    await rm(dir, { recursive: true, force: true });
  }
}
