/** The shape every benchmark returns, and the plain-text tables `npm run bench` prints. */

export interface Metric {
  label: string;
  /** Human-readable value for the table. */
  display: string;
  /** Raw value for bench/results/latest.json (milliseconds, bytes, counts or ratios). */
  value: number | string | null;
  unit?: string;
}

export interface TargetCheck {
  label: string;
  target: string;
  actual: string;
  met: boolean;
  /** Why a target was missed or skipped, when known. */
  note?: string;
}

export interface BenchResult {
  name: 'collect' | 'scan' | 'evaluate' | 'render' | 'reach';
  title: string;
  /** How it was measured (sizes, runs, method), printed under the title. */
  setup: string[];
  metrics: Metric[];
  targets: TargetCheck[];
  /** Everything else worth keeping in the JSON (per-run timings, per-type counts…). */
  details: Record<string, unknown>;
}

/** A left-aligned text table with a header rule; the last column may be long. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function formatBenchResult(result: BenchResult): string {
  const parts = [`== ${result.title} ==`, ...result.setup.map((s) => `   ${s}`), ''];
  parts.push(
    textTable(
      ['metric', 'value'],
      result.metrics.map((m) => [m.label, m.display]),
    ),
  );
  if (result.targets.length > 0) {
    parts.push('');
    parts.push(
      textTable(
        ['target', 'wanted', 'measured', 'ok'],
        result.targets.map((t) => [
          t.label,
          t.target,
          t.actual,
          `${t.met ? 'yes' : 'NO'}${t.note ? ` (${t.note})` : ''}`,
        ]),
      ),
    );
  }
  return parts.join('\n');
}
