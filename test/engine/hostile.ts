/**
 * Hostile resource data for the catalog property test: values of the wrong type where the schema says
 * otherwise, nulls, arrays where objects are expected (and the reverse), ~100 kB strings, ~200 levels of
 * nesting, strings that look like numbers or dates, and own `__proto__` / `constructor` keys.
 */
import fc from 'fast-check';

type Json = unknown;

export const HUGE_STRING = `${'*.'.repeat(10)}${'x'.repeat(100_000)}`;

function nested(levels: number, leaf: Json, wrap: (inner: Json) => Json): Json {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = wrap(value);
  return value;
}

/** Own `__proto__`, `constructor` and other Object.prototype names, as JSON.parse makes them. */
export const PROTO_KEYS_OBJECT: Json = JSON.parse(
  '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},' +
    '"toString":"x","hasOwnProperty":1,"valueOf":null}',
);

export const HOSTILE_VALUES: readonly Json[] = [
  null,
  [],
  [{}],
  [null],
  {},
  { a: 1 },
  '',
  HUGE_STRING,
  nested(100, 'deep', (inner) => ({ a: { include: [inner] } })),
  nested(200, 'deep', (inner) => [inner]),
  '123',
  '1e3',
  '-0',
  '0x10',
  'NaN',
  'Infinity',
  'true',
  'null',
  '2026-01-01',
  '2020-06-30T23:59:60Z',
  '99999-01-01T00:00:00Z',
  0,
  -1,
  1e308,
  0.5,
  true,
  false,
  PROTO_KEYS_OBJECT,
  [PROTO_KEYS_OBJECT],
  { everyone: {}, email: { email: null }, group: { id: 'id-0' } },
];

export interface Mutation {
  /**
   * 0 replace a node, 1 wrap an object in an array, 2 put an object where a scalar was, 3 add prototype keys,
   * 4 set a top-level field.
   */
  kind: number;
  at: number;
  value: number;
}

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.nat(4),
  at: fc.nat(),
  value: fc.nat(HOSTILE_VALUES.length - 1),
});

interface Slot {
  parent: Record<string, Json> | Json[];
  key: string | number;
}

/** Every (parent, key) slot of a value, breadth first, at most `limit`. */
function slots(root: Json, limit = 500): Slot[] {
  const out: Slot[] = [];
  const queue: Json[] = [root];
  while (queue.length > 0 && out.length < limit) {
    const node = queue.shift();
    if (Array.isArray(node)) {
      node.forEach((v, i) => {
        out.push({ parent: node, key: i });
        queue.push(v);
      });
    } else if (node !== null && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        out.push({ parent: node as Record<string, Json>, key: k });
        queue.push(v);
      }
    }
  }
  return out;
}

function get(s: Slot): Json {
  return (s.parent as Record<string | number, Json>)[s.key];
}

function set(s: Slot, value: Json): void {
  if (Array.isArray(s.parent)) s.parent[s.key as number] = value;
  else Object.defineProperty(s.parent, s.key, { value, enumerable: true, writable: true, configurable: true });
}

/** A copy of `data` with the mutations applied (top-level field names from `fields`). */
export function mutate(
  data: Record<string, Json>,
  mutations: readonly Mutation[],
  fields: readonly string[],
): Record<string, Json> {
  const copy = structuredClone(data);
  for (const m of mutations) {
    const hostile = structuredClone(HOSTILE_VALUES[m.value]);
    if (m.kind === 4 && fields.length > 0) {
      set({ parent: copy, key: fields[m.at % fields.length]! }, hostile);
      continue;
    }
    const all = slots(copy);
    if (all.length === 0) continue;
    const slot = all[m.at % all.length]!;
    const current = get(slot);
    switch (m.kind) {
      case 1:
        set(slot, current !== null && typeof current === 'object' && !Array.isArray(current) ? [current] : hostile);
        break;
      case 2:
        set(slot, current === null || typeof current !== 'object' ? { value: current } : hostile);
        break;
      case 3:
        if (current !== null && typeof current === 'object' && !Array.isArray(current)) {
          const keys = Object.entries(structuredClone(PROTO_KEYS_OBJECT) as Record<string, Json>);
          for (const [k, v] of keys) set({ parent: current as Record<string, Json>, key: k }, v);
        } else {
          set(slot, hostile);
        }
        break;
      default:
        set(slot, hostile);
    }
  }
  return copy;
}
