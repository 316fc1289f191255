/**
 * `--severity`, `--rule` and `--framework`: which rules are evaluated and which results are reported.
 * The same filter drives every output and the exit code (README "Filters").
 */
import { atLeastAsSevere } from '../common/severity.js';
import { globMatch } from '../reach/glob.js';
import type { Result, RuleDefinition, RuleFrameworks, Severity } from './types.js';

export const FRAMEWORKS = [
  'nist-800-53',
  'cis-controls-v8',
  'iso-27001',
  'soc2',
] as const satisfies readonly (keyof RuleFrameworks)[];
export type Framework = (typeof FRAMEWORKS)[number];

/** Short names accepted for `--framework`. */
export const FRAMEWORK_ALIASES: Readonly<Record<string, Framework>> = {
  nist: 'nist-800-53',
  'cis-v8': 'cis-controls-v8',
  cis: 'cis-controls-v8',
  iso: 'iso-27001',
  'soc-2': 'soc2',
};

export interface FrameworkFilter {
  framework: Framework;
  /** Control glob (`AC-*`), compared without regard to case; absent: any control of the framework. */
  control?: string;
}

export interface ReportFilter {
  /** Lowest severity reported; absent: every severity. */
  minSeverity?: Severity;
  /** `*` globs on the rule id, an alias or the catalog id; a rule matching any one is kept (none given: all). */
  rules: string[];
  /** A rule mapping to any one is kept (none given: all). */
  frameworks: FrameworkFilter[];
}

export const NO_FILTER: ReportFilter = { rules: [], frameworks: [] };

export function isFiltering(filter: ReportFilter): boolean {
  return filter.minSeverity !== undefined || filter.rules.length > 0 || filter.frameworks.length > 0;
}

/** The names a rule answers to: id, aliases and catalog id. */
function namesOf(rule: Pick<RuleDefinition, 'id' | 'aliases' | 'catalog_id'>): string[] {
  return [rule.id, ...(rule.aliases ?? []), ...(rule.catalog_id ? [rule.catalog_id] : [])];
}

export function ruleNameMatches(pattern: string, rule: Pick<RuleDefinition, 'id' | 'aliases' | 'catalog_id'>): boolean {
  return namesOf(rule).some((name) => globMatch(pattern, name));
}

function frameworkMatches(wanted: FrameworkFilter, frameworks: RuleFrameworks | undefined): boolean {
  const controls = frameworks?.[wanted.framework];
  if (!controls || controls.length === 0) return false;
  if (wanted.control === undefined) return true;
  const pattern = wanted.control.toUpperCase();
  return controls.some((control) => globMatch(pattern, control.toUpperCase()));
}

/** True when the rule passes the `--rule` and `--framework` parts of the filter (severity is per result). */
export function ruleSelected(
  rule: Pick<RuleDefinition, 'id' | 'aliases' | 'catalog_id' | 'frameworks'>,
  filter: ReportFilter,
): boolean {
  if (filter.rules.length > 0 && !filter.rules.some((pattern) => ruleNameMatches(pattern, rule))) return false;
  return filter.frameworks.length === 0 || filter.frameworks.some((f) => frameworkMatches(f, rule.frameworks));
}

export function severitySelected(severity: Severity, filter: ReportFilter): boolean {
  return filter.minSeverity === undefined || atLeastAsSevere(severity, filter.minSeverity);
}

/**
 * A result is reported when its severity is at or above the minimum and its rule is selected. A result of a
 * rule that is not loaded (a fixed finding from a baseline) is judged by its rule id alone, and is dropped
 * by a framework filter, since its mapping is unknown.
 */
export function resultSelected(
  result: Result,
  filter: ReportFilter,
  rulesById: ReadonlyMap<string, RuleDefinition>,
): boolean {
  if (!severitySelected(result.severity, filter)) return false;
  const rule = rulesById.get(result.rule_id);
  if (rule) return ruleSelected(rule, filter);
  if (filter.frameworks.length > 0) return false;
  return filter.rules.length === 0 || filter.rules.some((pattern) => globMatch(pattern, result.rule_id));
}

/** `--rule` patterns that match no rule at all (a typo, or a custom rule whose folder is not loaded). */
export function unmatchedRulePatterns(rules: readonly RuleDefinition[], filter: ReportFilter): string[] {
  return filter.rules.filter((pattern) => !rules.some((rule) => ruleNameMatches(pattern, rule)));
}
