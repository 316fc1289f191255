/** Severities, most severe first: the one order of every list, table, chart and threshold. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** 0 for critical … 4 for info: ascending ranks put the most severe first. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** Negative when `a` is more severe than `b`: sorts the most severe first. */
export function compareSeverity(a: Severity, b: Severity): number {
  return severityRank(a) - severityRank(b);
}

/** True when `severity` is `threshold` or more severe (`--fail-on`, `--min-severity`). */
export function atLeastAsSevere(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold);
}
