/**
 * fast-check arbitraries from the field schemas (schemas/fields/<type>.json, JSON Schema draft-07 as
 * scripts/generate-field-schemas.ts writes it): $ref into `definitions`, anyOf/oneOf, type unions, enum and
 * const, objects with optional properties (and `additionalProperties` maps), arrays, strings, numbers,
 * booleans and null. Depth and sizes are bounded; below `maxDepth` an object or array is empty.
 */
import fc from 'fast-check';

type Schema = Record<string, unknown>;

export interface SchemaArbitraryOptions {
  /** Nesting below which objects and arrays are generated empty. */
  maxDepth?: number;
  /** Longest generated array. */
  maxItems?: number;
  /** Strings for fields by name (ids from a shared pool make resources reference each other). */
  stringFor?: (field: string | undefined) => fc.Arbitrary<string> | undefined;
}

type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'null' | 'object' | 'array';

/** Strings a rule is likely to look at: hostnames, durations, URLs, CIDRs, dates, wildcards, emptiness. */
const INTERESTING_STRINGS = [
  '',
  '*',
  'example.com',
  '*.example.com',
  'app.example.com/admin/*',
  'https://app.example.com/cb',
  'http://localhost:8080',
  '24h',
  '30m',
  '8760h',
  'forever',
  '0',
  '10.0.0.0/8',
  '0.0.0.0/0',
  '::/0',
  '2001:db8::/32',
  '2026-01-01T00:00:00Z',
  '2020-06-30T23:59:60Z',
  'allow',
  'deny',
  'bypass',
  'gmail.com',
  'onetimepin',
  'root',
  'none',
  'lax',
  'strict',
];

function dateTime(): fc.Arbitrary<string> {
  return fc
    .integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2035, 0, 1) })
    .map((t) => new Date(t).toISOString().replace('.000Z', 'Z'));
}

const anyString = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...INTERESTING_STRINGS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
  );

const anyNumber = (integer: boolean): fc.Arbitrary<number> =>
  integer
    ? fc.oneof(fc.integer({ min: -2, max: 100 }), fc.integer())
    : fc.oneof(fc.integer({ min: -2, max: 100 }), fc.double({ noNaN: true, noDefaultInfinity: true }));

export class SchemaArbitraries {
  private readonly root: Schema;
  private readonly opts: { maxDepth: number; maxItems: number; stringFor: SchemaArbitraryOptions['stringFor'] };
  private readonly memo = new Map<Schema, Map<string, fc.Arbitrary<unknown>>>();

  constructor(root: Schema, opts: SchemaArbitraryOptions = {}) {
    this.root = root;
    this.opts = { maxDepth: opts.maxDepth ?? 5, maxItems: opts.maxItems ?? 3, stringFor: opts.stringFor };
  }

  /** Values the root schema accepts. */
  value(): fc.Arbitrary<unknown> {
    return this.of(this.root, 0, undefined);
  }

  private deref(schema: Schema): Schema {
    let s = schema;
    for (let i = 0; i < 50 && typeof s.$ref === 'string'; i++) {
      const name = decodeURIComponent(s.$ref.replace(/^#\/definitions\//, ''));
      s = (this.root.definitions as Record<string, Schema> | undefined)?.[name] ?? {};
    }
    return s;
  }

  private of(schema: Schema, depth: number, field: string | undefined): fc.Arbitrary<unknown> {
    const s = this.deref(schema);
    const key = `${depth}\n${field ?? ''}`;
    let byKey = this.memo.get(s);
    if (!byKey) this.memo.set(s, (byKey = new Map()));
    let arb = byKey.get(key);
    if (!arb) {
      // Built on first use: building eagerly would walk every branch of every union at every depth.
      let built: fc.Arbitrary<unknown> | undefined;
      arb = fc.constant(null).chain(() => (built ??= this.build(s, depth, field)));
      byKey.set(key, arb);
    }
    return arb;
  }

  private build(s: Schema, depth: number, field: string | undefined): fc.Arbitrary<unknown> {
    if (s.const !== undefined) return fc.constant(s.const);
    if (Array.isArray(s.enum)) return fc.constantFrom(...(s.enum as unknown[]));
    const union = [...((s.anyOf as Schema[] | undefined) ?? []), ...((s.oneOf as Schema[] | undefined) ?? [])];
    if (union.length > 0) {
      const rest = { ...s };
      delete rest.anyOf;
      delete rest.oneOf;
      return fc.oneof(...union.map((branch) => this.of({ ...rest, ...this.deref(branch) }, depth, field)));
    }
    const types = Array.isArray(s.type) ? (s.type as string[]) : typeof s.type === 'string' ? [s.type] : [];
    if (types.length > 1) return fc.oneof(...types.map((t) => this.typed(s, t, depth, field)));
    if (types.length === 1) return this.typed(s, types[0]!, depth, field);
    if (s.properties) return this.typed(s, 'object', depth, field);
    // An open schema (`{}`): any JSON value, small.
    return fc.jsonValue({ maxDepth: 2 });
  }

  private typed(s: Schema, type: string, depth: number, field: string | undefined): fc.Arbitrary<unknown> {
    switch (type as JsonType) {
      case 'string':
        return this.opts.stringFor?.(field) ?? (s.format === 'date-time' ? dateTime() : anyString());
      case 'number':
        return anyNumber(false);
      case 'integer':
        return anyNumber(true);
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array': {
        if (depth >= this.opts.maxDepth || !s.items || typeof s.items !== 'object') return fc.constant([]);
        const items = Array.isArray(s.items) ? (s.items as Schema[]) : [s.items as Schema];
        const each = items.map((i) => this.of(i, depth + 1, field));
        const item = each.length === 1 ? each[0]! : fc.oneof(...each);
        return fc.array(item, { maxLength: this.opts.maxItems });
      }
      case 'object': {
        if (depth >= this.opts.maxDepth) return fc.constant({});
        const props = (s.properties as Record<string, Schema> | undefined) ?? {};
        const required = new Set(Array.isArray(s.required) ? (s.required as string[]) : []);
        const shape: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [name, sub] of Object.entries(props)) shape[name] = this.of(sub, depth + 1, name);
        const requiredKeys = Object.keys(shape).filter((k) => required.has(k));
        const record = fc.record(shape, { requiredKeys });
        const extra = s.additionalProperties;
        if (extra && typeof extra === 'object') {
          const key = fc.string({ minLength: 1, maxLength: 8 });
          const values = fc.dictionary(key, this.of(extra as Schema, depth + 1, undefined), { maxKeys: 2 });
          return fc.tuple(record, values).map(([r, v]) => ({ ...v, ...r }));
        }
        return record;
      }
      default:
        return fc.constant(null);
    }
  }
}
