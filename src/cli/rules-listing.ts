/** `rules list` with the report filters, and the rule lookup of `rules show` (id, alias or catalog id). */
import { FRAMEWORKS, ruleSelected, severitySelected, type Framework, type ReportFilter } from '../engine/filters.js';
import type { LoadedRule } from '../engine/types.js';
import { parseCommandArgs, type CommandSpec } from './args.js';
import { FILTER_OPTIONS, filterFromFlags } from './filter-options.js';
import { textTable } from './text-table.js';

/** The filter flags `rules list` shares with scan and evaluate. */
export const RULES_FILTER_FLAGS = Object.keys(FILTER_OPTIONS).map((name) => `--${name}`);

const RULES_LIST_SPEC: CommandSpec = {
  name: 'rules',
  summary: 'rules list',
  usage: 'rules list',
  positionals: [],
  options: FILTER_OPTIONS,
};

/** Short framework names in the FRAMEWORKS column (each also accepted by --framework). */
const SHORT: Record<Framework, string> = {
  'nist-800-53': 'nist',
  'cis-controls-v8': 'cis',
  'iso-27001': 'iso',
  soc2: 'soc2',
};

/** The filter from `--severity`, `--rule`, `--framework` flags (as `[flag, value, ...]`); usage errors as scan's. */
export function rulesFilter(args: string[]): ReportFilter {
  return filterFromFlags(RULES_LIST_SPEC, parseCommandArgs(RULES_LIST_SPEC, args).values);
}

/** A rule is listed when the filter selects it and its default severity is at or above `--severity`. */
export function listedRules(rules: readonly LoadedRule[], filter: ReportFilter): LoadedRule[] {
  return rules.filter((rule) => ruleSelected(rule, filter) && severitySelected(rule.severity, filter));
}

/** `nist:AC-3,AC-6 cis:6.7`: the controls of every framework the rule maps to. */
export function frameworksText(rule: Pick<LoadedRule, 'frameworks'>): string {
  return FRAMEWORKS.filter((f) => (rule.frameworks?.[f]?.length ?? 0) > 0)
    .map((f) => `${SHORT[f]}:${rule.frameworks[f]!.join(',')}`)
    .join(' ');
}

export function rulesTable(rules: readonly LoadedRule[]): string {
  return textTable([
    ['ID', 'RESOURCE', 'SEVERITY', 'TITLE', 'FRAMEWORKS'],
    ...rules.map((r) => [r.id, r.resource, r.severity, r.title, frameworksText(r)]),
  ]);
}

export function rulesJson(rules: readonly LoadedRule[]): string {
  return `${JSON.stringify(
    rules.map((r) => ({
      id: r.id,
      resource: r.resource,
      severity: r.severity,
      title: r.title,
      ...(r.catalog_id ? { catalog_id: r.catalog_id } : {}),
      frameworks: r.frameworks ?? {},
      builtin: r.builtin,
    })),
    null,
    2,
  )}\n`;
}

/**
 * The rules `rules show NAME` means: the one with that id or alias, else every rule implementing that catalog id
 * (`ZTA-APP-006`; several rules can share one, case ignored).
 */
export function rulesNamed(rules: readonly LoadedRule[], name: string): { rules: LoadedRule[]; byCatalog: boolean } {
  const exact = rules.find((r) => r.id === name || r.aliases?.includes(name));
  if (exact) return { rules: [exact], byCatalog: false };
  const wanted = name.toUpperCase();
  return { rules: rules.filter((r) => r.catalog_id?.toUpperCase() === wanted), byCatalog: true };
}
