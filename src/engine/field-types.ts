/**
 * Does a resource field hold what the API documents? Each top-level field of a type is checked against its
 * schema in schemas/fields/<type>.json (the union over the type's variants): JSON types, enums, consts and
 * `date-time` formats, at any depth. Presence is not checked (an absent field is the rule's business), nor
 * are undocumented extra properties or numeric ranges. In a union of object variants, the candidates are
 * the variants whose required keys are present (presence tells `{ "email": … }` from `{ "group": … }`).
 *
 * `null` reads as unset: the API sends `null` for fields the SDK declares only with their type (a tunnel's
 * `deleted_at`), so the lenient check accepts it anywhere. The strict check (null only where the schema
 * allows it) explains a check that threw: a `null` the rule could not handle is named, not hidden.
 *
 * A small interpreter rather than ajv: compiling the 200-odd field validators with ajv took seconds.
 */
import type { ResourceType } from '../catalog/resource-types.js';
import { loadFieldSchema } from './field-schemas.js';

type Schema = Record<string, unknown>;

export type NullMode = 'lenient' | 'strict';

interface Mismatch {
  path: (string | number)[];
  value: unknown;
  types: Set<string>;
  values: unknown[];
  format?: string;
}

/** RFC 3339 `date-time` (as ajv-formats reads it: leap second allowed, a time zone required). */
const DATE_TIME = new RegExp(
  '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])[Tt ]([01]\\d|2[0-3]):[0-5]\\d:([0-5]\\d|60)(\\.\\d+)?' +
    '([Zz]|[+-]([01]\\d|2[0-3]):?[0-5]\\d)$',
);
const MAX_DEPTH = 400;

export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : typeof value;
}

function typesOf(s: Schema): string[] {
  return Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : [];
}

function isType(value: unknown, type: string): boolean {
  if (type === 'integer') return typeof value === 'number' && Number.isInteger(value);
  return jsonType(value) === type;
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b));
}

class Checker {
  private readonly root: Schema;
  private readonly lenient: boolean;

  constructor(root: Schema, mode: NullMode) {
    this.root = root;
    this.lenient = mode === 'lenient';
  }

  deref(schema: Schema): Schema {
    let s = schema;
    for (let i = 0; i < 30 && typeof s.$ref === 'string'; i++) {
      const name = decodeURIComponent(s.$ref.replace(/^#\/definitions\//, ''));
      const defs = this.root.definitions as Record<string, Schema> | undefined;
      s = defs && Object.hasOwn(defs, name) ? defs[name]! : {};
    }
    return s;
  }

  /** The first place `value` does not match `schema`, or null. */
  check(schema: Schema, value: unknown, path: (string | number)[]): Mismatch | null {
    const s = this.deref(schema);
    if (value === null && this.lenient) return null;
    if (path.length > MAX_DEPTH) return null;
    const miss = (extra: Partial<Mismatch>): Mismatch => ({ path, value, types: new Set(), values: [], ...extra });
    const allowed = s.const !== undefined ? [s.const] : Array.isArray(s.enum) ? (s.enum as unknown[]) : null;
    if (allowed && !allowed.some((e) => sameValue(e, value))) {
      const kinds = new Set(allowed.map(jsonType));
      return kinds.has(jsonType(value)) ? miss({ values: allowed }) : miss({ types: kinds });
    }
    const union = [...((s.anyOf as Schema[] | undefined) ?? []), ...((s.oneOf as Schema[] | undefined) ?? [])];
    if (union.length > 0) {
      const found = this.checkUnion(union, value, path);
      if (found) return found;
    }
    const types = typesOf(s);
    if (types.length > 0 && !types.some((t) => isType(value, t))) return miss({ types: new Set(types) });
    if (typeof value === 'string' && s.format === 'date-time' && !DATE_TIME.test(value)) {
      return miss({ format: 'date-time' });
    }
    if (Array.isArray(value) && s.items && typeof s.items === 'object' && !Array.isArray(s.items)) {
      for (let i = 0; i < value.length; i++) {
        const m = this.check(s.items as Schema, value[i], [...path, i]);
        if (m) return m;
      }
    }
    if (jsonType(value) === 'object') return this.checkObject(s, value as Record<string, unknown>, path);
    return null;
  }

  private checkObject(s: Schema, value: Record<string, unknown>, path: (string | number)[]): Mismatch | null {
    const props = s.properties as Record<string, Schema> | undefined;
    const rest = s.additionalProperties;
    const extra = rest && typeof rest === 'object' ? (rest as Schema) : null;
    for (const key of Object.keys(value)) {
      const sub = props && Object.hasOwn(props, key) ? props[key]! : extra;
      if (!sub) continue;
      const m = this.check(sub, value[key], [...path, key]);
      if (m) return m;
    }
    return null;
  }

  /**
   * A union: for an object, the candidates are the variants whose required keys it has (a variant without
   * required keys always is); none means an undocumented shape whose types cannot be told. The deepest
   * mismatch is told.
   */
  private checkUnion(union: Schema[], value: unknown, path: (string | number)[]): Mismatch | null {
    let branches = union.map((b) => this.deref(b));
    if (jsonType(value) === 'object') {
      branches = branches.filter((b) => {
        if (typesOf(b).length > 0 && !typesOf(b).includes('object')) return true;
        const required = Array.isArray(b.required) ? (b.required as string[]) : [];
        return required.every((k) => Object.hasOwn(value as object, k));
      });
      if (branches.length === 0) return null;
    }
    const misses: Mismatch[] = [];
    for (const b of branches) {
      const m = this.check(b, value, path);
      if (!m) return null;
      misses.push(m);
    }
    const deepest = Math.max(...misses.map((m) => m.path.length));
    const at = misses.filter((m) => m.path.length === deepest);
    const merged: Mismatch = { ...at[0]!, types: new Set(), values: [] };
    for (const m of at) {
      if (m.path.join('/') !== merged.path.join('/')) continue;
      for (const t of m.types) merged.types.add(t);
      merged.values.push(...m.values);
      merged.format ??= m.format;
    }
    return merged;
  }
}

function withArticle(type: string): string {
  return type === 'null' ? 'null' : `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** `['policies', 0, 'decision']` → `policies[0].decision`. */
function pathText(path: (string | number)[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (out === '' && /^[A-Za-z_][\w-]*$/.test(part)) out = part;
    else out += /^[A-Za-z_][\w-]*$/.test(part) ? `.${part}` : `[${JSON.stringify(part)}]`;
  }
  return out;
}

function describe(m: Mismatch): string {
  const where = pathText(m.path);
  if (m.types.size > 0) {
    const wanted = [...new Set([...m.types].filter((t) => t !== 'null').map((t) => (t === 'integer' ? 'number' : t)))];
    const fraction = jsonType(m.value) === 'number' && wanted.includes('number');
    const actual = fraction ? 'number that is not an integer' : jsonType(m.value);
    return `${where} is ${withArticle(actual)}, the API documents ${orList(wanted.map(withArticle))}`;
  }
  if (m.values.length > 0) {
    const allowed = [...new Set(m.values.filter((v) => v !== null).map((v) => JSON.stringify(v)))];
    const list = `${allowed.slice(0, 8).join(', ')}${allowed.length > 8 ? ', …' : ''}`;
    return `${where} is ${shown(m.value)}, not a value the API documents (${list})`;
  }
  return `${where} is ${shown(m.value)}, not a ${m.format ?? 'value'} as the API documents`;
}

/** The schemas a top-level field has across the variants (anyOf branches) of `root`. */
function fieldSchemas(checker: Checker, root: Schema, field: string): Schema[] {
  const out: Schema[] = [];
  const seen = new Set<string>();
  const visit = (schema: Schema, depth: number): void => {
    if (depth > 10) return;
    const s = checker.deref(schema);
    for (const key of ['anyOf', 'oneOf', 'allOf']) {
      for (const b of (s[key] as Schema[] | undefined) ?? []) visit(b, depth + 1);
    }
    const props = s.properties as Record<string, Schema> | undefined;
    if (props && Object.hasOwn(props, field)) {
      const text = JSON.stringify(props[field]);
      if (!seen.has(text)) {
        seen.add(text);
        out.push(props[field]!);
      }
    }
  };
  visit(root, 0);
  return out;
}

/**
 * What records are checked as: a resource type, or `embedded_policy`, an app-scoped policy inside
 * `access_application.policies[]`, which the SDK documents there (its variants differ from a reusable
 * policy's: either documents it).
 */
export type CheckedType = ResourceType | 'embedded_policy';

interface FieldCheck {
  checker: Checker;
  schema: Schema;
}

const fieldChecks = new Map<string, FieldCheck[]>();

/** `access_application`'s `policies[]` item schema, as a root that keeps the application's definitions. */
function embeddedPolicyRoot(): Schema {
  const app = loadFieldSchema('access_application');
  const checker = new Checker(app, 'strict');
  const items = fieldSchemas(checker, app, 'policies')
    .map((s) => checker.deref(s).items)
    .filter((i): i is Schema => !!i && typeof i === 'object');
  return { definitions: app.definitions, anyOf: items };
}

function fieldChecksOf(type: CheckedType, field: string, mode: NullMode): FieldCheck[] {
  const key = `${type}\n${field}\n${mode}`;
  let checks = fieldChecks.get(key);
  if (!checks) {
    const roots =
      type === 'embedded_policy' ? [embeddedPolicyRoot(), loadFieldSchema('access_policy')] : [loadFieldSchema(type)];
    checks = [];
    for (const root of roots) {
      const checker = new Checker(root, mode);
      const schemas = fieldSchemas(checker, root, field);
      if (schemas.length > 0) checks.push({ checker, schema: schemas.length === 1 ? schemas[0]! : { anyOf: schemas } });
    }
    fieldChecks.set(key, checks);
  }
  return checks;
}

/** What is wrong with `value` as the top-level field `field` of a `type` resource, or null when nothing is. */
export function fieldTypeProblem(
  type: CheckedType,
  field: string,
  value: unknown,
  mode: NullMode = 'lenient',
): string | null {
  if (value === undefined) return null;
  let first: Mismatch | null = null;
  for (const { checker, schema } of fieldChecksOf(type, field, mode)) {
    const m = checker.check(schema, value, [field]);
    if (!m) return null;
    first ??= m;
  }
  return first ? describe(first) : null;
}

export type Problems = ReadonlyMap<string, string>;
const NONE: Problems = new Map();
const cache: Record<NullMode, Map<CheckedType, WeakMap<object, Problems>>> = { lenient: new Map(), strict: new Map() };

/** Every top-level field of the resource that does not hold what the API documents (cached per object). */
export function resourceTypeProblems(
  type: CheckedType,
  data: Record<string, unknown>,
  mode: NullMode = 'lenient',
): Problems {
  let byObject = cache[mode].get(type);
  if (!byObject) cache[mode].set(type, (byObject = new WeakMap()));
  let problems = byObject.get(data);
  if (!problems) {
    let found: Map<string, string> | null = null;
    for (const field of Object.keys(data)) {
      const p = fieldTypeProblem(type, field, data[field], mode);
      if (p) (found ??= new Map()).set(field, p);
    }
    problems = found ?? NONE;
    byObject.set(data, problems);
  }
  return problems;
}

/** The first of `fields` (all of the resource's when `fields` is null) that does not hold what the API documents. */
export function firstTypeProblem(
  type: CheckedType,
  data: Record<string, unknown>,
  fields: readonly string[] | null,
  mode: NullMode = 'lenient',
): string | null {
  return firstOf(resourceTypeProblems(type, data, mode), fields);
}

/** The problem of the first of `fields` (of any field when null), or null. */
export function firstOf(problems: Problems, fields: readonly string[] | null): string | null {
  if (problems.size === 0) return null;
  if (fields === null) return problems.values().next().value ?? null;
  for (const f of fields) {
    const p = problems.get(f);
    if (p) return p;
  }
  return null;
}
