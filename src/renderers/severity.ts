import type * as Sarif from 'sarif';
import type { Severity } from '../common/severity.js';
import type { ResultStatus } from '../engine/types.js';

/** The SARIF levels a finding gets (never `none`). */
export type SarifLevel = Exclude<Sarif.Result.level, 'none'>;

export function sarifLevel(severity: Severity): SarifLevel {
  if (severity === 'critical' || severity === 'high') return 'error';
  if (severity === 'medium') return 'warning';
  return 'note';
}

/** GitHub's numeric `security-severity` (>9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low); none for info. */
export function securitySeverity(severity: Severity): string | undefined {
  switch (severity) {
    case 'critical':
      return '9.5';
    case 'high':
      return '8.0';
    case 'medium':
      return '5.5';
    case 'low':
      return '3.0';
    case 'info':
      return undefined;
  }
}

/** Order of statuses in every report table. */
export const STATUS_ORDER: readonly ResultStatus[] = [
  'fail',
  'suppressed',
  'error',
  'unknown',
  'pass',
  'not_applicable',
];

export function statusRank(status: ResultStatus): number {
  return STATUS_ORDER.indexOf(status);
}
