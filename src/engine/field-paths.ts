/**
 * Walks a JSONata AST and lists the field paths it reads, relative to the resource being checked
 * (`root: 'context'`) or to another resource type (`$snapshot.<type>…`, `$resource('<type>', …)…`,
 * `$policiesOf(…)…`). Paths through variables bound by the expression (`$p.include`) are skipped.
 */
import { isResourceType, type ResourceType } from '../catalog/resource-types.js';
import { HELPER_RESULT_TYPES } from './snapshot-index.js';

export interface FieldPath {
  root: 'context' | ResourceType;
  steps: string[];
  /** Character position of the last step in the expression. */
  position: number;
}

/** A node of JSONata's parse tree (`jsonata(expr).ast()`), as far as the walkers read it. */
export interface Node {
  type: string;
  value?: unknown;
  position?: number;
  steps?: Node[];
  stages?: Node[];
  predicate?: Node[];
  expr?: Node;
  lhs?: Node | Node[][];
  rhs?: Node;
  condition?: Node;
  then?: Node;
  else?: Node;
  expressions?: Node[];
  arguments?: Node[];
  procedure?: Node;
  body?: Node;
  terms?: { expression: Node }[];
  group?: { lhs: Node[][] };
  pattern?: Node;
  update?: Node;
  delete?: Node;
}

type Base = { root: 'context' | ResourceType; steps: string[] } | null;

export function fieldPaths(ast: unknown): FieldPath[] {
  const out: FieldPath[] = [];
  walk(ast as Node, { root: 'context', steps: [] }, out);
  return out;
}

/** JSONata has no `undefined` literal: rules write the (never present) field `undefined` to mean it. */
const UNDEFINED_IDIOM = 'undefined';

function record(out: FieldPath[], base: Base, position: number): void {
  if (base && base.steps.length === 1 && base.steps[0] === UNDEFINED_IDIOM) return;
  if (base && base.steps.length > 0) out.push({ root: base.root, steps: [...base.steps], position });
}

/** The type a function call yields resources of, when a helper says so. */
function helperRoot(node: Node): ResourceType | null {
  if (node.type !== 'function' || node.procedure?.type !== 'variable') return null;
  const name = String(node.procedure.value);
  const kind = Object.hasOwn(HELPER_RESULT_TYPES, name) ? HELPER_RESULT_TYPES[name] : undefined;
  if (!kind) return null;
  if (kind !== 'arg0') return kind;
  const arg = node.arguments?.[0];
  return arg?.type === 'string' && isResourceType(String(arg.value)) ? (String(arg.value) as ResourceType) : null;
}

function walkPath(node: Node, base: Base, out: FieldPath[]): void {
  const steps = node.steps ?? [];
  let current: Base = base;
  steps.forEach((step, i) => {
    if (i === 0) {
      if (step.type === 'variable' && step.value === '') {
        current = base;
        walkStages(step, current, out);
        return;
      }
      if (step.type === 'variable' && step.value === 'snapshot') {
        const next = steps[1];
        current =
          next?.type === 'name' && isResourceType(String(next.value))
            ? { root: next.value as ResourceType, steps: [] }
            : null;
        return;
      }
      if (step.type === 'function') {
        walk({ ...step, stages: [], predicate: [] }, base, out);
        const root = helperRoot(step);
        current = root ? { root, steps: [] } : null;
        walkStages(step, current, out);
        return;
      }
    }
    if (
      i === 1 &&
      steps[0]?.type === 'variable' &&
      steps[0].value === 'snapshot' &&
      current &&
      current.steps.length === 0
    ) {
      walkStages(step, current, out);
      return;
    }
    if (step.type === 'name') {
      current = current ? { root: current.root, steps: [...current.steps, String(step.value)] } : null;
      record(out, current, step.position ?? 0);
      walkStages(step, current, out);
      return;
    }
    // Any other step (block, object constructor, function, wildcard, variable) is evaluated in the
    // current context; what it yields is not a field we can name, so later steps are not checked.
    walk(step, current, out);
    current = null;
  });
}

function walkStages(step: Node, base: Base, out: FieldPath[]): void {
  for (const stage of [...(step.stages ?? []), ...(step.predicate ?? [])]) {
    if (stage.expr) walk(stage.expr, base, out);
  }
  if (step.group) for (const pair of step.group.lhs) for (const n of pair) walk(n, base, out);
}

function walk(node: Node | undefined, base: Base, out: FieldPath[]): void {
  if (!node || typeof node !== 'object') return;
  switch (node.type) {
    case 'path':
      walkPath(node, base, out);
      return;
    case 'name': {
      const current = base ? { root: base.root, steps: [...base.steps, String(node.value)] } : null;
      record(out, current, node.position ?? 0);
      walkStages(node, current, out);
      return;
    }
    case 'lambda':
      walk(node.body, base, out);
      return;
    case 'function':
    case 'partial':
      for (const a of node.arguments ?? []) walk(a, base, out);
      if (node.procedure && node.procedure.type !== 'variable') walk(node.procedure, base, out);
      return;
    case 'unary':
      if (node.value === '{' && Array.isArray(node.lhs)) {
        for (const pair of node.lhs as Node[][]) for (const n of pair) walk(n, base, out);
      } else {
        walk(node.expr, base, out);
        for (const e of node.expressions ?? []) walk(e, base, out);
      }
      return;
    case 'bind':
      walk(node.rhs, base, out);
      return;
    case 'condition':
      walk(node.condition, base, out);
      walk(node.then, base, out);
      walk(node.else, base, out);
      return;
    case 'block':
      for (const e of node.expressions ?? []) walk(e, base, out);
      return;
    case 'sort':
      for (const t of node.terms ?? []) walk(t.expression, base, out);
      return;
    case 'transform':
      walk(node.pattern, null, out);
      walk(node.update, null, out);
      walk(node.delete, null, out);
      return;
    case 'variable':
      walkStages(node, null, out);
      return;
    default:
      if (node.lhs && !Array.isArray(node.lhs)) walk(node.lhs, base, out);
      walk(node.rhs, base, out);
      for (const e of node.expressions ?? []) walk(e, base, out);
      walkStages(node, base, out);
  }
}

/** True if the expression reads the root input (`$$`) or a parent (`%`). */
function readsRootOrParent(ast: unknown): boolean {
  let found = false;
  const visit = (x: unknown): void => {
    if (found || typeof x !== 'object' || x === null) return;
    if (Array.isArray(x)) return x.forEach(visit);
    const n = x as Node;
    if ((n.type === 'variable' && n.value === '$') || n.type === 'parent') {
      found = true;
      return;
    }
    for (const v of Object.values(n)) visit(v);
  };
  visit(ast);
  return found;
}

function isContext(n: Node): boolean {
  const bare = (x: Node | undefined) =>
    x?.type === 'variable' && x.value === '' && !x.predicate?.length && !x.stages?.length;
  return bare(n) || (n.type === 'path' && n.steps?.length === 1 && bare(n.steps[0]));
}

/**
 * The top-level fields of the resource that functions read when the expression hands them the resource
 * itself (a bare `$` where `$` is the resource): `helperFields` says what a helper reads; any other
 * function (a lambda, the reach helpers, `$$`) may read every field, and the answer is null. Filters and
 * later path steps are skipped (their `$` is an item, not the resource).
 */
export function fieldsPassed(ast: unknown, helperFields: Readonly<Record<string, readonly string[]>>): string[] | null {
  if (readsRootOrParent(ast)) return null;
  const fields = new Set<string>();
  let whole = false;
  const visit = (n: Node | undefined): void => {
    if (whole || !n || typeof n !== 'object') return;
    switch (n.type) {
      case 'function':
      case 'partial': {
        const name = n.procedure?.type === 'variable' ? String(n.procedure.value) : '';
        for (const a of n.arguments ?? []) {
          if (!isContext(a)) visit(a);
          else if (Object.hasOwn(helperFields, name)) for (const f of helperFields[name]!) fields.add(f);
          else whole = true;
        }
        return;
      }
      case 'path':
        return visit(n.steps?.[0]);
      case 'unary':
        if (n.value === '{' && Array.isArray(n.lhs)) (n.lhs as Node[][]).forEach((pair) => pair.forEach(visit));
        else [n.expr, ...(n.expressions ?? [])].forEach(visit);
        return;
      default:
        [n.lhs as Node | undefined, n.rhs, n.condition, n.then, n.else, n.body, n.expr].forEach(visit);
        (n.expressions ?? []).forEach(visit);
    }
  };
  visit(ast as Node);
  return whole ? null : [...fields];
}
