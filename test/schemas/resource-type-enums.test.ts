import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  RESOURCE_TYPES,
  applySlots,
  resourceTypeSlots,
  updateSchemas,
  valueSpans,
} from '../../scripts/generate-schema-enums.js';
import { BUILTIN_RULES_DIR, PACKAGE_ROOT, SCHEMAS_DIR } from '../../src/paths.js';

const read = (file: string): string => readFileSync(path.join(PACKAGE_ROOT, file), 'utf8');

/** Every hand-written schema of the package (schemas/fields/ is generated from the SDK). */
const SCHEMA_FILES = [
  ...readdirSync(BUILTIN_RULES_DIR)
    .filter((f) => f.endsWith('.schema.json'))
    .map((f) => `rules/${f}`),
  ...readdirSync(SCHEMAS_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => `schemas/${f}`),
].sort();

/** Pointers of string lists (array items, or object keys) naming more than half of the resource types. */
function resourceTypeLists(value: unknown, pointer = ''): string[] {
  if (value === null || typeof value !== 'object') return [];
  const names = Array.isArray(value) ? value : Object.keys(value);
  const typeNames = names.filter((n) => (RESOURCE_TYPES as readonly unknown[]).includes(n));
  const here = typeNames.length * 2 > RESOURCE_TYPES.length ? [pointer] : [];
  const children = Object.entries(value).flatMap(([k, v]) => resourceTypeLists(v, `${pointer}/${k}`));
  return [...here, ...children];
}

/** The value at a JSON pointer of a parsed document. */
function at(doc: unknown, pointer: string): unknown {
  const keys = pointer
    .split('/')
    .slice(1)
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  return keys.reduce<unknown>((v, key) => (v as Record<string, unknown>)[key], doc);
}

describe('resource types in the JSON Schemas', () => {
  const slots = resourceTypeSlots();

  it.each(slots.map((s) => [s.file, s] as const))('%s lists the catalog types (npm run schemas)', (file, s) => {
    const { stale } = applySlots(file, read(file), s.slots);
    expect(stale, `${file} is out of date: run "npm run schemas"`).toEqual([]);
  });

  it('lists them nowhere but in the generated spots; everything else refers to those', () => {
    const generated = new Set(slots.flatMap((s) => s.slots.map((slot) => `${s.file} ${slot.pointer}`)));
    const copies = SCHEMA_FILES.flatMap((file) =>
      resourceTypeLists(JSON.parse(read(file))).map((p) => `${file} ${p}`),
    ).filter((where) => !generated.has(where));
    expect(copies, 'hand-copied resource type lists: $ref #/definitions/resource_type instead').toEqual([]);
    expect(SCHEMA_FILES).toEqual(expect.arrayContaining(slots.map((s) => s.file)));
  });

  it('finds a hand-copied list', () => {
    const schema = { properties: { a: { enum: [...RESOURCE_TYPES] }, b: { enum: ['access_application', 'tunnel'] } } };
    expect(resourceTypeLists(schema)).toEqual(['/properties/a/enum']);
  });

  it('rewrites only a stale spot and keeps the rest of the file byte for byte', () => {
    const file = 'schemas/snapshot-manifest.schema.json';
    const text = read(file);
    const fewer = RESOURCE_TYPES.filter((t) => t !== 'bookmark');
    const manifestSlots = resourceTypeSlots(fewer).find((s) => s.file === file)!.slots;
    const update = applySlots(file, text, manifestSlots);
    expect(update.stale).toEqual(manifestSlots.map((s) => s.pointer));
    const doc = JSON.parse(update.text) as unknown;
    for (const slot of manifestSlots) expect(at(doc, slot.pointer)).toEqual(slot.value);
    expect(update.text.slice(0, text.indexOf('"required": [\n        "access_application"'))).toBe(
      text.slice(0, text.indexOf('"required": [\n        "access_application"')),
    );
    const tail = text.slice(text.indexOf('"requests": {\n      "type"'));
    expect(update.text.endsWith(tail)).toBe(true);
    // Applying the same slots again changes nothing.
    expect(applySlots(file, update.text, manifestSlots)).toEqual({ text: update.text, stale: [] });
  });

  it('npm run schemas rewrites a stale schema; --check only names it', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'cfaa-schemas-'));
    try {
      for (const { file } of slots) {
        mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        writeFileSync(path.join(root, file), read(file));
      }
      const file = 'rules/rule.schema.json';
      const stale = read(file).replace('"tunnel_configuration"', '"tunnel_configurations"');
      writeFileSync(path.join(root, file), stale);
      expect(await updateSchemas(true, root)).toEqual([`${file} /definitions/resource_type/enum`]);
      expect(readFileSync(path.join(root, file), 'utf8')).toBe(stale);
      expect(await updateSchemas(false, root)).toEqual([`${file} /definitions/resource_type/enum`]);
      expect(readFileSync(path.join(root, file), 'utf8')).toBe(read(file));
      expect(await updateSchemas(true, root)).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses a slot the schema does not have', () => {
    const slot = { pointer: '/definitions/resource_type/enum', value: [] };
    expect(() => applySlots('x.json', '{"definitions": {}}', [slot])).toThrow(
      /x\.json: nothing at \/definitions\/resource_type\/enum/,
    );
  });

  it.each(SCHEMA_FILES)('locates every value of %s', (file) => {
    const text = read(file);
    const doc = JSON.parse(text) as unknown;
    const spans = valueSpans(text);
    expect(spans.get('')).toEqual([0, text.trimEnd().length]);
    for (const [pointer, span] of spans) expect(JSON.parse(text.slice(...span)), pointer).toEqual(at(doc, pointer));
  });

  it('locates values in escaped strings and nested arrays', () => {
    const text = '{ "a\\"/b": [1, {"c~d": "x\\\\"}, [true, null]], "e": -1.5e3 }';
    const spans = valueSpans(text);
    expect(text.slice(...spans.get('/a"~1b/1/c~0d')!)).toBe('"x\\\\"');
    expect(text.slice(...spans.get('/a"~1b/2/1')!)).toBe('null');
    expect(text.slice(...spans.get('/e')!)).toBe('-1.5e3');
  });
});
