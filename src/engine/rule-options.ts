import type { RuleDefinition } from './types.js';
import { RuleConfigError, type LoadProblem } from './errors.js';
import { compiledRule } from './load-rules.js';

/**
 * The rule's `$options`: declared defaults overridden by `overrides` (from the config file).
 * An unknown option or a value that does not match the option's schema is a RuleConfigError naming `source`.
 */
export function resolveRuleOptions(
  rule: RuleDefinition,
  overrides: Record<string, unknown> | undefined,
  source = 'rule configuration',
): Record<string, unknown> {
  const declared = rule.options ?? {};
  const values: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(declared)) values[name] = schema.default;
  if (!overrides) return values;
  const problems: LoadProblem[] = [];
  const { optionValidators } = compiledRule(rule);
  for (const [name, value] of Object.entries(overrides)) {
    const field = `rules.${rule.id}.options.${name}`;
    if (!Object.hasOwn(declared, name)) {
      const known = Object.keys(declared);
      problems.push({
        file: source,
        field,
        message:
          `rule ${rule.id} has no option "${name}"; ` +
          `${known.length ? `its options are: ${known.join(', ')}` : 'it takes no options'}`,
      });
      continue;
    }
    const validate = optionValidators.get(name)!;
    if (!validate(value)) {
      const why = (validate.errors ?? [])
        .map((e) => `${e.instancePath || 'value'} ${e.message ?? e.keyword}`)
        .join('; ');
      problems.push({
        file: source,
        field,
        message: `${JSON.stringify(value)} is not a valid value (${why}); ${declared[name]!.description}`,
      });
      continue;
    }
    values[name] = value;
  }
  if (problems.length > 0) throw new RuleConfigError(problems);
  return values;
}
