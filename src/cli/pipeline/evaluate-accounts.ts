import path from 'node:path';
import { loadAllRules } from '../../engine/load-rules.js';
import { evaluateSnapshot } from '../../engine/evaluate.js';
import type { Engine } from '../../engine/engines.js';
import { loadSuppressions, unmatchedWarning } from '../../engine/suppressions.js';
import { customRuleWarnings } from '../../engine/absent-fields.js';
import { resolveRuleOptions } from '../../engine/rule-options.js';
import { didYouMean } from '../did-you-mean.js';
import { isFinding, type LoadedRule, type Result, type Severity, type SuppressionEntry } from '../../engine/types.js';
import { readSnapshot } from '../../snapshot/read.js';
import type { Snapshot } from '../../snapshot/types.js';
import { applyBaseline, loadBaseline, BaselineError, type Baseline } from '../../engine/baseline.js';
import type { AccountReport, FailedAccount, ReportInput } from '../../renderers/types.js';
import { resultRegions, snapshotDocuments } from '../../renderers/locations.js';
import { setPassingAside } from '../../renderers/passing.js';
import { accountFailure, stopsTheRun } from './account-failure.js';
import { selectRules } from './select-rules.js';
import type { AccountSpill } from './account-spill.js';
import { boundAccountReport } from './bound-report.js';
import { snapshotDirsBelowRoot } from './sarif-options.js';
import { TOOL_VERSION } from '../../paths.js';
import { UserError } from '../errors.js';
import type { RunOptions } from '../config/resolve-options.js';
import type { ProgressReporter } from '../progress.js';
import type { AccountTarget } from '../config/resolve-options.js';

export interface SnapshotToEvaluate {
  target: Pick<AccountTarget, 'id' | 'name'>;
  dir: string;
}

/** Rules, rule settings, suppressions and baseline: everything evaluation needs besides the snapshots. */
export interface EvaluationSetup {
  rules: LoadedRule[];
  ruleOptions: Record<string, Record<string, unknown>>;
  disabledRules: string[];
  severityOverrides: Record<string, Severity>;
  suppressions: SuppressionEntry[];
  baseline: Baseline | undefined;
  configSource: string;
  /** Wall time each rule may spend on one snapshot (undefined: the engine's default). */
  ruleBudgetMs?: number;
  /** Rule evaluator (src/engine/engines.ts); undefined: the default. */
  engine?: Engine;
  /** Custom rules whose check compares a field no test case leaves absent (src/engine/absent-fields.ts). */
  ruleWarnings?: string[];
  /** `--severity`, `--rule`, `--framework`: whether a result (or a fixed finding) is reported (absent: all). */
  reported?: (result: Result) => boolean;
  /** `--include-passing`: keep pass and not-applicable results one by one (otherwise counted per rule and type). */
  includePassing?: boolean;
  /** `--sarif-root`: SARIF paths relative to this repository root (every snapshot must be below it). */
  sarifRoot?: string;
}

/** Loads rules and the rest before any API request, so a bad rule or file fails fast (exit 2). */
export async function prepareEvaluation(options: RunOptions): Promise<EvaluationSetup> {
  const loaded = await loadAllRules(options.ruleFolders);
  const ruleOptions: Record<string, Record<string, unknown>> = {};
  const disabledRules: string[] = [];
  const severityOverrides: Record<string, Severity> = {};
  checkRuleSettings(loaded, options);
  const { rules, selects, reported } = selectRules(loaded, options.filter);
  for (const [id, setting] of Object.entries(options.ruleSettings)) {
    if (!selects(id)) continue;
    if (setting.options) ruleOptions[id] = setting.options;
    if (setting.enabled === false) disabledRules.push(id);
    if (setting.severity) severityOverrides[id] = setting.severity;
  }
  let baseline: Baseline | undefined;
  if (options.baseline) {
    try {
      baseline = await loadBaseline(options.baseline);
    } catch (error) {
      if (error instanceof BaselineError) throw new UserError('input', '{message}', { message: error.message });
      throw error;
    }
  }
  return {
    rules,
    ruleOptions,
    disabledRules,
    severityOverrides,
    suppressions: (options.suppressionsFile ? await loadSuppressions(options.suppressionsFile) : []).filter((entry) =>
      selects(entry.rule),
    ),
    baseline,
    configSource: options.configFile ?? 'the configuration',
    ...(options.ruleBudgetMs !== undefined ? { ruleBudgetMs: options.ruleBudgetMs } : {}),
    ...(options.engine ? { engine: options.engine } : {}),
    reported,
    ruleWarnings: await customRuleWarnings(rules),
    ...(options.includePassing ? { includePassing: true } : {}),
    ...(options.sarifRoot !== undefined ? { sarifRoot: options.sarifRoot } : {}),
  };
}

/**
 * Checks `rules:` of the configuration against the loaded rules before any request is made: every key names
 * a rule (or alias) and every option value matches the rule's option schema.
 */
export function checkRuleSettings(rules: LoadedRule[], options: Pick<RunOptions, 'ruleSettings' | 'configFile'>): void {
  const byName = new Map<string, LoadedRule>();
  for (const rule of rules) for (const name of [rule.id, ...(rule.aliases ?? [])]) byName.set(name, rule);
  const source = options.configFile ?? 'the configuration';
  for (const [id, setting] of Object.entries(options.ruleSettings)) {
    const rule = byName.get(id);
    if (!rule) {
      throw new UserError(
        'config',
        '{file}: key "rules.{id}" names no loaded rule.{hint}',
        {
          file: source,
          id,
          hint: didYouMean(id, [...byName.keys()]),
        },
        'Run "cf-access-audit rules list" for the ids (custom rules need their folder in rule_folders or --rules).',
      );
    }
    if (setting.options) resolveRuleOptions(rule, setting.options, source);
  }
}

/** Identity provider id → name, for the reports' access map. */
function idpNames(snapshot: Snapshot): Record<string, string> {
  const names: Record<string, string> = {};
  for (const record of snapshot.resources.identity_provider ?? []) {
    const name = record.data.name;
    names[record.key] = typeof name === 'string' && name !== '' ? name : record.key;
  }
  return names;
}

/**
 * Evaluates each snapshot and assembles the renderers' input (account order as given). With several
 * accounts (or earlier `failures`), an account that cannot be read or evaluated is listed as failed and
 * the others are still reported; a single account's failure stops the run. With `spill`, each account's
 * results go to disk once evaluated, so that memory holds one account at a time (src/cli/pipeline/account-spill.ts).
 */
export async function evaluateSnapshots(
  snapshots: SnapshotToEvaluate[],
  setup: EvaluationSetup,
  outDir: string,
  now: Date,
  progress: ProgressReporter,
  failures: FailedAccount[] = [],
  spill?: AccountSpill,
): Promise<ReportInput> {
  const accounts: AccountReport[] = [];
  const failed = [...failures];
  const isolate = snapshots.length + failures.length > 1;
  for (const warning of setup.ruleWarnings ?? []) progress.warn(warning);
  // Before any evaluation: a snapshot outside --sarif-root is a usage error.
  const repoSnapshotDirs =
    setup.sarifRoot === undefined
      ? []
      : snapshotDirsBelowRoot(
          setup.sarifRoot,
          snapshots.map((s) => path.resolve(s.dir)),
        );
  for (const [i, snapshot] of snapshots.entries()) {
    try {
      const report = await evaluateOne(snapshot, setup, outDir, progress, repoSnapshotDirs[i]);
      accounts.push(spill ? spill.spill(report) : report);
    } catch (error) {
      if (!isolate || stopsTheRun(error)) throw error;
      const failure = accountFailure(snapshot.target, 'evaluate', error);
      failed.push(failure);
      progress.warn(`account ${snapshot.target.id} could not be evaluated: ${failure.message}`);
    }
  }
  return {
    generatedAt: now.toISOString(),
    toolVersion: TOOL_VERSION,
    accounts,
    rules: setup.rules,
    ...(setup.baseline ? { baseline: { source: setup.baseline.source } } : {}),
    ...(failed.length > 0 ? { failedAccounts: failed } : {}),
  };
}

async function evaluateOne(
  { target, dir }: SnapshotToEvaluate,
  setup: EvaluationSetup,
  outDir: string,
  progress: ProgressReporter,
  /** The snapshot folder relative to `--sarif-root`, when given. */
  repoSnapshotDir: string | undefined,
): Promise<AccountReport> {
  const snapshot = await readSnapshot(dir);
  // Rules judge the configuration as it was when collected: a snapshot evaluated months later gives the same findings.
  const evaluation = await evaluateSnapshot(snapshot, setup.rules, {
    now: new Date(snapshot.manifest.collected_at),
    ruleOptions: setup.ruleOptions,
    disabledRules: setup.disabledRules,
    severityOverrides: setup.severityOverrides,
    suppressions: setup.suppressions,
    configSource: setup.configSource,
    ...(setup.ruleBudgetMs !== undefined ? { ruleBudgetMs: setup.ruleBudgetMs } : {}),
    ...(setup.engine ? { engine: setup.engine } : {}),
  });
  let results: Result[] = evaluation.results;
  let fixed: Result[] | undefined;
  if (setup.baseline) {
    const comparison = applyBaseline(results, setup.baseline, snapshot.manifest.account_id);
    results = comparison.results;
    fixed = comparison.fixed;
  }
  if (setup.reported) {
    results = results.filter(setup.reported);
    fixed = fixed?.filter(setup.reported);
  }
  for (const entry of evaluation.suppressions.expired) {
    progress.warn(
      `suppression of ${entry.rule} on ${entry.resource} expired on ${entry.expires}; the finding is reported again.`,
    );
  }
  for (const entry of evaluation.suppressions.unmatched) {
    progress.warn(unmatchedWarning(entry, evaluation.results, snapshot.manifest.account_id));
  }
  // Only what the reports list is kept until rendering (the accounts after this one are evaluated meanwhile):
  // passes counted, and the SARIF regions of findings instead of the snapshot's files.
  const kept = setup.includePassing ? { listed: results } : setPassingAside(results);
  const documents = { manifest: snapshot.manifest, documents: snapshotDocuments(snapshot) };
  const snapshotDir = path.relative(outDir, dir).split(path.sep).join('/') || '.';
  return boundAccountReport({
    accountId: snapshot.manifest.account_id,
    ...(target.name ? { accountName: target.name } : {}),
    manifest: snapshot.manifest,
    results: kept.listed,
    ...('passing' in kept ? { passing: kept.passing } : {}),
    ...(fixed ? { fixedSinceBaseline: fixed } : {}),
    suppressions: evaluation.suppressions,
    snapshotDir,
    ...(repoSnapshotDir === undefined ? {} : { repoSnapshotDir }),
    regions: resultRegions(kept.listed.filter(isFinding), documents),
    ...(evaluation.reach ? { reach: evaluation.reach, idpNames: idpNames(snapshot) } : {}),
  });
}
