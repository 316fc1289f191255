import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';
import { beforeAll, describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { schemaDifferences } from './schema-shape.js';

/** Each hand-written schema and the type (in schema-types.ts) its documents have. */
const PAIRS = [
  { schema: 'rules/rule.schema.json', type: 'RuleFile' },
  { schema: 'rules/rule-test.schema.json', type: 'RuleTestFile' },
  { schema: 'schemas/config.schema.json', type: 'ConfigFile' },
  { schema: 'schemas/findings.schema.json', type: 'FindingsFile' },
  { schema: 'schemas/snapshot-manifest.schema.json', type: 'ManifestFile' },
] as const;

const generated = new Map<string, object>();

beforeAll(() => {
  // One program for every type: building it is most of the time.
  const generator = createGenerator({
    path: path.join(PACKAGE_ROOT, 'test/schemas/schema-types.ts'),
    tsconfig: path.join(PACKAGE_ROOT, 'tsconfig.json'),
    skipTypeCheck: true,
    expose: 'none',
    topRef: false,
    jsDoc: 'none',
    additionalProperties: false,
  });
  for (const { type } of PAIRS) generated.set(type, generator.createSchema(type));
}, 120_000);

describe('TypeScript types and JSON Schemas agree', () => {
  it.each(PAIRS)('$schema matches the type $type', ({ schema, type }) => {
    const hand = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, schema), 'utf8')) as object;
    expect(schemaDifferences(generated.get(type)!, hand)).toEqual([]);
  });

  it('fails when a field is added to the schema and not the type, or made optional', () => {
    const hand = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'schemas/findings.schema.json'), 'utf8')) as {
      definitions: { result: { properties: Record<string, unknown>; required: string[] } };
    };
    hand.definitions.result.properties.owner = { type: 'string' };
    hand.definitions.result.required = hand.definitions.result.required.filter((name) => name !== 'message');
    expect(schemaDifferences(generated.get('FindingsFile')!, hand)).toEqual([
      '/accounts/items/results/items/message: required in the type, optional in the schema',
      '/accounts/items/results/items/owner: only in the schema',
      '/accounts/items/fixed/items/message: required in the type, optional in the schema',
      '/accounts/items/fixed/items/owner: only in the schema',
    ]);
  });
});
