/**
 * An ordering comparison (`<`, `<=`, `>`, `>=`) with an absent field is undefined in JSONata, not false, so a
 * check such as `$durationHours(session_duration) <= 24` reports a resource without the field not_applicable.
 * (`=` and `!=` give false.) `rules test` and the loading of custom rules warn when no test case shows what the
 * rule does without such a field.
 */
import path from 'node:path';
import type { LoadedRule } from './types.js';
import { compiledRule } from './load-rules.js';
import { fieldPaths, type Node } from './field-paths.js';
import { hasTestFile, loadRuleCases, runRuleCase, testFileFor, type LabelledCase } from './rule-cases.js';

const ORDERING = new Set(['<', '<=', '>', '>=']);
/** Functions whose result is undefined when their argument is. */
const PASS_UNDEFINED = new Set(['not', 'boolean']);

export interface FieldComparison {
  /** Resource field path read by an operand: `session_duration`, `saas_app.access_token_lifetime`. */
  field: string;
  operator: string;
}

function contextPaths(node: Node | undefined): string[] {
  return fieldPaths(node)
    .filter((p) => p.root === 'context')
    .map((p) => p.steps.join('.'));
}

/**
 * Ordering comparisons whose undefined becomes the check's result (not inside `and`/`or`, a condition, a filter
 * or a lambda), with the resource fields their operands read, unless an enclosing condition reads the same
 * field (`$isKnown(x) ? x <= 1 : false` decides absence itself).
 */
export function fieldComparisons(ast: unknown): FieldComparison[] {
  const found: FieldComparison[] = [];
  const visit = (n: Node | undefined, result: boolean, guards: ReadonlySet<string>): void => {
    if (!n || typeof n !== 'object') return;
    if (n.type === 'binary' && ORDERING.has(String(n.value)) && result) {
      const read = contextPaths({ type: 'block', expressions: [n.lhs as Node, n.rhs as Node] });
      const leaves = read.filter((p) => !read.some((q) => q.startsWith(`${p}.`)));
      for (const field of leaves) {
        const guarded = [...guards].some((g) => g === field || g.startsWith(`${field}.`));
        const seen = found.some((f) => f.field === field);
        if (!guarded && !seen && field !== 'undefined') found.push({ field, operator: String(n.value) });
      }
    } else if (n.type === 'condition') {
      visit(n.condition, false, guards);
      const inner = new Set([...guards, ...contextPaths(n.condition)]);
      visit(n.then, result, inner);
      visit(n.else, result, inner);
    } else if (n.type === 'block') {
      const list = n.expressions ?? [];
      list.forEach((e, i) => visit(e, result && i === list.length - 1, guards));
    } else if (n.type === 'function') {
      const passes = n.procedure?.type === 'variable' && PASS_UNDEFINED.has(String(n.procedure.value));
      (n.arguments ?? []).forEach((a) => visit(a, result && passes, guards));
    }
  };
  visit(ast as Node, true, new Set());
  return found;
}

/** The value at a dotted path (through arrays: every item); absent when undefined or null anywhere on the way. */
function isAbsent(value: unknown, steps: string[]): boolean {
  if (value === undefined || value === null) return true;
  if (steps.length === 0) return false;
  if (Array.isArray(value)) return value.length === 0 || value.some((v) => isAbsent(v, steps));
  if (typeof value !== 'object') return true;
  return isAbsent((value as Record<string, unknown>)[steps[0]!], steps.slice(1));
}

/** A copy of `value` without the dotted path (in every item of arrays on the way). */
function withoutPath(value: unknown, steps: string[]): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutPath(v, steps));
  if (value === null || typeof value !== 'object' || steps.length === 0) return value;
  const [head, ...rest] = steps as [string, ...string[]];
  const copy = { ...(value as Record<string, unknown>) };
  if (rest.length === 0) delete copy[head];
  else if (head in copy) copy[head] = withoutPath(copy[head], rest);
  return copy;
}

function advice(rule: LoadedRule, c: FieldComparison): string {
  return (
    `the check compares \`${c.field}\` with ${c.operator}; when ${c.field} is absent (or null) that comparison ` +
    'is undefined and the resource is reported not_applicable, not fail. If absent should be a finding, write ' +
    `\`$isKnown(${c.field}) ? … : false\`; if not_applicable is right, add a not_applicable case without ` +
    `${c.field} to ${path.basename(testFileFor(rule.sourceFile))}`
  );
}

/**
 * One warning per compared field that no case leaves absent, when dropping it from a pass or fail case makes the
 * result not_applicable. `cases` undefined: the rule has no test file, so every compared field is named.
 */
export async function absentFieldWarnings(rule: LoadedRule, cases: LabelledCase[] | undefined): Promise<string[]> {
  const comparisons = fieldComparisons(compiledRule(rule).check.ast());
  const warnings: string[] = [];
  const done = new Set<string>();
  for (const c of comparisons) {
    if (done.has(c.field)) continue;
    done.add(c.field);
    if (cases === undefined) {
      warnings.push(`${advice(rule, c)} (the rule has no test file)`);
      continue;
    }
    const steps = c.field.split('.');
    if (cases.some((l) => isAbsent(l.case.resource, steps))) continue;
    for (const l of cases) {
      if (l.kind !== 'pass' && l.kind !== 'fail') continue;
      const resource = withoutPath(l.case.resource, steps) as Record<string, unknown>;
      const outcome = await runRuleCase(rule, 'not_applicable', { ...l.case, resource });
      if (outcome.ok) {
        warnings.push(`${advice(rule, c)} (case "${l.case.name}" without ${c.field} is not_applicable)`);
        break;
      }
    }
  }
  return warnings;
}

/** The same warnings for the custom rules of a run, as `file (check): …` (skips a test file that does not load). */
export async function customRuleWarnings(rules: LoadedRule[]): Promise<string[]> {
  const warnings: string[] = [];
  for (const rule of rules) {
    if (rule.builtin) continue;
    let cases: LabelledCase[] | undefined;
    if (hasTestFile(rule)) {
      try {
        cases = (await loadRuleCases(rule)).cases;
      } catch {
        continue; // `rules test` names what is wrong with the file
      }
    }
    for (const w of await absentFieldWarnings(rule, cases)) warnings.push(`${rule.sourceFile} (check): ${w}`);
  }
  return warnings;
}
