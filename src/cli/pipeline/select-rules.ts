import {
  NO_FILTER,
  resultSelected,
  ruleSelected,
  unmatchedRulePatterns,
  type ReportFilter,
} from '../../engine/filters.js';
import type { LoadedRule, Result } from '../../engine/types.js';
import { UserError } from '../errors.js';

export interface RuleSelection {
  /** The rules to evaluate. */
  rules: LoadedRule[];
  /** False for a name (id or alias) of a loaded rule the filter leaves out; names of no rule stay in. */
  selects: (name: string) => boolean;
  /** Whether a result is reported (severity, rule and framework). */
  reported: (result: Result) => boolean;
}

/**
 * Applies `--rule` and `--framework` to the loaded rules (a `--rule` that matches no rule, or filters that leave
 * none, is a usage error) and gives the predicates that keep configuration, suppressions and results in step.
 */
export function selectRules(loaded: LoadedRule[], filter: ReportFilter = NO_FILTER): RuleSelection {
  const unmatched = unmatchedRulePatterns(loaded, filter);
  if (unmatched.length > 0) {
    throw new UserError(
      'usage',
      '--rule {patterns} matches no rule.',
      { patterns: unmatched.join(', ') },
      'Run "cf-access-audit rules list" for the ids (custom rules need --rules DIR or rule_folders).',
    );
  }
  const rules = loaded.filter((rule) => ruleSelected(rule, filter));
  if (rules.length === 0) {
    throw new UserError(
      'usage',
      'no rule matches both --rule and --framework.',
      {},
      'Run "cf-access-audit rules list" with the same --rule and --framework to see what they select.',
    );
  }
  const left = new Set(loaded.filter((rule) => !rules.includes(rule)).flatMap((r) => [r.id, ...(r.aliases ?? [])]));
  const byId = new Map(loaded.map((rule) => [rule.id, rule]));
  return {
    rules,
    selects: (name) => !left.has(name),
    reported: (result) => resultSelected(result, filter, byId),
  };
}
