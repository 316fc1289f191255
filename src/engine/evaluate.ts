/**
 * Evaluates loaded rules over a snapshot. The `fast` engine runs each check compiled to JS closures
 * (src/engine/fast-eval.ts; a resource it cannot decide, and a check outside its JSONata subset, go to
 * JSONata); the `jsonata` engine calls the JSONata check once per resource. Both produce identical results.
 * A field the rule reads that the API does not document that way makes the result `unknown`
 * (src/engine/undocumented.ts); each rule runs within a time budget (src/engine/budget.ts).
 */
import { hash } from 'node:crypto';
import type { Expression } from 'jsonata';
import { compareText } from '../common/order.js';
import { compareSeverity, severityRank } from '../common/severity.js';
import { RESOURCE_TYPE_SPECS, type ResourceType } from '../catalog/resource-types.js';
import type { ResourceRecord, Snapshot } from '../snapshot/types.js';
import {
  SEVERITIES,
  type AccountEvaluation,
  type Evidence,
  type LoadedRule,
  type Result,
  type Severity,
  type SuppressionEntry,
} from './types.js';
import { compiledRule, type CompiledRule } from './load-rules.js';
import { resolveRuleOptions } from './rule-options.js';
import { renderMessage } from './message.js';
import {
  buildSnapshotIndex,
  lazyReach,
  ReachUnavailable,
  ruleBindings,
  snapshotHelpers,
  type Bindings,
} from './snapshot-index.js';
import { describeExposed, exposedBy, reachFacts } from '../reach/exposure.js';
import { publicReach, type ReachModel } from '../reach/model.js';
import { Budget, DEFAULT_RULE_BUDGET_MS, OverBudget, type Clock } from './budget.js';
import { explainOnSnapshot, unjudged, undocumentedFields } from './undocumented.js';
import { describeError, FAILED, NOT_APPLICABLE, orElse, PASSED, plain, SKIPPED, type Outcome } from './outcome.js';
import { applySuppressions } from './suppressions.js';
import { Bail, FastEvalFault, frameOf, type Frame } from './fast-eval.js';
import { DEFAULT_ENGINE, type Engine } from './engines.js';
import { DERIVED_FROM, isEmbeddedPolicy, ruleRecordsOf, scopePhrase } from './policy-records.js';
import { RuleConfigError, type LoadProblem } from './errors.js';

export interface EvaluateOptions {
  /** Scan time: `$now`, date helpers and suppression expiry. */
  now: Date;
  /** Option overrides per rule id (or alias). */
  ruleOptions?: Record<string, Record<string, unknown>>;
  /** Rule ids (or aliases) not to evaluate. */
  disabledRules?: string[];
  severityOverrides?: Record<string, Severity>;
  suppressions?: SuppressionEntry[];
  /** Where the overrides came from (named in configuration errors). */
  configSource?: string;
  /** Wall time each rule may spend on the snapshot, all its expressions together (default 2000 ms). */
  ruleBudgetMs?: number;
  /** The clock that budget is measured on, in ms (default `performance.now`); tests drive their own. */
  clock?: Clock;
  /** `fast` (default) or `jsonata` (src/engine/engines.ts). */
  engine?: Engine;
}

export function fingerprint(ruleId: string, accountId: string, type: ResourceType, resourceId: string): string {
  return hash('sha256', `${ruleId}\n${accountId}\n${type}\n${resourceId}`, 'hex');
}

/** Longest display name put into results and messages (every result repeats it). */
export const MAX_DISPLAY_NAME = 200;

/** Display name of a resource: its type's name field, else `name`/`hostname`/`domain`, else its key; cut to 200. */
export function displayName(record: Pick<ResourceRecord, 'type' | 'key' | 'data'>): string {
  const field = RESOURCE_TYPE_SPECS[record.type].nameField;
  let name = record.key;
  for (const f of [field, 'name', 'hostname', 'domain']) {
    const v = f ? record.data[f] : undefined;
    if (typeof v === 'string' && v !== '') {
      name = v;
      break;
    }
  }
  return name.length > MAX_DISPLAY_NAME ? `${name.slice(0, MAX_DISPLAY_NAME - 1)}…` : name;
}

interface ResultGroup {
  severity: Severity;
  id: string;
  type: ResourceType;
  results: Result[];
}

/**
 * The results in a deterministic order without one big comparator sort: groups (one per rule) ordered by
 * severity, id and type, each sorted by resource, then concatenated. Reports re-sort them with `compareResults`
 * (src/renderers/results.ts).
 */
function sortedResults(groups: ResultGroup[]): Result[] {
  groups.sort(
    (a, b) => compareSeverity(a.severity, b.severity) || compareText(a.id, b.id) || compareText(a.type, b.type),
  );
  const out: Result[] = [];
  for (const g of groups) {
    g.results.sort(
      (a, b) =>
        compareText(a.resource_id, b.resource_id) ||
        compareText(a.file ?? '', b.file ?? '') ||
        compareText(a.zone_id ?? '', b.zone_id ?? ''),
    );
    for (const r of g.results) out.push(r);
  }
  return out;
}

async function evaluateOne(c: CompiledRule, data: unknown, bindings: Bindings, budget: Budget): Promise<Outcome> {
  try {
    budget.arm(c.guard);
    return { ok: true, value: await c.check.evaluate(data, bindings) };
  } catch (error) {
    return { ok: false, error };
  }
}

type Run = (c: CompiledRule, records: ResourceRecord[], bindings: Bindings, budget: Budget) => Promise<Outcome[]>;

async function evaluatePerResource(
  c: CompiledRule,
  records: ResourceRecord[],
  bindings: Bindings,
  budget: Budget,
): Promise<Outcome[]> {
  const out: Outcome[] = [];
  for (const r of records) out.push(await evaluateOne(c, r.data, bindings, budget));
  return out;
}

/**
 * After the fast path threw: true when it bailed out (JSONata decides), false for a budget limit (an outcome
 * of its own). Anything else is a fault of the fast evaluator and is raised, never hidden by a fallback.
 */
function bailedOut(error: unknown, budget: Budget, where: string): boolean {
  if (error instanceof Bail) return true;
  if (budget.describe(error) !== null) return false;
  throw new FastEvalFault(where, error);
}

/** The check compiled to JS closures, one resource at a time; a resource it cannot decide goes to JSONata. */
async function evaluateCompiled(
  c: CompiledRule,
  records: ResourceRecord[],
  bindings: Bindings,
  budget: Budget,
): Promise<Outcome[]> {
  if (!c.fast) return evaluatePerResource(c, records, bindings, budget);
  const frame = frameOf(bindings);
  const out: Outcome[] = new Array(records.length);
  let over: Outcome | null = null;
  for (let i = 0; i < records.length; i++) {
    if (over) {
      out[i] = over;
      continue;
    }
    const data = records[i]!.data;
    try {
      // The deadline holds inside each evaluation (lambda calls); between resources it is checked now and then.
      if ((i & 31) === 0) budget.arm(c.guard);
      const value = c.fast.evaluate(data, frame);
      out[i] =
        value === true ? PASSED : value === false ? FAILED : value === undefined ? NOT_APPLICABLE : { ok: true, value };
    } catch (error) {
      const where = `the check of ${c.id} on resource ${records[i]!.key}`;
      out[i] = bailedOut(error, budget, where) ? await evaluateOne(c, data, bindings, budget) : { ok: false, error };
    }
    if (budget.expired()) over = { ok: false, error: new OverBudget() };
  }
  return out;
}

/**
 * Evaluate a rule's `setup` once (compiled when `compiled` and it can decide, else JSONata) and bind its
 * value as `$setup`; on failure, the outcome of every resource.
 */
async function evaluateSetup(
  c: CompiledRule,
  setup: Expression,
  bindings: Bindings,
  compiled: boolean,
  budget: Budget,
): Promise<Outcome | null> {
  if (compiled && c.fastSetup) {
    try {
      budget.arm(c.guard);
      bindings.setup = c.fastSetup.evaluate(undefined, frameOf(bindings));
      return null;
    } catch (error) {
      if (!bailedOut(error, budget, `the setup expression of ${c.id}`)) {
        return { ok: false, error, where: 'setup expression' };
      }
    }
  }
  try {
    budget.arm(c.guard);
    bindings.setup = await setup.evaluate(undefined, bindings);
    return null;
  } catch (error) {
    return { ok: false, error, where: 'setup expression' };
  }
}

/** A failing resource's own severity from the rule's `severity_by` (the rule's severity when it gives none). */
async function severityOf(
  c: CompiledRule,
  data: Record<string, unknown>,
  bindings: Bindings,
  fallback: Severity,
  budget: Budget,
): Promise<Severity> {
  try {
    budget.arm(c.guard);
    const value: unknown = await c.severityBy!.evaluate(data, bindings);
    if ((SEVERITIES as readonly unknown[]).includes(value)) return value as Severity;
  } catch {
    // A severity expression that fails leaves the rule's severity: the finding itself stands.
  }
  return fallback;
}

/** A result about a whole resource type (`resource_id` `*`), for rules that cannot judge single resources. */
function typeWideResult(
  ruleId: string,
  status: 'not_applicable' | 'unknown',
  severity: Severity,
  account: string,
  type: ResourceType,
  message: string,
  detail: string,
): Result {
  return {
    rule_id: ruleId,
    status,
    severity,
    account_id: account,
    resource_type: type,
    resource_id: '*',
    resource_name: null,
    file: null,
    fingerprint: fingerprint(ruleId, account, type, '*'),
    message,
    evidence: [],
    detail,
  };
}

interface Coverage {
  /**
   * Why the data the rule needs is incomplete (`forbidden`, `error`, missing from the manifest): no pass, one
   * `unknown`.
   */
  problems: string[];
  /** Set when the rule's own type answered 404 (the account lacks the feature): nothing exists to audit. */
  absent?: string;
}

/**
 * `not_collected` (HTTP 404) means the feature is absent, so its resources are an empty, complete list: a joined
 * type contributes nothing and the rule's own type makes the rule not applicable. Anything else but `ok` is unknown.
 */
function coverageOf(snapshot: Snapshot, own: ResourceType, types: ResourceType[]): Coverage {
  const coverage: Coverage = { problems: [] };
  for (const type of types) {
    const entry = snapshot.manifest.coverage?.[type];
    if (!entry) coverage.problems.push(`${type} is missing from the snapshot manifest`);
    else if (entry.status === 'not_collected') {
      if (type === own) coverage.absent = entry.message ?? `${type} is not available in this account`;
    } else if (entry.status !== 'ok')
      coverage.problems.push(`${type} is ${entry.status}${entry.message ? `: ${entry.message}` : ''}`);
    for (const [zone, entries] of Object.entries(snapshot.manifest.zone_coverage ?? {})) {
      const z = entries[type];
      if (z && z.status !== 'ok' && z.status !== 'not_collected')
        coverage.problems.push(`${type} in zone ${zone} is ${z.status}${z.message ? `: ${z.message}` : ''}`);
    }
  }
  return coverage;
}

function normalizeEvidence(value: unknown): Evidence[] | null {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  const out: Evidence[] = [];
  for (const item of list) {
    if (typeof item !== 'object' || item === null || typeof (item as Evidence).path !== 'string') return null;
    out.push({ path: (item as Evidence).path, value: plain((item as Evidence).value) });
  }
  return out;
}

/** The evidence expression's value: compiled when `frame` is given and it can decide, else JSONata. */
async function evidenceValue(
  c: CompiledRule,
  evidence: Expression,
  data: Record<string, unknown>,
  bindings: Bindings,
  frame: Frame | null,
  budget: Budget,
): Promise<unknown> {
  budget.arm(c.guard);
  if (frame && c.fastEvidence) {
    try {
      return c.fastEvidence.evaluate(data, frame);
    } catch (error) {
      if (!bailedOut(error, budget, `the evidence expression of ${c.id}`)) throw error;
    }
  }
  return evidence.evaluate(data, bindings);
}

async function evidenceFor(
  c: CompiledRule,
  data: Record<string, unknown>,
  bindings: Bindings,
  frame: Frame | null,
  budget: Budget,
): Promise<{ evidence: Evidence[]; detail?: string }> {
  const fallback = c.checkFields.map((f) => ({ path: f, value: plain(data[f]) }));
  if (!c.evidence) return { evidence: fallback };
  try {
    const ev = normalizeEvidence(await evidenceValue(c, c.evidence, data, bindings, frame, budget));
    if (ev) return { evidence: ev };
    return {
      evidence: fallback,
      detail: 'the evidence expression did not return [{"path": …, "value": …}]; showing the fields the check reads',
    };
  } catch (err) {
    if (err instanceof FastEvalFault) throw err;
    const why = budget.describe(err) ?? describeError(err);
    const detail = `the evidence expression failed (${why}); showing the fields the check reads`;
    return { evidence: fallback, detail };
  }
}

interface RuleLookup {
  byName: Map<string, LoadedRule>;
}

function lookupRules(rules: LoadedRule[]): RuleLookup {
  const byName = new Map<string, LoadedRule>();
  for (const r of rules) for (const n of [r.id, ...(r.aliases ?? [])]) byName.set(n, r);
  return { byName };
}

function checkConfigNames(lookup: RuleLookup, opts: EvaluateOptions): void {
  const problems: LoadProblem[] = [];
  const source = opts.configSource ?? 'rule configuration';
  const check = (names: Iterable<string>, field: string) => {
    for (const n of names) {
      if (!lookup.byName.has(n))
        problems.push({
          file: source,
          field: `${field}.${n}`,
          message: `no loaded rule has the id or alias "${n}"; run \`cf-access-audit rules list\` for the ids`,
        });
    }
  };
  check(Object.keys(opts.ruleOptions ?? {}), 'rules');
  check(Object.keys(opts.severityOverrides ?? {}), 'severity');
  check(opts.disabledRules ?? [], 'disabled');
  for (const [n, s] of Object.entries(opts.severityOverrides ?? {})) {
    if (!(SEVERITIES as readonly string[]).includes(s))
      problems.push({
        file: source,
        field: `severity.${n}`,
        message: `"${String(s)}" is not a severity; use one of ${SEVERITIES.join(', ')}`,
      });
  }
  if (problems.length > 0) throw new RuleConfigError(problems);
}

function settingFor<T>(map: Record<string, T> | undefined, rule: LoadedRule): T | undefined {
  if (!map) return undefined;
  for (const n of [rule.id, ...(rule.aliases ?? [])]) if (Object.hasOwn(map, n)) return map[n];
  return undefined;
}

/** The reach model, or null when it could not be built from the snapshot (ReachUnavailable). */
function reachOrNull(reach: () => ReachModel): ReachModel | null {
  try {
    return reach();
  } catch (err) {
    if (err instanceof ReachUnavailable) return null;
    throw err;
  }
}

/** Evaluate every rule over the snapshot with `opts.engine` (default fast: compiled checks, else JSONata). */
export async function evaluateSnapshot(
  snapshot: Snapshot,
  rules: LoadedRule[],
  opts: EvaluateOptions,
): Promise<AccountEvaluation> {
  const compiled = (opts.engine ?? DEFAULT_ENGINE) === 'fast';
  const run: Run = compiled ? evaluateCompiled : evaluatePerResource;
  const lookup = lookupRules(rules);
  checkConfigNames(lookup, opts);
  const disabled = new Set(opts.disabledRules ?? []);
  const account = snapshot.manifest.account_id;
  const index = buildSnapshotIndex(snapshot);
  const reach = lazyReach(index, opts.now);
  const helpers = snapshotHelpers(index, opts.now, reach);
  const groups = new Map<string, ResultGroup>();
  const names = new Map<ResourceRecord, string>();
  const recordsOf = ruleRecordsOf(snapshot);
  // Built before any rule runs, so that its time is not charged to the first rule that asks.
  const model = reachOrNull(reach);

  for (const rule of rules) {
    if ([rule.id, ...(rule.aliases ?? [])].some((n) => disabled.has(n))) continue;
    const c = compiledRule(rule);
    const options = resolveRuleOptions(rule, settingFor(opts.ruleOptions, rule), opts.configSource);
    const override = settingFor(opts.severityOverrides, rule);
    const severity = override ?? rule.severity;
    const bindings = ruleBindings(helpers, index, { now: opts.now, account, options });
    const records = recordsOf(rule.resource);
    const readTypes = [...new Set([rule.resource, ...(DERIVED_FROM[rule.resource] ?? []), ...(rule.uses ?? [])])];
    const coverage = coverageOf(snapshot, rule.resource, readTypes);
    // A finding that rests on another type that was not fully read is not known to be one.
    const joined = (rule.uses ?? []).filter((t) => t !== rule.resource);
    const joinedProblems = coverageOf(snapshot, rule.resource, joined).problems;
    const budget = new Budget(opts.ruleBudgetMs ?? DEFAULT_RULE_BUDGET_MS, opts.clock);
    const outcomes: Outcome[] = new Array(records.length);
    const applicable: ResourceRecord[] = [];
    const positions: number[] = [];
    for (let i = 0; i < records.length; i++) {
      if (c.appliesTo(records[i]!.data)) {
        applicable.push(records[i]!);
        positions.push(i);
      } else {
        outcomes[i] = SKIPPED;
      }
    }
    if (applicable.length > 0) {
      const failed = c.setup ? await evaluateSetup(c, c.setup, bindings, compiled, budget) : null;
      const decided = failed ? applicable.map(() => failed) : await run(c, applicable, bindings, budget);
      for (let k = 0; k < positions.length; k++) outcomes[positions[k]!] = decided[k]!;
    }
    const type = rule.resource;
    const resultsAt = (sev: Severity): Result[] => {
      const groupKey = `${severityRank(sev)}\n${rule.id}\n${type}`;
      let group = groups.get(groupKey);
      if (!group) groups.set(groupKey, (group = { severity: sev, id: rule.id, type, results: [] }));
      return group.results;
    };
    const out = resultsAt(severity);
    const complete = coverage.problems.length === 0;
    let frame: Frame | null = null;
    const problems = undocumentedFields(records);
    let snapshotProblem: string | null | undefined;
    const onSnapshot = () =>
      snapshotProblem === undefined ? (snapshotProblem = explainOnSnapshot(readTypes, recordsOf)) : snapshotProblem;

    for (let i = 0; i < records.length; i++) {
      const record = records[i]!;
      const outcome = outcomes[i]!;
      const value = outcome.ok ? outcome.value : undefined;
      if (outcome.ok && value === true && !complete) continue;
      const key = record.key;
      let name = names.get(record);
      if (name === undefined) names.set(record, (name = displayName(record)));
      // Most results: a resource with nothing undocumented, judged true, false or undefined.
      const judged = value === true || value === false || value === undefined;
      const plainJudgement = outcome.ok && judged && problems[i] === null;
      const cannot = plainJudgement ? null : unjudged(rule, c, record, name, problems[i]!, outcome, onSnapshot, budget);
      const print = fingerprint(rule.id, account, type, key);
      const result: Result = {
        rule_id: rule.id,
        severity,
        account_id: account,
        resource_type: type,
        resource_id: key,
        resource_name: name,
        file: record.file,
        ...(record.scope.kind === 'zone' ? { zone_id: record.scope.id } : {}),
        fingerprint: print,
        status: 'error',
        message: '',
        evidence: [],
      };
      if (isEmbeddedPolicy(record)) result.application = { ...record.application };
      if (cannot) {
        result.status = 'unknown';
        result.message = cannot.message;
        result.detail = cannot.detail;
      } else if (!outcome.ok) {
        result.message = `Rule ${rule.id} could not be evaluated on '${name}' (${key}).`;
        result.detail =
          budget.describe(outcome.error) ?? `the ${outcome.where ?? 'check'} threw ${describeError(outcome.error)}`;
      } else if (value === true) {
        result.status = 'pass';
        result.message = `'${name}' (${key}): ${rule.title}.`;
      } else if (value === undefined) {
        result.status = 'not_applicable';
        result.message = `Rule ${rule.id} does not apply to '${name}' (${key}).`;
      } else if (value === false && joinedProblems.length > 0) {
        result.status = 'unknown';
        result.message = `Rule ${rule.id} could not judge '${name}' (${key}): data it joins was not collected.`;
        result.detail = joinedProblems.join('; ');
      } else if (value === false) {
        const evidenceFrame = compiled ? (frame ??= frameOf(bindings)) : null;
        const { evidence, detail } = await evidenceFor(c, record.data, bindings, evidenceFrame, budget);
        result.status = 'fail';
        const exposes = model ? orElse(() => exposedBy(model, type, record.data), []) : [];
        if (exposes.length > 0) result.exposes = exposes;
        const wantsFacts = rule.message.includes('{{$reach.') && model;
        const facts = wantsFacts ? orElse(() => reachFacts(model, record.data), undefined) : undefined;
        result.message = renderMessage(rule.message, {
          resource: record.data,
          options,
          name,
          id: key,
          scope: scopePhrase(record),
          exposes: describeExposed(exposes),
          ...(facts ? { reach: facts } : {}),
        });
        result.evidence = evidence;
        if (detail) result.detail = detail;
        if (c.severityBy && override === undefined) {
          const own = await severityOf(c, record.data, bindings, severity, budget);
          if (own !== severity) {
            result.severity = own;
            resultsAt(own).push(result);
            continue;
          }
        }
      } else {
        result.message = `Rule ${rule.id} could not be evaluated on '${name}' (${key}).`;
        result.detail =
          `the check returned ${JSON.stringify(plain(value))}; ` + `a check must return true, false or undefined`;
      }
      out.push(result);
    }

    if (complete && coverage.absent !== undefined && records.length === 0) {
      out.push(
        typeWideResult(
          rule.id,
          'not_applicable',
          severity,
          account,
          type,
          `Rule ${rule.id} does not apply: the account has no ${RESOURCE_TYPE_SPECS[type].label} (the API ` +
            `answered 404).`,
          coverage.absent,
        ),
      );
    }
    if (!complete) {
      out.push(
        typeWideResult(
          rule.id,
          'unknown',
          severity,
          account,
          type,
          `Rule ${rule.id} could not be fully evaluated: data it needs was not collected.`,
          coverage.problems.join('; '),
        ),
      );
    }
  }

  const results = sortedResults([...groups.values()]);
  const suppressions = applySuppressions(results, opts.suppressions ?? [], rules, opts.now);
  return { account_id: account, results, suppressions, ...(model ? { reach: model.resources.map(publicReach) } : {}) };
}

/** `evaluateSnapshot` with the `jsonata` engine: each check `.evaluate()`d once per resource. Same results, slower. */
export function evaluateNaive(
  snapshot: Snapshot,
  rules: LoadedRule[],
  opts: EvaluateOptions,
): Promise<AccountEvaluation> {
  return evaluateSnapshot(snapshot, rules, { ...opts, engine: 'jsonata' });
}
