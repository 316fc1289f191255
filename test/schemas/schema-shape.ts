/**
 * Compares two JSON Schemas by the shape of the data they accept: property names, which are required, whether
 * other properties are allowed, array items, enum values and scalar types, recursively. Everything a TypeScript
 * type cannot say (patterns, lengths, formats, descriptions) is ignored, so a schema generated from a type can be
 * compared with a hand-written one.
 */
import { isDeepStrictEqual } from 'node:util';

type Schema = boolean | Record<string, unknown>;

type Shape =
  | { kind: 'any' }
  | { kind: 'scalar'; types: string[] }
  | { kind: 'enum'; values: unknown[] }
  | { kind: 'array'; items: Shape }
  | { kind: 'object'; props: Map<string, { shape: Shape; required: boolean }>; extra: Shape | 'closed' }
  | { kind: 'union'; options: Shape[] };

const ANY: Shape = { kind: 'any' };
const MAX_DEPTH = 40;

function asRecord(schema: Schema): Record<string, unknown> {
  return typeof schema === 'object' ? schema : {};
}

/** `#/definitions/x` or `#/$defs/x` in the document. */
function resolveRef(root: Record<string, unknown>, ref: string): Schema {
  const keys = ref
    .replace(/^#\//, '')
    .split('/')
    .map((k) => decodeURIComponent(k).replace(/~1/g, '/').replace(/~0/g, '~'));
  const target = keys.reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], root);
  if (target === undefined) throw new Error(`unresolved $ref ${ref}`);
  return target as Schema;
}

function sortedUnique(values: unknown[]): unknown[] {
  const byText = new Map(values.map((v) => [JSON.stringify(v), v]));
  return [...byText.keys()].sort().map((k) => byText.get(k));
}

/** One option per kind: scalar types together, enum values together (minus those a scalar type covers). */
function union(options: Shape[]): Shape {
  const flat = options.flatMap((o) => (o.kind === 'union' ? o.options : [o]));
  if (flat.some((o) => o.kind === 'any')) return ANY;
  const types = sortedUnique(flat.flatMap((o) => (o.kind === 'scalar' ? o.types : []))) as string[];
  const values = sortedUnique(flat.flatMap((o) => (o.kind === 'enum' ? o.values : []))).filter(
    (v) => !types.includes(v === null ? 'null' : typeof v),
  );
  const rest = flat.filter((o) => o.kind !== 'scalar' && o.kind !== 'enum');
  const merged: Shape[] = [
    ...(types.length > 0 ? [{ kind: 'scalar', types } as Shape] : []),
    ...(values.length > 0 ? [{ kind: 'enum', values } as Shape] : []),
    ...rest,
  ];
  return merged.length === 1 ? merged[0]! : { kind: 'union', options: merged };
}

function objectShape(root: Record<string, unknown>, s: Record<string, unknown>, depth: number): Shape {
  const required = new Set((s.required as string[] | undefined) ?? []);
  const props = new Map<string, { shape: Shape; required: boolean }>();
  for (const [name, sub] of Object.entries((s.properties as Record<string, Schema> | undefined) ?? {})) {
    props.set(name, { shape: shapeOf(root, sub, depth + 1), required: required.has(name) });
  }
  for (const name of required) if (!props.has(name)) props.set(name, { shape: ANY, required: true });
  const additional = s.additionalProperties as Schema | undefined;
  let extra: Shape | 'closed' =
    additional === false ? 'closed' : additional === undefined ? ANY : shapeOf(root, additional, depth + 1);
  // A closed key set written as propertyNames (an enum) is the same object as those keys, all optional.
  const names = s.propertyNames === undefined ? undefined : shapeOf(root, s.propertyNames as Schema, depth + 1);
  if (names?.kind === 'enum') {
    for (const name of names.values as string[]) {
      if (!props.has(name)) props.set(name, { shape: extra === 'closed' ? ANY : extra, required: required.has(name) });
    }
    extra = 'closed';
  }
  return { kind: 'object', props, extra };
}

function shapeOf(root: Record<string, unknown>, schema: Schema, depth = 0): Shape {
  if (depth > MAX_DEPTH) return ANY;
  const s = asRecord(schema);
  if (typeof s.$ref === 'string') return shapeOf(root, resolveRef(root, s.$ref), depth + 1);
  if ('const' in s) return { kind: 'enum', values: [s.const] };
  if (Array.isArray(s.enum)) return { kind: 'enum', values: sortedUnique(s.enum) };
  const variants = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (variants) return union(variants.map((v) => shapeOf(root, v, depth + 1)));
  const types = Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : [];
  if (types.length === 0 && (s.properties || s.additionalProperties !== undefined)) types.push('object');
  if (types.length === 0) return ANY;
  return union(
    types.map((type): Shape => {
      if (type === 'object') return objectShape(root, s, depth);
      if (type === 'array')
        return { kind: 'array', items: s.items ? shapeOf(root, s.items as Schema, depth + 1) : ANY };
      return { kind: 'scalar', types: [type === 'integer' ? 'number' : type] };
    }),
  );
}

function describe(shape: Shape | 'closed'): string {
  if (shape === 'closed') return 'no other properties';
  switch (shape.kind) {
    case 'any':
      return 'anything';
    case 'scalar':
      return shape.types.join(' | ');
    case 'enum':
      return `one of ${shape.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'array':
      return 'an array';
    case 'object':
      return 'an object';
    case 'union':
      return shape.options.map(describe).join(' | ');
  }
}

/** Where the shapes differ, one line each: `<pointer>: <what the type says> (type) vs <what the schema says>`. */
function compare(type: Shape | 'closed', schema: Shape | 'closed', at: string, out: string[]): void {
  if (type === 'closed' || schema === 'closed') {
    if (type !== schema) {
      out.push(`${at}: other properties: ${describe(type)} (type) vs ${describe(schema)} (schema)`);
    }
    return;
  }
  if (type.kind === 'any' || schema.kind === 'any') return;
  if (type.kind !== schema.kind) {
    out.push(`${at}: ${describe(type)} (type) vs ${describe(schema)} (schema)`);
    return;
  }
  if (type.kind === 'scalar' && schema.kind === 'scalar') {
    if (!isDeepStrictEqual(type.types, schema.types)) {
      out.push(`${at}: ${describe(type)} (type) vs ${describe(schema)} (schema)`);
    }
  } else if (type.kind === 'enum' && schema.kind === 'enum') {
    const onlyType = type.values.filter((v) => !schema.values.some((w) => isDeepStrictEqual(v, w)));
    const onlySchema = schema.values.filter((v) => !type.values.some((w) => isDeepStrictEqual(v, w)));
    if (onlyType.length > 0) out.push(`${at}: values only in the type: ${JSON.stringify(onlyType)}`);
    if (onlySchema.length > 0) out.push(`${at}: values only in the schema: ${JSON.stringify(onlySchema)}`);
  } else if (type.kind === 'array' && schema.kind === 'array') {
    compare(type.items, schema.items, `${at}/items`, out);
  } else if (type.kind === 'object' && schema.kind === 'object') {
    for (const [name, t] of type.props) {
      const s = schema.props.get(name);
      if (!s) {
        out.push(`${at}/${name}: only in the type`);
        continue;
      }
      if (t.required !== s.required) {
        out.push(
          `${at}/${name}: ${t.required ? 'required' : 'optional'} in the type, ` +
            `${s.required ? 'required' : 'optional'} in the schema`,
        );
      }
      compare(t.shape, s.shape, `${at}/${name}`, out);
    }
    for (const name of schema.props.keys()) if (!type.props.has(name)) out.push(`${at}/${name}: only in the schema`);
    compare(type.extra, schema.extra, at, out);
  } else if (type.kind === 'union' && schema.kind === 'union') {
    const kinds = (u: Shape[]): string =>
      u
        .map((o) => o.kind)
        .sort()
        .join(' | ');
    if (kinds(type.options) !== kinds(schema.options) || type.options.length !== schema.options.length) {
      out.push(`${at}: ${describe(type)} (type) vs ${describe(schema)} (schema)`);
      return;
    }
    const byKind = (u: Shape[]): Shape[] => [...u].sort((a, b) => a.kind.localeCompare(b.kind));
    const schemaOptions = byKind(schema.options);
    byKind(type.options).forEach((o, i) => compare(o, schemaOptions[i]!, at, out));
  }
}

/**
 * The differences between a schema generated from a TypeScript type and a hand-written one, as readable lines
 * (empty when they accept the same shape of data). Pointers name properties (`/accounts/items/account_id`).
 */
export function schemaDifferences(typeSchema: object, handSchema: object): string[] {
  const type = typeSchema as Record<string, unknown>;
  const hand = handSchema as Record<string, unknown>;
  const out: string[] = [];
  compare(shapeOf(type, type), shapeOf(hand, hand), '', out);
  return out;
}
