/** `--severity`, `--rule` and `--framework` as parsed flags → a ReportFilter (README "Filters"). */
import {
  FRAMEWORK_ALIASES,
  FRAMEWORKS,
  type Framework,
  type FrameworkFilter,
  type ReportFilter,
} from '../engine/filters.js';
import { SEVERITIES, type Severity } from '../engine/types.js';
import { listValue, stringValue, usageError, type CommandSpec, type OptionSpec, type ParsedValues } from './args.js';
import { didYouMean } from './did-you-mean.js';

const FRAMEWORK_NAMES = [...FRAMEWORKS, ...Object.keys(FRAMEWORK_ALIASES)];

export const FILTER_OPTIONS: Record<string, OptionSpec> = {
  severity: {
    type: 'string',
    value: 'SEVERITY',
    choices: SEVERITIES,
    description: 'Report (and fail on) only results at or above: critical|high|medium|low|info.',
  },
  rule: {
    type: 'string',
    multiple: true,
    value: 'ID',
    description: 'Only this rule: id, alias or catalog id; * is a wildcard (access-application-*); repeatable.',
  },
  framework: {
    type: 'string',
    multiple: true,
    value: 'NAME[:CONTROL]',
    description: `Only rules mapped to ${FRAMEWORKS.join('|')} (cis-v8 too), or one control (nist-800-53:AC-*).`,
  },
};

function parseFramework(spec: CommandSpec, value: string): FrameworkFilter {
  const colon = value.indexOf(':');
  const name = (colon < 0 ? value : value.slice(0, colon)).trim().toLowerCase();
  const control = colon < 0 ? undefined : value.slice(colon + 1).trim();
  const framework = (FRAMEWORKS as readonly string[]).includes(name) ? (name as Framework) : FRAMEWORK_ALIASES[name];
  if (framework === undefined) {
    throw usageError(
      spec,
      `--framework "${value}" names no framework; use one of ${FRAMEWORKS.join(', ')}` +
        ` (optionally with :CONTROL).${didYouMean(name, FRAMEWORK_NAMES)}`,
    );
  }
  if (control === '') throw usageError(spec, `--framework "${value}" has an empty control; write ${framework}:AC-2.`);
  return control === undefined ? { framework } : { framework, control };
}

/** The filter given on the command line (options the command does not have count as not given). */
export function filterFromFlags(spec: CommandSpec, values: ParsedValues): ReportFilter {
  const severity = stringValue(values, 'severity') as Severity | undefined;
  const rules = listValue(values, 'rule').map((pattern) => pattern.trim());
  const empty = rules.find((pattern) => pattern === '');
  if (empty !== undefined) throw usageError(spec, '--rule needs a rule id, alias or catalog id.');
  return {
    ...(severity ? { minSeverity: severity } : {}),
    rules,
    frameworks: listValue(values, 'framework').map((value) => parseFramework(spec, value)),
  };
}
