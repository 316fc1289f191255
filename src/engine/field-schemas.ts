/**
 * The generated field schemas (schemas/fields/<type>.json) and the question the catalog asks of them:
 * does this field path exist? Walks properties through arrays, $ref, anyOf/oneOf/allOf.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { SCHEMAS_DIR } from '../paths.js';
import type { ResourceType } from '../catalog/resource-types.js';

export const FIELD_SCHEMAS_DIR = path.join(SCHEMAS_DIR, 'fields');

type Schema = Record<string, unknown>;

const cache = new Map<string, Schema>();

export function fieldSchemaFile(type: ResourceType, dir = FIELD_SCHEMAS_DIR): string {
  return path.join(dir, `${type}.json`);
}

/** The field schema of a type (throws with the file name when it is missing or invalid). */
export function loadFieldSchema(type: ResourceType, dir = FIELD_SCHEMAS_DIR): Schema {
  const file = fieldSchemaFile(type, dir);
  let schema = cache.get(file);
  if (!schema) {
    try {
      schema = JSON.parse(readFileSync(file, 'utf8')) as Schema;
    } catch (err) {
      throw new Error(
        `cannot read field schema ${file} (${(err as Error).message}); run \`npx tsx ` +
          `scripts/generate-field-schemas.ts ${type}\``,
        {
          cause: err,
        },
      );
    }
    cache.set(file, schema);
  }
  return schema;
}

function resolveRef(root: Schema, schema: Schema, depth = 0): Schema {
  if (typeof schema.$ref !== 'string' || depth > 30) return schema;
  const name = decodeURIComponent(schema.$ref.replace(/^#\/definitions\//, ''));
  const target = (root.definitions as Record<string, Schema> | undefined)?.[name];
  return target ? resolveRef(root, target, depth + 1) : {};
}

/**
 * The schemas a value may have, with unions flattened and arrays replaced by their items
 * (JSONata maps a path step over arrays).
 */
function expand(root: Schema, schema: Schema, out: Schema[], depth = 0): void {
  if (depth > 30) return;
  const s = resolveRef(root, schema);
  const parts = [...((s.anyOf as Schema[]) ?? []), ...((s.oneOf as Schema[]) ?? []), ...((s.allOf as Schema[]) ?? [])];
  if (parts.length > 0) {
    for (const p of parts) expand(root, p, out, depth + 1);
    if (!s.properties) return;
  }
  const types = Array.isArray(s.type) ? (s.type as string[]) : s.type ? [s.type as string] : [];
  if (types.includes('array') && s.items && typeof s.items === 'object') {
    for (const item of Array.isArray(s.items) ? (s.items as Schema[]) : [s.items as Schema])
      expand(root, item, out, depth + 1);
  }
  out.push(s);
}

/** True if an object schema accepts any property name (no declared properties, or a schema for the rest). */
function isOpen(s: Schema): boolean {
  const types = Array.isArray(s.type) ? (s.type as string[]) : s.type ? [s.type as string] : [];
  if (types.length === 0 && !s.properties && !s.enum && s.const === undefined) return true;
  if (!types.includes('object')) return false;
  if (!s.properties) return true;
  return typeof s.additionalProperties === 'object' || typeof s.patternProperties === 'object';
}

export type PathCheck = { ok: true } | { ok: false; failedAt: number; known: string[] };

/** Does `steps` (field names from the resource root) exist in the schema? */
export function checkFieldPath(root: Schema, steps: string[]): PathCheck {
  let current: Schema[] = [root];
  for (let i = 0; i < steps.length; i++) {
    const name = steps[i]!;
    const candidates: Schema[] = [];
    for (const s of current) expand(root, s, candidates);
    const next: Schema[] = [];
    const known = new Set<string>();
    for (const c of candidates) {
      const props = c.properties as Record<string, Schema> | undefined;
      if (props) for (const k of Object.keys(props)) known.add(k);
      if (props && Object.hasOwn(props, name)) next.push(props[name]!);
      else if (isOpen(c))
        next.push(typeof c.additionalProperties === 'object' ? (c.additionalProperties as Schema) : {});
    }
    if (next.length === 0) return { ok: false, failedAt: i, known: [...known].sort() };
    current = next;
  }
  return { ok: true };
}
