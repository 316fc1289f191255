/**
 * Random snapshots for the catalog property test: every resource type generated from its field schema
 * (test/engine/schema-arbitrary.ts), optionally made hostile (test/engine/hostile.ts). Ids come from a
 * small shared pool and hostnames overlap, so references resolve and the reach model has work to do.
 */
import fc from 'fast-check';
import { loadFieldSchema } from '../../src/engine/field-schemas.js';
import { RESOURCE_TYPES, RESOURCE_TYPE_SPECS, type ResourceType } from '../../src/catalog/resource-types.js';
import {
  SNAPSHOT_FORMAT_VERSION,
  type CoverageEntry,
  type ResourceRecord,
  type Snapshot,
} from '../../src/snapshot/types.js';
import { SchemaArbitraries } from './schema-arbitrary.js';
import { mutate, mutationArb, type Mutation } from './hostile.js';

type Data = Record<string, unknown>;

export const NOW = new Date('2026-01-15T00:00:00Z');
const ACCOUNT = '0123456789abcdef0123456789abcdef';
const ID_POOL = ['id-0', 'id-1', 'id-2', 'id-3'];
const HOSTS = ['app.example.com', 'app.example.com/admin', '*.example.com', 'example.com', 'db.internal'];
const ID_FIELD = /(^|_)(id|uid|ids|idps)$|^(allowed_idps|custom_pages|tags|aud|app_uid|server_id)$/;

/** Ids from a shared pool (so references resolve), hostnames that overlap. */
function stringFor(field: string | undefined): fc.Arbitrary<string> | undefined {
  if (field === undefined) return undefined;
  if (ID_FIELD.test(field)) {
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...ID_POOL) },
      { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
    );
  }
  if (field === 'domain' || field === 'hostname' || field === 'uri') return fc.constantFrom(...HOSTS);
  return undefined;
}

interface TypeGen {
  type: ResourceType;
  value: fc.Arbitrary<unknown>;
  fields: string[];
}

function topLevelFields(schema: Record<string, unknown>): string[] {
  const out = new Set<string>();
  const defs = (schema.definitions ?? {}) as Record<string, Record<string, unknown>>;
  const visit = (s: Record<string, unknown>, depth: number): void => {
    if (depth > 5) return;
    if (typeof s.$ref === 'string') {
      return visit(defs[decodeURIComponent(s.$ref.replace('#/definitions/', ''))] ?? {}, depth + 1);
    }
    for (const b of (s.anyOf as Record<string, unknown>[] | undefined) ?? []) visit(b, depth + 1);
    for (const k of Object.keys((s.properties as object | undefined) ?? {})) out.add(k);
  };
  visit(schema, 0);
  return [...out].sort();
}

const generators: TypeGen[] = RESOURCE_TYPES.map((type) => {
  const schema = loadFieldSchema(type);
  const value = new SchemaArbitraries(schema, { maxDepth: 5, maxItems: 3, stringFor }).value();
  return { type, value, fields: topLevelFields(schema) };
});

export interface GeneratedResource {
  data: Record<string, unknown>;
  mutations: Mutation[];
}

export const resourcesArb = (hostile: boolean): fc.Arbitrary<Record<ResourceType, GeneratedResource[]>> =>
  fc.record(
    Object.fromEntries(
      generators.map((g) => {
        const single = RESOURCE_TYPE_SPECS[g.type].key === null;
        const one = fc.record({
          data: g.value.map((v) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Data) : {})),
          mutations: hostile ? fc.array(mutationArb, { maxLength: 3 }) : fc.constant([]),
        });
        return [g.type, fc.array(one, { maxLength: single ? 1 : 3 })];
      }),
    ) as Record<ResourceType, fc.Arbitrary<GeneratedResource[]>>,
  );

export function buildSnapshot(generated: Record<ResourceType, GeneratedResource[]>): Snapshot {
  const resources = {} as Record<ResourceType, ResourceRecord[]>;
  for (const g of generators) {
    const keyField = RESOURCE_TYPE_SPECS[g.type].key;
    const used = new Set<string>();
    resources[g.type] = generated[g.type]
      .map(({ data, mutations }, i) => {
        const d = mutate(data, mutations, g.fields);
        const raw = keyField === null ? g.type : d[keyField];
        let key =
          typeof raw === 'string' && raw !== '' && !raw.includes('/') && raw.length < 100
            ? raw
            : typeof raw === 'number'
              ? String(raw)
              : `${g.type}-${i}`;
        if (used.has(key)) key = `${key}-${i}`;
        used.add(key);
        const scope = { kind: 'account' as const, id: ACCOUNT };
        return { type: g.type, key, scope, file: `${g.type}/${key}.json`, data: d };
      })
      .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }
  const entry = (t: ResourceType): CoverageEntry => ({ status: 'ok', count: resources[t].length, requests: 1 });
  const coverage = Object.fromEntries(RESOURCE_TYPES.map((t) => [t, entry(t)])) as Record<ResourceType, CoverageEntry>;
  return {
    manifest: {
      format_version: SNAPSHOT_FORMAT_VERSION,
      tool: { name: 'cf-access-audit', version: 'test' },
      account_id: ACCOUNT,
      zone_ids: [],
      collected_at: NOW.toISOString(),
      base_url: 'http://127.0.0.1/client/v4',
      coverage,
      zone_coverage: {},
      requests: { total: 0, retries: 0, rate_limited: 0, server_errors: 0, timeouts: 0, bytes: 0, duration_ms: 0 },
    },
    resources,
  };
}
