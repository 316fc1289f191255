/**
 * Rule test cases (`<id>.test.yaml` beside each rule): each case is evaluated as a one-resource snapshot
 * and its status (and, for fail cases, message) compared with what the case expects.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { RESOURCE_TYPES, type ResourceType } from '../catalog/resource-types.js';
import {
  SNAPSHOT_FORMAT_VERSION,
  type CoverageEntry,
  type CoverageStatus,
  type ResourceRecord,
  type Snapshot,
} from '../snapshot/types.js';
import type { LoadedRule, Result, Severity } from './types.js';
import { createAjv, describeAjvError } from '../common/ajv.js';
import { RuleLoadError } from './errors.js';
import { RULE_TEST_SCHEMA_FILE, compiledRule } from './load-rules.js';
import { keyOf } from './snapshot-index.js';
import { evaluateSnapshot } from './evaluate.js';
import { DEFAULT_ENGINE, type Engine } from './engines.js';
import { parseYaml } from './yaml.js';

export const CASE_KINDS = ['pass', 'fail', 'not_applicable', 'unknown', 'error'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export const DEFAULT_CASE_NOW = '2026-01-15T00:00:00Z';
export const DEFAULT_CASE_ACCOUNT = '0123456789abcdef0123456789abcdef';

export interface RuleCase {
  name: string;
  resource: Record<string, unknown>;
  message?: string;
  /** Expected severity of a fail case's finding (rules whose `severity_by` follows exposure). */
  severity?: Severity;
  options?: Record<string, unknown>;
  now?: string;
  account?: string;
  snapshot?: Partial<Record<ResourceType, Record<string, unknown>[]>>;
  /** access_policy rules: the case's policy is app-scoped, embedded in this application's `policies[]`. */
  application?: { id: string; [field: string]: unknown };
  coverage?: Partial<Record<ResourceType, CoverageStatus>>;
}

export interface LabelledCase {
  kind: CaseKind;
  index: number;
  case: RuleCase;
}

export interface CaseOutcome {
  ok: boolean;
  /** Why the case failed (empty when ok). */
  problems: string[];
  /** The result for the case's resource, if any. */
  result?: Result;
}

const validateCases = createAjv().compile(JSON.parse(readFileSync(RULE_TEST_SCHEMA_FILE, 'utf8')) as object);

export function testFileFor(ruleFile: string): string {
  return ruleFile.replace(/\.ya?ml$/, '.test.yaml');
}

export function hasTestFile(rule: LoadedRule): boolean {
  return existsSync(testFileFor(rule.sourceFile));
}

/** Parse and validate a rule's test file. */
export async function loadRuleCases(rule: LoadedRule): Promise<{ file: string; cases: LabelledCase[] }> {
  const file = testFileFor(rule.sourceFile);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new RuleLoadError([
      {
        file,
        field: '',
        message: `test file missing: every rule needs ${file} with at least one pass and one fail case`,
      },
    ]);
  }
  const parsed = parseYaml(text, file, { uniqueKeys: true });
  if (!parsed.ok) throw new RuleLoadError(parsed.problems);
  const value = parsed.value;
  if (!validateCases(value)) {
    throw new RuleLoadError(
      (validateCases.errors ?? []).map((e) => {
        const d = describeAjvError(e);
        return { file, field: d.pointer, message: d.message };
      }),
    );
  }
  const cases: LabelledCase[] = [];
  const data = value as Partial<Record<CaseKind, RuleCase[]>>;
  for (const kind of CASE_KINDS) (data[kind] ?? []).forEach((c, index) => cases.push({ kind, index, case: c }));
  const misplaced = cases.filter((l) => l.case.application !== undefined && rule.resource !== 'access_policy');
  if (misplaced.length > 0) {
    throw new RuleLoadError(
      misplaced.map((l) => ({
        file,
        field: `/${l.kind}/${l.index}/application`,
        message:
          `only access_policy rules can embed their case's policy in an application (this rule is on ` +
          `${rule.resource}); remove "application" or put the resource in "snapshot"`,
      })),
    );
  }
  return { file, cases };
}

function record(type: ResourceType, data: Record<string, unknown>, fallbackKey: string): ResourceRecord {
  const key = keyOf(type, data) || fallbackKey;
  return { type, key, scope: { kind: 'account', id: DEFAULT_CASE_ACCOUNT }, file: `${type}/${key}.json`, data };
}

/**
 * The snapshot a case describes: its resource (embedded in `application` when given), any `snapshot`
 * resources, every type collected unless `coverage` says otherwise.
 */
export function caseSnapshot(rule: LoadedRule, c: RuleCase): { snapshot: Snapshot; key: string } {
  const account = c.account ?? DEFAULT_CASE_ACCOUNT;
  const resources = Object.fromEntries(RESOURCE_TYPES.map((t) => [t, [] as ResourceRecord[]])) as Record<
    ResourceType,
    ResourceRecord[]
  >;
  let key: string;
  if (c.application) {
    const policies = Array.isArray(c.application.policies) ? c.application.policies : [];
    const app = record(
      'access_application',
      { ...c.application, policies: [...policies, c.resource] },
      'case-application',
    );
    resources.access_application.push(app);
    key = keyOf('access_policy', c.resource) || `${app.key}/policies[${policies.length}]`;
  } else {
    const subject = record(rule.resource, c.resource, 'case-resource');
    resources[rule.resource].push(subject);
    key = subject.key;
  }
  for (const [type, list] of Object.entries(c.snapshot ?? {}) as [ResourceType, Record<string, unknown>[]][]) {
    list.forEach((data, i) => resources[type].push(record(type, data, `${type}-${i + 1}`)));
  }
  const coverage = Object.fromEntries(
    RESOURCE_TYPES.map((t) => {
      const status = c.coverage?.[t] ?? 'ok';
      const entry: CoverageEntry = { status, count: resources[t].length, requests: 1 };
      if (status !== 'ok') entry.message = `${t} marked ${status} by the test case`;
      return [t, entry];
    }),
  ) as Record<ResourceType, CoverageEntry>;
  const snapshot: Snapshot = {
    manifest: {
      format_version: SNAPSHOT_FORMAT_VERSION,
      tool: { name: 'cf-access-audit', version: 'test' },
      account_id: account,
      zone_ids: [],
      collected_at: c.now ?? DEFAULT_CASE_NOW,
      base_url: 'http://127.0.0.1/client/v4',
      coverage,
      zone_coverage: {},
      requests: { total: 0, retries: 0, rate_limited: 0, server_errors: 0, timeouts: 0, bytes: 0, duration_ms: 0 },
    },
    resources,
  };
  return { snapshot, key };
}

/** Why a resource is not_applicable: `applies_to` leaves it out, or the check gave no value. */
function whyNotApplicable(rule: LoadedRule, c: RuleCase): string {
  if (!compiledRule(rule).appliesTo(c.resource)) return ': applies_to leaves this resource out';
  return (
    ': the check gave no value (undefined). A comparison such as `x <= 1` is undefined when x is absent; ' +
    'see "Absent fields" in docs/writing-rules.md'
  );
}

/** Evaluate one case (with `engine`) and compare with what its kind expects. */
export async function runRuleCase(
  rule: LoadedRule,
  kind: CaseKind,
  c: RuleCase,
  engine: Engine = DEFAULT_ENGINE,
): Promise<CaseOutcome> {
  const { snapshot, key } = caseSnapshot(rule, c);
  let evaluation;
  try {
    evaluation = await evaluateSnapshot(snapshot, [rule], {
      now: new Date(c.now ?? DEFAULT_CASE_NOW),
      engine,
      ...(c.options ? { ruleOptions: { [rule.id]: c.options } } : {}),
    });
  } catch (err) {
    return { ok: false, problems: [`evaluation failed: ${(err as Error).message}`] };
  }
  const result = evaluation.results.find((r) => r.resource_id === key && r.resource_type === rule.resource);
  const unknown = evaluation.results.find((r) => r.resource_id === '*' && r.status === 'unknown');
  const problems: string[] = [];
  const got = result ? `${result.status}${result.detail ? ` (${result.detail})` : ''}` : 'no result';
  if (kind === 'unknown') {
    if (!unknown && result?.status !== 'unknown') {
      const why = 'a type the rule reads not collected, or a field not as documented';
      problems.push(`expected status unknown (${why}), got ${got}`);
    }
    if (result?.status === 'pass') problems.push('a pass was reported on incompletely collected data');
  } else if (result?.status !== kind) {
    const why = result?.status === 'not_applicable' ? whyNotApplicable(rule, c) : '';
    problems.push(`expected status ${kind}, got ${got}${why}`);
  } else if (kind === 'fail') {
    if (c.message !== undefined && result.message !== c.message) {
      problems.push(`message differs\n  expected: ${c.message}\n  actual:   ${result.message}`);
    }
    if (c.severity !== undefined && result.severity !== c.severity) {
      problems.push(`expected severity ${c.severity}, got ${result.severity}`);
    }
  }
  return { ok: problems.length === 0, problems, ...(result ? { result } : {}) };
}
