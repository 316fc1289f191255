import path from 'node:path';
import { flag, listValue, stringValue, type ParsedValues } from '../args.js';
import { UserError } from '../errors.js';
import { DEFAULT_TIMEOUT, timeoutMs } from '../duration.js';
import { DEFAULT_OUT_DIR, REPORT_FORMATS, type FailOn, type ReportFormatName } from '../command-specs.js';
import type { LoadedConfig, RuleSetting } from './load-config.js';
import { DEFAULT_ENGINE, type Engine } from '../../engine/engines.js';
import type { ReportFilter } from '../../engine/filters.js';

export interface AccountTarget {
  id: string;
  /** Label from the configuration file, if any. */
  name?: string;
  zones: string[];
}

/** Everything a command needs, after flags > environment > configuration file. Paths are absolute. */
export interface RunOptions {
  configFile: string | undefined;
  accounts: AccountTarget[];
  outDir: string;
  ruleFolders: string[];
  ruleSettings: Record<string, RuleSetting>;
  suppressionsFile: string | undefined;
  failOn: FailOn;
  allowPartial: boolean;
  baseline: string | undefined;
  formats: ReportFormatName[];
  /** Repository root SARIF artifact URIs are relative to (`--sarif-root`, `output.sarif_root`); undefined: --out. */
  sarifRoot?: string | undefined;
  /** report.sarif keeps suppressed findings (`--sarif-suppressed`, `output.sarif_suppressed`). */
  sarifSuppressed?: boolean;
  /** findings.json lists pass and not-applicable results too (`--include-passing`, `output.include_passing`). */
  includePassing?: boolean;
  /** From CLOUDFLARE_BASE_URL, else `api.base_url`; undefined means the public API. */
  baseUrl: string | undefined;
  concurrency: number | undefined;
  requestBudget: number | undefined;
  /** Bound of the whole collection (`--timeout`, `timeout:`; default 30m): as given, and in milliseconds. */
  timeout: { label: string; ms: number };
  /** Wall time each rule may spend on one snapshot (`rule_budget:`), in milliseconds; undefined: the default (2 s). */
  ruleBudgetMs?: number | undefined;
  /** Rule evaluator: `--engine`, else `engine:`, else the default (fast). */
  engine?: Engine;
  /** `--severity`, `--rule`, `--framework` (set by the commands that have them); undefined: report everything. */
  filter?: ReportFilter;
}

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Merges the parsed flags, the environment and the configuration file (in that order of precedence). */
export function resolveRunOptions(
  values: ParsedValues,
  env: Record<string, string | undefined>,
  loaded: LoadedConfig,
  cwd: string,
): RunOptions {
  const { config, file } = loaded;
  const fromFile = (p: string): string => path.resolve(file ? path.dirname(file) : cwd, p);
  const fromCwd = (p: string): string => path.resolve(cwd, p);

  const flagZones = listValue(values, 'zone');
  for (const id of [...listValue(values, 'account'), ...flagZones]) checkId(id, '--account/--zone');
  const envAccount = env.CLOUDFLARE_ACCOUNT_ID?.trim();
  if (envAccount) checkId(envAccount, 'CLOUDFLARE_ACCOUNT_ID');

  const fileAccounts = config.accounts ?? [];
  const accountIds =
    listValue(values, 'account').length > 0
      ? listValue(values, 'account')
      : envAccount
        ? [envAccount]
        : fileAccounts.map((a) => a.id);
  const accounts = unique(accountIds).map((id): AccountTarget => {
    const fromConfig = fileAccounts.find((a) => a.id === id);
    const zones = flagZones.length > 0 ? flagZones : (fromConfig?.zones ?? config.zones ?? []);
    return { id, ...(fromConfig?.name ? { name: fromConfig.name } : {}), zones: unique(zones) };
  });

  const outFlag = stringValue(values, 'out');
  const baselineFlag = stringValue(values, 'baseline');
  const suppressionsFlag = stringValue(values, 'suppressions');
  const formatFlags = listValue(values, 'format') as ReportFormatName[];
  const sarifRootFlag = stringValue(values, 'sarif-root');
  const envBaseUrl = env.CLOUDFLARE_BASE_URL?.trim();

  return {
    configFile: file,
    accounts,
    outDir:
      outFlag !== undefined
        ? fromCwd(outFlag)
        : config.output?.dir
          ? fromFile(config.output.dir)
          : fromCwd(DEFAULT_OUT_DIR),
    ruleFolders: unique([...(config.rule_folders ?? []).map(fromFile), ...listValue(values, 'rules').map(fromCwd)]),
    ruleSettings: config.rules ?? {},
    suppressionsFile:
      suppressionsFlag !== undefined
        ? fromCwd(suppressionsFlag)
        : config.suppressions
          ? fromFile(config.suppressions)
          : undefined,
    failOn: (stringValue(values, 'fail-on') as FailOn | undefined) ?? config.fail_on ?? 'high',
    allowPartial: flag(values, 'allow-partial') || (config.allow_partial ?? false),
    baseline:
      baselineFlag !== undefined ? fromCwd(baselineFlag) : config.baseline ? fromFile(config.baseline) : undefined,
    formats: formatFlags.length > 0 ? unique(formatFlags) : (config.output?.formats ?? [...REPORT_FORMATS]),
    sarifRoot:
      sarifRootFlag !== undefined
        ? fromCwd(sarifRootFlag)
        : config.output?.sarif_root
          ? fromFile(config.output.sarif_root)
          : undefined,
    sarifSuppressed: flag(values, 'sarif-suppressed') || (config.output?.sarif_suppressed ?? false),
    includePassing: flag(values, 'include-passing') || (config.output?.include_passing ?? false),
    baseUrl: envBaseUrl || config.api?.base_url,
    concurrency: config.api?.concurrency,
    requestBudget: config.api?.request_budget,
    timeout: resolveTimeout(stringValue(values, 'timeout'), config.timeout),
    ruleBudgetMs: config.rule_budget === undefined ? undefined : timeoutMs(config.rule_budget, 'rule_budget'),
    engine: (stringValue(values, 'engine') as Engine | undefined) ?? config.engine ?? DEFAULT_ENGINE,
  };
}

function resolveTimeout(flagValue: string | undefined, fileValue: string | undefined): RunOptions['timeout'] {
  const label = flagValue ?? fileValue ?? DEFAULT_TIMEOUT;
  const source = flagValue !== undefined ? '--timeout' : fileValue !== undefined ? 'timeout' : 'default';
  return { label, ms: timeoutMs(label, source) };
}

/** Demands at least one account; the error says where an account can come from. */
export function requireAccounts(options: RunOptions, command: string): AccountTarget[] {
  if (options.accounts.length === 0) {
    throw new UserError(
      'usage',
      '"{command}" needs an account id.',
      { command },
      'Pass --account ID, set CLOUDFLARE_ACCOUNT_ID, or list accounts in cf-access-audit.config.yaml.',
    );
  }
  return options.accounts;
}

function checkId(id: string, source: string): void {
  if (!ID_PATTERN.test(id)) {
    throw new UserError(
      'usage',
      '{source} "{id}" does not look like a Cloudflare id (letters, digits, "-" and "_" only).',
      { source, id },
      'Copy the id from the Cloudflare dashboard (Account home → Account ID).',
    );
  }
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
