import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MANIFEST_SCHEMA_FILE } from '../../src/snapshot/manifest-validation.js';
import { RESOURCE_TYPES } from '../../src/catalog/resource-types.js';

describe('snapshot manifest schema', () => {
  it('requires a coverage entry for exactly the catalog resource types', () => {
    const schema = JSON.parse(readFileSync(MANIFEST_SCHEMA_FILE, 'utf8')) as {
      properties: { coverage: { required: string[]; properties: Record<string, unknown> } };
    };
    expect(schema.properties.coverage.required).toEqual([...RESOURCE_TYPES]);
    expect(Object.keys(schema.properties.coverage.properties)).toEqual([...RESOURCE_TYPES]);
  });
});
