/**
 * Loads rule YAML files (rules/<resource>/<id>.yaml), validates them against rules/rule.schema.json and
 * compiles every JSONata expression once. Problems name the file, the field and what to fix.
 */
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import jsonata from 'jsonata';
import type { ValidateFunction } from 'ajv';
import { BUILTIN_RULES_DIR } from '../paths.js';
import type { LoadedRule, RuleDefinition } from './types.js';
import { createAjv, describeAjvError } from '../common/ajv.js';
import { RuleLoadError, type LoadProblem } from './errors.js';
import { fieldPaths, fieldsPassed } from './field-paths.js';
import { newGuard, type Guard } from './budget.js';
import { compileFast, type FastExpression } from './fast-eval.js';
import { HELPER_NAMES, HELPER_RESOURCE_FIELDS } from './snapshot-index.js';
import { parseYaml } from './yaml.js';
import { isResourceType } from '../catalog/resource-types.js';

export const RULE_SCHEMA_FILE = path.join(BUILTIN_RULES_DIR, 'rule.schema.json');
export const RULE_TEST_SCHEMA_FILE = path.join(BUILTIN_RULES_DIR, 'rule-test.schema.json');

const ajv = createAjv();
const ruleSchema = JSON.parse(readFileSync(RULE_SCHEMA_FILE, 'utf8')) as { properties: Record<string, unknown> };
const validateRule = ajv.compile(ruleSchema);
/** Every key a rule file may have, named when a file has another. */
const RULE_KEYS = Object.keys(ruleSchema.properties);
/** Keys the schema leaves optional for custom rules but the built-in catalog requires. */
const BUILTIN_REQUIRED = ['references', 'frameworks'] as const;

const FIELD_HINTS: Record<string, string> = {
  '/id': 'use kebab-case starting with the resource noun, e.g. access-application-http-only-cookie',
  '/title':
    'state the compliant condition ("Access application cookies are HttpOnly"), not an instruction ' +
    '(Ensure/Check/Verify), at most 150 characters',
  '/message': 'end the template with a period',
  '/catalog_id': 'use a catalog row id such as ZTA-APP-001',
};

export interface CompiledRule {
  /** The rule's id (named when the fast evaluator fails). */
  id: string;
  check: jsonata.Expression;
  /** The check compiled to JS closures (src/engine/fast-eval.ts); `null` when it uses JSONata outside that subset. */
  fast: FastExpression | null;
  evidence: jsonata.Expression | null;
  /** The evidence expression compiled like `fast`, or `null`. */
  fastEvidence: FastExpression | null;
  /** The `setup` expression (evaluated once per snapshot; its value is `$setup`), if the rule has one. */
  setup: jsonata.Expression | null;
  /** The `severity_by` expression (a failing resource's severity), if the rule has one. */
  severityBy: jsonata.Expression | null;
  /** The setup expression compiled like `fast`, or `null`. */
  fastSetup: FastExpression | null;
  /** Top-level resource fields `applies_to` and the check read (default evidence), in first-read order. */
  checkFields: string[];
  /**
   * Every top-level field the check may read: `checkFields` plus what helpers handed the resource read
   * (`$policiesOf($)` reads `policies`), or null when a function handed it may read any (`$reach($)`).
   */
  readFields: string[] | null;
  /** JSONata options shared by the rule's expressions: time, depth and sequence limits (src/engine/budget.ts). */
  guard: Guard;
  /** Validators of each declared option's schema. */
  optionValidators: Map<string, ValidateFunction>;
  /** The `applies_to` test (true when the rule has none). */
  appliesTo: (data: Record<string, unknown>) => boolean;
}

/** Every name bound when a check runs (helpers, `$options`, `$now`, `$account`, `$snapshot`, `$setup`). */
const BINDING_NAMES: readonly string[] = [...HELPER_NAMES, 'options', 'now', 'account', 'snapshot', 'setup'];

const compiled = new WeakMap<RuleDefinition, CompiledRule>();

interface JsonataError {
  code?: string;
  position?: number;
  token?: string;
  message?: string;
}

function jsonataProblem(file: string, field: string, expr: string, err: unknown): LoadProblem {
  const e = err as JsonataError;
  const pos = typeof e.position === 'number' ? e.position : undefined;
  let where = '';
  if (pos !== undefined) {
    const before = expr.slice(0, Math.max(0, pos - 1));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    const text = expr.split('\n')[line - 1] ?? '';
    where =
      ` at line ${line}, column ${column} of the expression${e.token ? ` (near "${e.token}")` : ''}: ` +
      `\`${text.trim()}\``;
  }
  return {
    file,
    field,
    message: `JSONata syntax error ${e.code ?? ''}${where}: ${e.message ?? String(err)}. Fix the expression (try it at https://try.jsonata.org).`,
  };
}

/** `applies_to` as a predicate: each listed top-level field holds one of its values (compared exactly). */
function appliesToTest(appliesTo: RuleDefinition['applies_to']): (data: Record<string, unknown>) => boolean {
  const tests = Object.entries(appliesTo ?? {}).map(([field, values]) => ({ field, values: new Set<unknown>(values) }));
  if (tests.length === 0) return () => true;
  return (data) => tests.every(({ field, values }) => Object.hasOwn(data, field) && values.has(data[field]));
}

function readFieldsOf(checkFields: string[], passed: string[] | null): string[] | null {
  return passed === null ? null : [...new Set([...checkFields, ...passed])];
}

function compile(rule: RuleDefinition, file: string): CompiledRule {
  const problems: LoadProblem[] = [];
  const guard = newGuard((rule as Partial<LoadedRule>).builtin !== true);
  let check: jsonata.Expression | undefined;
  let evidence: jsonata.Expression | null = null;
  let setup: jsonata.Expression | null = null;
  if (rule.setup !== undefined) {
    try {
      setup = jsonata(rule.setup, guard);
    } catch (err) {
      problems.push(jsonataProblem(file, 'setup', rule.setup, err));
    }
  }
  try {
    check = jsonata(rule.check, guard);
  } catch (err) {
    problems.push(jsonataProblem(file, 'check', rule.check, err));
  }
  let severityBy: jsonata.Expression | null = null;
  if (rule.severity_by !== undefined) {
    try {
      severityBy = jsonata(rule.severity_by, guard);
    } catch (err) {
      problems.push(jsonataProblem(file, 'severity_by', rule.severity_by, err));
    }
  }
  if (rule.evidence !== undefined) {
    try {
      evidence = jsonata(rule.evidence, guard);
    } catch (err) {
      problems.push(jsonataProblem(file, 'evidence', rule.evidence, err));
    }
  }
  const optionValidators = new Map<string, ValidateFunction>();
  for (const [name, schema] of Object.entries(rule.options ?? {})) {
    try {
      const validate = ajv.compile(schema);
      optionValidators.set(name, validate);
      if (!validate(schema.default)) {
        const first = validate.errors?.[0];
        problems.push({
          file,
          field: `/options/${name}/default`,
          message:
            `default ${JSON.stringify(schema.default)} does not match the option's own schema ` +
            `(${first?.message ?? 'invalid'}); fix the default or the schema`,
        });
      }
    } catch (err) {
      problems.push({ file, field: `/options/${name}`, message: `not a valid JSON Schema: ${(err as Error).message}` });
    }
  }
  if (problems.length > 0 || !check) throw new RuleLoadError(problems);
  const ast = check.ast();
  // The fields `applies_to` tests come first: they are read before the check, as a leading `type = …` was.
  const checkFields: string[] = Object.keys(rule.applies_to ?? {});
  for (const p of fieldPaths(ast)) {
    const first = p.steps[0];
    if (p.root === 'context' && first !== undefined && !checkFields.includes(first)) checkFields.push(first);
  }
  const fast = compileFast(ast, BINDING_NAMES);
  return {
    id: rule.id,
    check,
    fast,
    evidence,
    setup,
    fastEvidence: evidence ? compileFast(evidence.ast(), BINDING_NAMES) : null,
    fastSetup: setup ? compileFast(setup.ast(), BINDING_NAMES) : null,
    severityBy,
    checkFields,
    readFields: readFieldsOf(checkFields, fieldsPassed(ast, HELPER_RESOURCE_FIELDS)),
    guard,
    optionValidators,
    appliesTo: appliesToTest(rule.applies_to),
  };
}

/** The compiled expressions of a rule (compiled on first use and cached; loaded rules are compiled at load). */
export function compiledRule(rule: RuleDefinition): CompiledRule {
  let c = compiled.get(rule);
  if (!c) {
    c = compile(rule, (rule as Partial<LoadedRule>).sourceFile ?? rule.id);
    compiled.set(rule, c);
  }
  return c;
}

/** Parse, validate and compile one rule file's text. */
export function parseRule(text: string, file: string, builtin: boolean): LoadedRule {
  const parsed = parseYaml(text, file, { uniqueKeys: true }, ". Fix the YAML (indentation, quoting of ':' and '#').");
  if (!parsed.ok) throw new RuleLoadError(parsed.problems);
  const value = parsed.value;
  if (!validateRule(value)) {
    const problems = (validateRule.errors ?? [])
      .filter((e) => e.keyword !== 'if')
      .map((e) => {
        const d = describeAjvError(e);
        const url = /^\/(references|help_uri)/.test(e.instancePath) ? 'use an https:// URL' : '';
        const hint = e.keyword === 'pattern' ? (FIELD_HINTS[e.instancePath] ?? url) : '';
        const topLevel = e.keyword === 'additionalProperties' && e.instancePath === '';
        const keys = topLevel ? `; a rule may have: ${RULE_KEYS.join(', ')}` : '';
        return { file, field: d.pointer, message: hint ? `${d.message}: ${hint}` : `${d.message}${keys}` };
      });
    throw new RuleLoadError(problems);
  }
  const definition = value as Partial<RuleDefinition> & Omit<RuleDefinition, 'references' | 'frameworks'>;
  if (builtin) {
    const missing = BUILTIN_REQUIRED.filter((key) => definition[key] === undefined);
    if (missing.length > 0) {
      throw new RuleLoadError(
        missing.map((key) => ({
          file,
          field: '/',
          message: `missing required field "${key}": built-in rules cite their sources and framework controls`,
        })),
      );
    }
  }
  const rule: LoadedRule = {
    ...definition,
    references: definition.references ?? [],
    frameworks: definition.frameworks ?? {},
    sourceFile: file,
    builtin,
  };
  compiled.set(rule, compile(rule, file));
  return rule;
}

export async function loadRuleFile(file: string, builtin = false): Promise<LoadedRule> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new RuleLoadError([
      { file, field: '', message: `cannot read the rule file (${(err as NodeJS.ErrnoException).code ?? String(err)})` },
    ]);
  }
  return parseRule(text, file, builtin);
}

/**
 * Where a rule file may live: `<resource>/<id>.yaml`, and for a custom rule also directly in its rules folder
 * (flat) or in any folder not named after a resource type. One layout for `evaluate --rules` and `rules test`.
 */
export function layoutProblem(rule: LoadedRule): LoadProblem | null {
  const folder = path.basename(path.dirname(rule.sourceFile));
  if (folder === rule.resource || (!rule.builtin && !isResourceType(folder))) return null;
  const where = rule.builtin ? `${rule.resource}/` : `${rule.resource}/ or directly into the rules folder`;
  return {
    file: rule.sourceFile,
    field: '/resource',
    message: `resource "${rule.resource}" must equal the folder name "${folder}"; move the file to ${where}`,
  };
}

export function isRuleFileName(name: string): boolean {
  return (name.endsWith('.yaml') || name.endsWith('.yml')) && !/\.test\.ya?ml$/.test(name);
}

/** Every rule file under `dir` (`<dir>/<id>.yaml`, `<dir>/<resource>/<id>.yaml`, also deeper), sorted. */
export async function findRuleFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch (err) {
    throw new RuleLoadError([
      {
        file: dir,
        field: '',
        message:
          `cannot read the rules folder (${(err as NodeJS.ErrnoException).code ?? String(err)}); check the ` +
          `--rules path`,
      },
    ]);
  }
  return entries
    .filter((e) => e.isFile() && isRuleFileName(e.name))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

export interface RuleSource {
  dir: string;
  builtin: boolean;
}

export interface LoadResult {
  rules: LoadedRule[];
  problems: LoadProblem[];
}

/** Load every rule of the given folders, collecting problems instead of stopping at the first. */
export async function loadRulesLenient(sources: RuleSource[]): Promise<LoadResult> {
  const rules: LoadedRule[] = [];
  const problems: LoadProblem[] = [];
  const owners = new Map<string, string>();
  for (const source of sources) {
    let files: string[];
    try {
      files = await findRuleFiles(source.dir);
    } catch (err) {
      problems.push(...(err as RuleLoadError).problems);
      continue;
    }
    for (const file of files) {
      try {
        const rule = await loadRuleFile(file, source.builtin);
        const misplaced = layoutProblem(rule);
        if (misplaced) {
          problems.push(misplaced);
          continue;
        }
        let clash = false;
        for (const name of [rule.id, ...(rule.aliases ?? [])]) {
          const owner = owners.get(name);
          if (owner !== undefined) {
            clash = true;
            problems.push({
              file,
              field: name === rule.id ? '/id' : '/aliases',
              message: `"${name}" is already the id or an alias of ${owner}; ids and aliases must be unique`,
            });
          }
        }
        if (clash) continue;
        for (const name of [rule.id, ...(rule.aliases ?? [])]) owners.set(name, file);
        rules.push(rule);
      } catch (err) {
        if (err instanceof RuleLoadError) problems.push(...err.problems);
        else throw err;
      }
    }
  }
  rules.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { rules, problems };
}

/** Load rules; any problem fails the whole load with a RuleLoadError listing all of them. */
export async function loadRules(sources: RuleSource[]): Promise<LoadedRule[]> {
  const { rules, problems } = await loadRulesLenient(sources);
  if (problems.length > 0) throw new RuleLoadError(problems);
  return rules;
}

/** The built-in rules plus any `--rules DIR` folders. */
export function loadAllRules(extraDirs: string[] = []): Promise<LoadedRule[]> {
  return loadRules([{ dir: BUILTIN_RULES_DIR, builtin: true }, ...extraDirs.map((dir) => ({ dir, builtin: false }))]);
}
