/**
 * A synchronous evaluator for the subset of JSONata the rules use, compiled once per expression into JS
 * closures over the AST that `jsonata()` parsed. It mirrors jsonata 2.x semantics (sequences, singleton
 * collapse, path flattening, filters, `and`/`or` casting, lambdas and closures) but skips its per-node
 * async machinery, which is where JSONata spends its time.
 *
 * Anything outside the subset is refused at compile time (`compileFast` returns null and the engine uses
 * JSONata); anything unusual at run time (a type JSONata would reject or coerce in a way not mirrored
 * here, or a helper that throws) throws `Bail`, and the engine re-evaluates that one resource with JSONata,
 * so results and error messages stay exactly JSONata's. `--engine jsonata` switches this evaluator off.
 */

/**
 * The fast path's one bail-out signal: a value is outside what this evaluator mirrors exactly (or a helper
 * threw), so the caller re-evaluates with JSONata. Callers catch this class only; any other error escaping
 * `evaluate` is a fault of this evaluator, never a reason to fall back silently.
 */
export class Bail extends Error {
  readonly reason: string;
  constructor(reason: string, options?: ErrorOptions) {
    super(`fast evaluation bailed out: ${reason}`, options);
    this.name = 'Bail';
    this.reason = reason;
  }
}

export type Frame = Record<string, unknown>;
type Fn = (input: unknown, frame: Frame) => unknown;
type Seq = unknown[] & { sequence?: boolean; cons?: boolean; keepSingleton?: boolean };

interface Node {
  type: string;
  value?: unknown;
  steps?: Node[];
  stages?: { type: string; expr?: Node }[];
  predicate?: { type: string; expr?: Node }[];
  group?: unknown;
  lhs?: Node | Node[][];
  rhs?: Node;
  expression?: Node;
  expressions?: Node[];
  condition?: Node;
  then?: Node;
  else?: Node;
  procedure?: Node;
  arguments?: Node[];
  body?: Node;
  signature?: unknown;
  consarray?: boolean;
  keepArray?: boolean;
  keepSingletonArray?: boolean;
  tuple?: boolean;
  focus?: unknown;
  index?: unknown;
  ancestor?: unknown;
  thunk?: boolean;
}

/** Thrown when the deadline set by `setFastDeadline` passes during a lambda call (runaway recursion). */
export class FastOverBudget extends Error {
  constructor() {
    super('evaluation budget exceeded');
    this.name = 'FastOverBudget';
  }
}

let deadline = Infinity;
let clock: () => number = () => performance.now();
let calls = 0;

/** The time on `now` (the rule budget's clock) after which lambda calls throw `FastOverBudget`. */
export function setFastDeadline(at: number, now: () => number): void {
  deadline = at;
  clock = now;
}

/** Longest array the fast path builds; longer ones go to JSONata, which enforces its own limit. */
const MAX_SEQUENCE = 10_000_000;

/** A compiled JSONata lambda: its parameters, body and the context and frame it closed over. */
class Lambda {
  readonly params: string[];
  readonly body: Fn;
  readonly input: unknown;
  readonly frame: Frame;

  constructor(params: string[], body: Fn, input: unknown, frame: Frame) {
    this.params = params;
    this.body = body;
    this.input = input;
    this.frame = frame;
  }

  call(args: unknown[]): unknown {
    if ((++calls & 0x3ff) === 0 && clock() >= deadline) throw new FastOverBudget();
    const frame = Object.create(this.frame) as Frame;
    for (let i = 0; i < this.params.length; i++) frame[this.params[i]!] = args[i];
    const result = this.body(this.input, frame);
    return result instanceof TailValue ? result.value : result;
  }
}

/** A lambda body's tail call's value, carried past the collapsing of the nodes around it (see `thunk`). */
class TailValue {
  readonly value: unknown;
  constructor(value: unknown) {
    this.value = value;
  }
}

/** Whether a lambda body's value may come from a tail call (through conditions and a block's last expression). */
function endsInTailCall(node: Node | undefined): boolean {
  if (node?.type === 'lambda') return node.thunk === true;
  if (node?.type === 'condition') return endsInTailCall(node.then) || endsInTailCall(node.else);
  if (node?.type === 'block') return endsInTailCall(node.expressions?.at(-1));
  return false;
}

class Unsupported extends Error {}

function seq(...items: unknown[]): Seq {
  const s = items as Seq;
  s.sequence = true;
  return s;
}

function isSeq(x: unknown): x is Seq {
  return Array.isArray(x) && (x as Seq).sequence === true;
}

function isFunctionValue(x: unknown): boolean {
  return typeof x === 'function' || x instanceof Lambda;
}

/** What jsonata's `evaluate` does to every node's result: an empty sequence is nothing, a singleton its item. */
function collapse(result: unknown): unknown {
  if (Array.isArray(result) && (result as Seq).sequence === true) {
    if (result.length === 0) return undefined;
    if (result.length === 1 && !(result as Seq).keepSingleton) return result[0];
  }
  return result;
}

function isNumeric(n: unknown): n is number {
  if (typeof n !== 'number' || Number.isNaN(n)) return false;
  if (!Number.isFinite(n)) throw new Bail('infinite number');
  return true;
}

/** jsonata `$boolean`. */
export function toBoolean(arg: unknown): boolean | undefined {
  if (arg === undefined) return undefined;
  if (Array.isArray(arg)) {
    if (arg.length === 1) return toBoolean(arg[0]);
    return arg.length > 1 && arg.some((v) => toBoolean(v));
  }
  if (typeof arg === 'string') return arg.length > 0;
  if (isNumeric(arg)) return arg !== 0;
  if (arg !== null && typeof arg === 'object' && !isFunctionValue(arg)) return Object.keys(arg).length > 0;
  return arg === true;
}

function boolize(x: unknown): boolean {
  return toBoolean(x) ?? false;
}

function lookup(input: unknown, key: string): unknown {
  if (Array.isArray(input)) {
    const result = seq();
    for (const item of input) {
      const res = lookup(item, key);
      if (res === undefined) continue;
      if (Array.isArray(res)) for (const v of res) result.push(v);
      else result.push(res);
    }
    return result;
  }
  if (input !== null && typeof input === 'object' && !isFunctionValue(input) && Object.hasOwn(input, key)) {
    return (input as Record<string, unknown>)[key];
  }
  return undefined;
}

function deepEqual(lhs: unknown, rhs: unknown): boolean {
  if (lhs === rhs) return true;
  if (typeof lhs !== 'object' || typeof rhs !== 'object' || lhs === null || rhs === null) return false;
  if (Array.isArray(lhs) !== Array.isArray(rhs)) throw new Bail('array compared with object');
  if (Array.isArray(lhs) && Array.isArray(rhs)) {
    return lhs.length === rhs.length && lhs.every((v, i) => deepEqual(v, rhs[i]));
  }
  if (isFunctionValue(lhs) || isFunctionValue(rhs)) throw new Bail('function compared');
  const lk = Object.getOwnPropertyNames(lhs).sort();
  const rk = Object.getOwnPropertyNames(rhs).sort();
  if (lk.length !== rk.length || lk.some((k, i) => k !== rk[i])) return false;
  return lk.every((k) => deepEqual((lhs as Record<string, unknown>)[k], (rhs as Record<string, unknown>)[k]));
}

function append(a: unknown, b: unknown): unknown {
  if (a === undefined) return b;
  if (b === undefined) return a;
  const x = Array.isArray(a) ? a : seq(a);
  const y = Array.isArray(b) ? b : [b];
  if (x.length + y.length > MAX_SEQUENCE) throw new Bail('sequence too long');
  return x.concat(y);
}

function filter(pred: { type: string; expr?: Node }, fnPred: Fn | null, input: unknown, frame: Frame): Seq {
  const items: unknown[] = Array.isArray(input) ? input : seq(input);
  const results = seq();
  if (pred.expr!.type === 'number') {
    let index = Math.floor(pred.expr!.value as number);
    if (index < 0) index = items.length + index;
    const item = items[index];
    if (item !== undefined) {
      if (Array.isArray(item)) return item as Seq;
      results.push(item);
    }
    return results;
  }
  for (let index = 0; index < items.length; index++) {
    const item = items[index];
    let res = fnPred!(item, frame);
    if (isNumeric(res)) res = [res];
    if (Array.isArray(res) && res.every((r) => typeof r === 'number')) {
      for (const r of res as number[]) {
        let ii = Math.floor(r);
        if (ii < 0) ii = items.length + ii;
        if (ii === index) results.push(item);
      }
    } else if (toBoolean(res)) {
      results.push(item);
    }
  }
  return results;
}

function str(x: unknown): string | undefined {
  if (x === undefined) return undefined;
  if (typeof x !== 'string') throw new Bail('not a string');
  return x;
}

function num(x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new Bail('not a number');
  return x;
}

function asArrayArg(x: unknown): unknown[] | undefined {
  return x === undefined ? undefined : Array.isArray(x) ? x : [x];
}

function chars(s: string): string[] {
  return Array.from(s);
}

const JSON_NUMBER = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([Ee][-+]?[0-9]+)?$/;

/** The built-in JSONata functions mirrored, by name and accepted argument counts. */
/** `$min`/`$max`/`$sum`: an absent argument gives undefined; otherwise `reduce` over the numbers. */
function numericAggregate(reduce: (list: number[]) => number | undefined): (a?: unknown) => unknown {
  return (a) => {
    const list = asArrayArg(a);
    return list === undefined ? undefined : reduce(list.map(num));
  };
}

type Builtin = { arity: number[]; impl: (a?: unknown, b?: unknown, c?: unknown) => unknown };

/** Looked up with `Object.hasOwn` only: `$constructor` or `$toString` in a rule is not a built-in. */
const BUILTINS: Record<string, Builtin> = {
  not: { arity: [1], impl: (x) => (x === undefined ? undefined : !toBoolean(x)) },
  exists: { arity: [1], impl: (x) => x !== undefined },
  count: { arity: [1], impl: (x) => (x === undefined ? 0 : Array.isArray(x) ? x.length : 1) },
  boolean: { arity: [1], impl: (x) => toBoolean(x) },
  append: { arity: [2], impl: (a, b) => append(a, b) },
  lookup: {
    arity: [2],
    impl: (o, k) => {
      if (typeof k !== 'string') throw new Bail('lookup key');
      return lookup(o, k);
    },
  },
  keys: { arity: [1], impl: (x) => keysOf(x) },
  length: {
    arity: [1],
    impl: (s) => {
      const v = str(s);
      return v === undefined ? undefined : chars(v).length;
    },
  },
  lowercase: { arity: [1], impl: (s) => str(s)?.toLowerCase() },
  uppercase: { arity: [1], impl: (s) => str(s)?.toUpperCase() },
  trim: {
    arity: [1],
    impl: (s) => {
      const v = str(s);
      if (v === undefined) return undefined;
      let r = v.replace(/[ \t\n\r]+/gm, ' ');
      if (r.charAt(0) === ' ') r = r.substring(1);
      if (r.charAt(r.length - 1) === ' ') r = r.substring(0, r.length - 1);
      return r;
    },
  },
  contains: {
    arity: [2],
    impl: (s, t) => {
      const v = str(s);
      if (v === undefined) return undefined;
      return v.includes(strictString(t));
    },
  },
  substring: {
    arity: [2, 3],
    impl: (s, st, len) => {
      const v = str(s);
      if (v === undefined) return undefined;
      if (st === undefined && len === undefined) return v; // jsonata slices from undefined: the whole string
      let start = num(st);
      const arr = chars(v);
      if (arr.length + start < 0) start = 0;
      if (len !== undefined) {
        const l = num(len);
        if (l <= 0) return '';
        const end = start >= 0 ? start + l : arr.length + start + l;
        return arr.slice(start, end).join('');
      }
      return arr.slice(start).join('');
    },
  },
  substringBefore: {
    arity: [2],
    impl: (s, c) => {
      const v = str(s);
      if (v === undefined) return undefined;
      const t = strictString(c);
      const pos = v.indexOf(t);
      return pos > -1 ? v.substring(0, pos) : v;
    },
  },
  substringAfter: {
    arity: [2],
    impl: (s, c) => {
      const v = str(s);
      if (v === undefined) return undefined;
      const t = strictString(c);
      const pos = v.indexOf(t);
      return pos > -1 ? v.substring(pos + t.length) : v;
    },
  },
  join: {
    arity: [1, 2],
    impl: (a, sep) => {
      const list = asArrayArg(a);
      if (list === undefined) return undefined;
      if (!list.every((x) => typeof x === 'string')) throw new Bail('join of non-strings');
      return list.join(sep === undefined ? '' : strictString(sep));
    },
  },
  split: {
    arity: [2],
    impl: (s, sep) => {
      const v = str(s);
      if (v === undefined) return undefined;
      return v.split(strictString(sep));
    },
  },
  string: {
    arity: [1],
    impl: (x) => {
      if (x === undefined || typeof x === 'string') return x;
      if (typeof x === 'boolean') return String(x);
      if (typeof x === 'number' && Number.isSafeInteger(x)) return String(x);
      if (x === null) return 'null';
      throw new Bail('$string of a non-scalar');
    },
  },
  number: {
    arity: [1],
    impl: (x) => {
      if (x === undefined) return undefined;
      if (typeof x === 'number' && Number.isFinite(x)) return x;
      if (typeof x === 'string' && JSON_NUMBER.test(x) && Number.isFinite(Number(x))) return Number(x);
      throw new Bail('$number of a non-number');
    },
  },
  type: {
    arity: [1],
    impl: (x) => {
      if (x === undefined) return undefined;
      if (x === null) return 'null';
      if (isFunctionValue(x)) return 'function';
      if (Array.isArray(x)) return 'array';
      return typeof x === 'object' ? 'object' : typeof x;
    },
  },
  min: { arity: [1], impl: numericAggregate((list) => (list.length === 0 ? undefined : Math.min(...list))) },
  max: { arity: [1], impl: numericAggregate((list) => (list.length === 0 ? undefined : Math.max(...list))) },
  sum: { arity: [1], impl: numericAggregate((list) => list.reduce((x, y) => x + y, 0)) },
  map: {
    arity: [2],
    impl: (a, f) => {
      if (a === undefined) return undefined;
      const call = callbackOf(f);
      const list = Array.isArray(a) ? a : [a];
      const result = seq();
      for (let i = 0; i < list.length; i++) {
        const res = call(list[i], i, list);
        if (res !== undefined) result.push(res);
      }
      return result;
    },
  },
  filter: {
    arity: [2],
    impl: (a, f) => {
      if (a === undefined) return undefined;
      const call = callbackOf(f);
      const list = Array.isArray(a) ? a : [a];
      const result = seq();
      for (let i = 0; i < list.length; i++) if (toBoolean(call(list[i], i, list))) result.push(list[i]);
      return result;
    },
  },
};

/**
 * jsonata `$keys`: an object's own keys; over an array, the keys of every item (nested arrays included)
 * merged into one object first, so keys come out in that object's order (integer-like keys first).
 */
function keysOf(x: unknown): Seq {
  if (Array.isArray(x)) {
    const merge = Object.create(null) as Record<string, true>;
    for (const item of x) for (const k of keysOf(item) as string[]) merge[k] = true;
    return keysOf(merge);
  }
  const result = seq();
  if (x !== null && typeof x === 'object' && !isFunctionValue(x)) for (const k of Object.keys(x)) result.push(k);
  return result;
}

/** A helper (a binding that is a JS function) called with `args`; whatever it throws goes to JSONata. */
function callHelper(f: (...a: unknown[]) => unknown, args: unknown[]): unknown {
  if (args.some(isFunctionValue)) throw new Bail('function passed to a helper');
  try {
    return f(...args);
  } catch (error) {
    if (error instanceof FastOverBudget) throw error;
    throw new Bail('a helper threw', { cause: error });
  }
}

/**
 * The string (`s`) and number (`n`) parameters of the mirrored built-ins, by position (`x`: any). JSONata checks
 * every argument against the function's signature before the call, absent ones included
 * (`$substringBefore(nothing, 0)` is error T0410, not undefined); a mismatch bails out.
 */
const TYPED_PARAMS: Readonly<Record<string, string>> = {
  lookup: 'xs',
  length: 's',
  lowercase: 's',
  uppercase: 's',
  trim: 's',
  contains: 'ss',
  substring: 'snn',
  substringBefore: 'ss',
  substringAfter: 'ss',
  join: 'xs',
  split: 'ss',
};

/** `arg` checked against a signature type code from TYPED_PARAMS. */
function typedArg(arg: Fn, code: string | undefined): Fn {
  if (code !== 's' && code !== 'n') return arg;
  const type = code === 's' ? 'string' : 'number';
  return (input, frame) => {
    const v = arg(input, frame);
    if (v !== undefined && typeof v !== type) throw new Bail(`argument is not a ${type}`);
    return v;
  };
}

/** How jsonata's higher-order functions call back: value, then index and array only if the function takes them. */
function callbackOf(f: unknown): (value: unknown, index: number, array: unknown[]) => unknown {
  const arity = f instanceof Lambda ? f.params.length : typeof f === 'function' ? f.length : -1;
  if (arity < 0) throw new Bail('callback is not a function');
  return (value, index, array) => {
    const args = arity >= 3 ? [value, index, array] : arity === 2 ? [value, index] : [value];
    if (f instanceof Lambda) return f.call(args);
    return callHelper(f as (...a: unknown[]) => unknown, args);
  };
}

function strictString(x: unknown): string {
  if (typeof x !== 'string') throw new Bail('not a string');
  return x;
}

function numericOp(op: string, l: unknown, r: unknown): number | undefined {
  if (l !== undefined && !isNumeric(l)) throw new Bail('arithmetic on a non-number');
  if (r !== undefined && !isNumeric(r)) throw new Bail('arithmetic on a non-number');
  if (l === undefined || r === undefined) return undefined;
  let result: number;
  switch (op) {
    case '+':
      result = l + r;
      break;
    case '-':
      result = l - r;
      break;
    case '*':
      result = l * r;
      break;
    case '/':
      result = l / r;
      break;
    default:
      result = l % r;
  }
  if (!Number.isFinite(result)) throw new Bail('arithmetic overflow');
  return result;
}

function comparison(op: string, l: unknown, r: unknown): boolean | undefined {
  const lt = typeof l;
  const rt = typeof r;
  const lOk = lt === 'undefined' || lt === 'string' || lt === 'number';
  const rOk = rt === 'undefined' || rt === 'string' || rt === 'number';
  if (!lOk || !rOk) throw new Bail('comparison of non-comparable values');
  if (l === undefined || r === undefined) return undefined;
  if (lt !== rt) throw new Bail('comparison of a string with a number');
  const a = l as number;
  const b = r as number;
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

function concatText(x: unknown): string {
  if (x === undefined) return '';
  if (typeof x === 'string') return x;
  if (typeof x === 'boolean' || x === null) return String(x);
  if (typeof x === 'number' && Number.isSafeInteger(x)) return String(x);
  throw new Bail('& of a non-scalar');
}

interface Scope {
  /** Variable names the expression binds anywhere (`:=` and lambda parameters). */
  bound: Set<string>;
  /** Names of the bindings passed at evaluation (helpers, `options`, …). */
  external: ReadonlySet<string>;
}

function collectBound(node: unknown, out: Set<string>): void {
  if (typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    for (const n of node) collectBound(n, out);
    return;
  }
  const n = node as Node;
  if (n.type === 'bind' && (n.lhs as Node | undefined)?.type === 'variable') out.add(String((n.lhs as Node).value));
  if (n.type === 'lambda') for (const p of n.arguments ?? []) out.add(String(p.value));
  for (const v of Object.values(n)) if (typeof v === 'object') collectBound(v, out);
}

/** True if a `:=` would bind in the evaluation's own frame (not inside a block or lambda, which make their own). */
function bindsOutsideScopes(node: unknown): boolean {
  if (typeof node !== 'object' || node === null) return false;
  if (Array.isArray(node)) return node.some(bindsOutsideScopes);
  const n = node as Node;
  if (n.type === 'bind') return true;
  if (n.type === 'lambda') return false;
  if (n.type === 'block') return bindsOutsideScopes(n.predicate ?? null);
  return Object.values(n).some((v) => typeof v === 'object' && bindsOutsideScopes(v));
}

function compileNode(node: Node, scope: Scope): Fn {
  if (
    node.keepArray ||
    node.group !== undefined ||
    node.focus !== undefined ||
    node.index !== undefined ||
    node.ancestor !== undefined ||
    node.tuple
  ) {
    throw new Unsupported(`${node.type} with tuple, grouping or [] modifiers`);
  }
  if (node.predicate?.length && endsInTailCall(node)) throw new Unsupported('predicate on a tail call');
  let fn = compileBare(node, scope);
  if (node.predicate && node.predicate.length > 0 && node.type !== 'path') {
    const preds = node.predicate.map((p) => {
      if (p.type !== 'filter' || !p.expr) throw new Unsupported(`predicate ${p.type}`);
      return { p, f: p.expr.type === 'number' ? null : compileNode(p.expr, scope) };
    });
    const inner = fn;
    fn = (input, frame) => {
      let result = inner(input, frame);
      for (const { p, f } of preds) result = filter(p, f, result, frame);
      return result;
    };
  }
  const body = fn;
  return (input, frame) => collapse(body(input, frame));
}

function compileBare(node: Node, scope: Scope): Fn {
  switch (node.type) {
    case 'string':
    case 'number':
    case 'value': {
      const v = node.value;
      return () => v;
    }
    case 'name': {
      const key = String(node.value);
      return (input) => lookup(input, key);
    }
    case 'variable': {
      const name = String(node.value);
      if (name === '') return (input) => input;
      if (name === '$') throw new Unsupported('$$');
      return (_input, frame) => frame[name];
    }
    case 'path':
      return compilePath(node, scope);
    case 'binary':
      return compileBinary(node, scope);
    case 'unary':
      return compileUnary(node, scope);
    case 'condition': {
      const c = compileNode(node.condition!, scope);
      const t = compileNode(node.then!, scope);
      const e = node.else ? compileNode(node.else, scope) : null;
      return (input, frame) => (toBoolean(c(input, frame)) ? t(input, frame) : e ? e(input, frame) : undefined);
    }
    case 'block': {
      const exprs = (node.expressions ?? []).map((e) => compileNode(e, scope));
      return (input, frame) => {
        const inner = Object.create(frame) as Frame;
        let result: unknown;
        for (const e of exprs) result = e(input, inner);
        return result;
      };
    }
    case 'bind': {
      const lhs = node.lhs as Node;
      if (lhs.type !== 'variable') throw new Unsupported('binding to a non-variable');
      const name = String(lhs.value);
      const rhs = compileNode(node.rhs!, scope);
      return (input, frame) => {
        const v = rhs(input, frame);
        frame[name] = v;
        return v;
      };
    }
    case 'lambda': {
      if (node.thunk) {
        // jsonata's tail call: its trampoline applies the call in the same frame and hands the callee's value to
        // the lambda's caller as it is, an empty or one-item sequence uncollapsed (`$map` keeps a `[]`).
        const body = node.body!;
        if (body.keepArray || body.predicate?.length) throw new Unsupported('tail call with [] or a predicate');
        const call = compileCall(body, scope);
        return (input, frame) => new TailValue(call(input, frame));
      }
      if (node.signature !== undefined) throw new Unsupported('lambda with a signature');
      const params = (node.arguments ?? []).map((a) => String(a.value));
      const body = compileNode(node.body!, scope);
      return (input, frame) => new Lambda(params, body, input, frame);
    }
    case 'function':
      return compileCall(node, scope);
    default:
      throw new Unsupported(`node type ${node.type}`);
  }
}

function compileCall(node: Node, scope: Scope): Fn {
  const proc = node.procedure;
  if (proc?.type !== 'variable' || node.value !== '(') throw new Unsupported('call of a non-variable');
  const name = String(proc.value);
  const args = (node.arguments ?? []).map((a) => {
    if (a.type === 'variable' && a.value === '?') throw new Unsupported('partial application');
    return compileNode(a, scope);
  });
  const builtin = Object.hasOwn(BUILTINS, name) ? BUILTINS[name] : undefined;
  const local = scope.bound.has(name) || scope.external.has(name);
  if (builtin && !local) {
    if (!builtin.arity.includes(args.length)) throw new Unsupported(`$${name} with ${args.length} arguments`);
    const impl = builtin.impl;
    const params = Object.hasOwn(TYPED_PARAMS, name) ? TYPED_PARAMS[name]! : '';
    const [a0, a1, a2] = args.map((a, i) => typedArg(a, params[i]));
    switch (args.length) {
      case 1:
        return (input, frame) => impl(a0!(input, frame));
      case 2:
        return (input, frame) => impl(a0!(input, frame), a1!(input, frame));
      default:
        return (input, frame) => impl(a0!(input, frame), a1!(input, frame), a2!(input, frame));
    }
  }
  if (!local) throw new Unsupported(`function $${name}`);
  return (input, frame) => {
    const f = frame[name];
    const values = args.map((a) => a(input, frame));
    if (f instanceof Lambda) return f.call(values);
    if (typeof f === 'function') return callHelper(f as (...a: unknown[]) => unknown, values);
    throw new Bail(`$${name} is not a function`);
  };
}

function compileBinary(node: Node, scope: Scope): Fn {
  const op = String(node.value);
  const l = compileNode(node.lhs as Node, scope);
  const r = compileNode(node.rhs!, scope);
  switch (op) {
    case 'and':
      return (input, frame) => boolize(l(input, frame)) && boolize(r(input, frame));
    case 'or':
      return (input, frame) => boolize(l(input, frame)) || boolize(r(input, frame));
    case '=':
    case '!=': {
      const negate = op === '!=';
      return (input, frame) => {
        const a = l(input, frame);
        const b = r(input, frame);
        if (a === undefined || b === undefined) return false;
        return deepEqual(a, b) !== negate;
      };
    }
    case '<':
    case '<=':
    case '>':
    case '>=':
      return (input, frame) => comparison(op, l(input, frame), r(input, frame));
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
      return (input, frame) => numericOp(op, l(input, frame), r(input, frame));
    case '&':
      return (input, frame) => concatText(l(input, frame)) + concatText(r(input, frame));
    case 'in':
      return (input, frame) => {
        const a = l(input, frame);
        const b = r(input, frame);
        if (a === undefined || b === undefined) return false;
        return (Array.isArray(b) ? b : [b]).some((x) => x === a);
      };
    default:
      throw new Unsupported(`operator ${op}`);
  }
}

function compileUnary(node: Node, scope: Scope): Fn {
  switch (node.value) {
    case '-': {
      const e = compileNode(node.expression!, scope);
      return (input, frame) => {
        const v = e(input, frame);
        if (v === undefined) return undefined;
        if (isNumeric(v)) return -v;
        throw new Bail('negation of a non-number');
      };
    }
    case '[': {
      const items = (node.expressions ?? []).map((e) => ({
        nested: e.value === '[' && e.type === 'unary',
        f: compileNode(e, scope),
      }));
      const cons = node.consarray === true;
      return (input, frame) => {
        let result: unknown[] = [];
        for (const { nested, f } of items) {
          const v = f(input, frame);
          if (v === undefined) continue;
          if (nested) result.push(v);
          else result = append(result, v) as unknown[];
        }
        if (cons) Object.defineProperty(result, 'cons', { enumerable: false, configurable: false, value: true });
        return result;
      };
    }
    case '{': {
      const pairs = (node.lhs as Node[][]).map(([k, v]) => ({ k: compileNode(k!, scope), v: compileNode(v!, scope) }));
      return (input, frame) => {
        let item = input;
        if (Array.isArray(input)) {
          if (input.length > 1) throw new Bail('object constructor over a sequence');
          item = input[0];
        }
        const out = Object.create(null) as Record<string, unknown>;
        const seen = new Set<string>();
        for (const { k, v } of pairs) {
          const key = k(item, frame);
          if (key === undefined) continue;
          if (typeof key !== 'string' || seen.has(key) || key === '_jsonata_lambda' || key === '_jsonata_function')
            throw new Bail('object key');
          seen.add(key);
          const value = v(item, frame);
          if (value !== undefined) out[key] = value;
        }
        return out;
      };
    }
    default:
      throw new Unsupported(`unary ${String(node.value)}`);
  }
}

function compilePath(node: Node, scope: Scope): Fn {
  if (node.keepSingletonArray) throw new Unsupported('[] on a path');
  const steps = (node.steps ?? []).map((step, i) => {
    if (
      step.tuple ||
      step.focus !== undefined ||
      step.index !== undefined ||
      step.ancestor !== undefined ||
      step.type === 'sort'
    ) {
      throw new Unsupported('tuple or sort step');
    }
    const stages = (step.stages ?? []).map((s) => {
      if (s.type !== 'filter' || !s.expr) throw new Unsupported(`stage ${s.type}`);
      return { p: s, f: s.expr.type === 'number' ? null : compileNode(s.expr, scope) };
    });
    return { f: compileNode(step, scope), stages, consFirst: i === 0 && step.consarray === true };
  });
  const firstIsVariable = node.steps?.[0]?.type === 'variable';
  // `a.b.c` over one object: walk it directly; anything else (an array on the way) takes the general route.
  const names = steps.every(
    (s, i) => node.steps![i]!.type === 'name' && s.stages.length === 0 && !node.steps![i]!.predicate,
  )
    ? node.steps!.map((s) => String(s.value))
    : null;
  const general = generalPath(steps, firstIsVariable);
  if (!names) return general;
  return (input, frame) => {
    if (Array.isArray(input)) return general(input, frame);
    let value: unknown = input;
    for (let i = 0; i < names.length; i++) {
      if (value === null || typeof value !== 'object' || value instanceof Lambda) return undefined;
      if (Array.isArray(value)) return general(input, frame);
      if (!Object.hasOwn(value, names[i]!)) return undefined;
      value = (value as Record<string, unknown>)[names[i]!];
      if (value === undefined) return undefined;
    }
    return value;
  };
}

interface CompiledStep {
  f: Fn;
  stages: { p: { type: string; expr?: Node }; f: Fn | null }[];
  consFirst: boolean;
}

function generalPath(steps: CompiledStep[], firstIsVariable: boolean): Fn {
  return (input, frame) => {
    let inputSeq: unknown[] = Array.isArray(input) && !firstIsVariable ? input : seq(input);
    let resultSeq: unknown = undefined;
    for (let ii = 0; ii < steps.length; ii++) {
      const step = steps[ii]!;
      if (step.consFirst) {
        resultSeq = step.f(inputSeq, frame);
      } else {
        const result: unknown[] = [];
        for (const item of inputSeq) {
          let res = step.f(item, frame);
          for (const { p, f } of step.stages) res = filter(p, f, res, frame);
          if (res !== undefined) result.push(res);
        }
        if (ii === steps.length - 1 && result.length === 1 && Array.isArray(result[0]) && !isSeq(result[0])) {
          resultSeq = result[0];
        } else {
          const flat = seq();
          for (const res of result) {
            if (!Array.isArray(res) || (res as Seq).cons) flat.push(res);
            else for (const v of res) flat.push(v);
          }
          resultSeq = flat;
        }
      }
      if (resultSeq === undefined || (Array.isArray(resultSeq) && resultSeq.length === 0)) break;
      inputSeq = Array.isArray(resultSeq) ? resultSeq : seq(resultSeq);
    }
    return resultSeq;
  };
}

export interface FastExpression {
  /** Evaluate on one input with a frame from `frameOf`. Throws `Bail` to defer to JSONata, `FastOverBudget` on time. */
  evaluate(input: unknown, frame: Frame): unknown;
}

/** A root frame holding the bindings; build once per rule and reuse for every resource. */
export function frameOf(bindings: Record<string, unknown>): Frame {
  const frame = Object.create(null) as Frame;
  for (const [k, v] of Object.entries(bindings)) frame[k] = v;
  return frame;
}

/**
 * Compile a parsed JSONata AST (from `jsonata(src).ast()`), or return null when it uses anything outside
 * the mirrored subset. `bindingNames` are the names passed as bindings at evaluation time.
 */
export function compileFast(ast: unknown, bindingNames: Iterable<string>): FastExpression | null {
  const bound = new Set<string>();
  collectBound(ast, bound);
  for (const name of bound) if (Object.hasOwn(BUILTINS, name)) return null;
  let f: Fn;
  try {
    f = compileNode(ast as Node, { bound, external: new Set(bindingNames) });
  } catch (err) {
    if (err instanceof Unsupported) return null;
    throw err;
  }
  const ownFrame = bindsOutsideScopes(ast);
  return {
    evaluate(input, frame) {
      try {
        return f(input, ownFrame ? (Object.create(frame) as Frame) : frame);
      } catch (err) {
        // Deep lambda recursion runs out of JS stack here; JSONata (async) reaches its own depth limit instead.
        if (err instanceof RangeError && err.message === 'Maximum call stack size exceeded') {
          throw new Bail('call stack exhausted', { cause: err });
        }
        throw err;
      }
    },
  };
}

/** An error of the fast evaluator itself (neither its bail-out nor a budget): a bug, raised with the way around it. */
export class FastEvalFault extends Error {
  constructor(where: string, cause: unknown) {
    const why = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(`the fast evaluator failed on ${where} (${why}); rerun with --engine jsonata and report this bug`, { cause });
    this.name = 'FastEvalFault';
  }
}
