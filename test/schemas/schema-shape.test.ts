import { describe, expect, it } from 'vitest';
import { schemaDifferences } from './schema-shape.js';

const object = (properties: Record<string, object>, required: string[] = [], extra: unknown = false): object => ({
  type: 'object',
  properties,
  required,
  additionalProperties: extra,
});

describe('schemaDifferences', () => {
  it('is empty for the same shape written differently', () => {
    const generated = object(
      {
        id: { type: 'string' },
        count: { type: 'number' },
        name: { type: ['string', 'null'] },
        baseline: { anyOf: [object({ source: { type: 'string' } }, ['source']), { type: 'null' }] },
        kind: { type: 'string', enum: ['b', 'a'] },
        version: { type: 'number', const: 2 },
        tags: { type: 'array', items: { type: 'string' } },
        coverage: object({ x: { type: 'string' }, y: { type: 'string' } }),
      },
      ['id', 'count'],
    );
    const hand = {
      type: 'object',
      additionalProperties: false,
      required: ['count', 'id'],
      properties: {
        id: { $ref: '#/definitions/id', description: 'ignored' },
        count: { type: 'integer', minimum: 0 },
        name: { oneOf: [{ type: 'null' }, { type: 'string', minLength: 1 }] },
        baseline: { oneOf: [{ type: 'null' }, object({ source: { type: 'string', pattern: '^.' } }, ['source'])] },
        kind: { enum: ['a', 'b'] },
        version: { const: 2 },
        tags: { type: 'array', uniqueItems: true, items: { type: 'string', format: 'uri' } },
        coverage: { type: 'object', propertyNames: { enum: ['x', 'y'] }, additionalProperties: { type: 'string' } },
      },
      definitions: { id: { type: 'string', pattern: '^[a-z]+$' } },
    };
    expect(schemaDifferences(generated, hand)).toEqual([]);
  });

  it('names a property only one side has, at any depth', () => {
    const type = object({ a: object({ b: { type: 'string' }, c: { type: 'string' } }) });
    const schema = object({ a: object({ b: { type: 'string' } }), d: { type: 'boolean' } });
    expect(schemaDifferences(type, schema)).toEqual(['/a/c: only in the type', '/d: only in the schema']);
  });

  it('names required sets that differ', () => {
    expect(schemaDifferences(object({ a: { type: 'string' } }, ['a']), object({ a: { type: 'string' } }))).toEqual([
      '/a: required in the type, optional in the schema',
    ]);
  });

  it('names enum values only one side has, and enum against a plain string', () => {
    const type = object({ s: { enum: ['a', 'b'] }, t: { type: 'string' } });
    const schema = object({ s: { enum: ['a', 'c'] }, t: { enum: ['x'] } });
    expect(schemaDifferences(type, schema)).toEqual([
      '/s: values only in the type: ["b"]',
      '/s: values only in the schema: ["c"]',
      '/t: string (type) vs one of "x" (schema)',
    ]);
  });

  it('compares array items and other properties', () => {
    const type = object({ list: { type: 'array', items: object({ a: { type: 'number' } }) } });
    const schema = object({ list: { type: 'array', items: object({ a: { type: 'string' } }, [], true) } });
    expect(schemaDifferences(type, schema)).toEqual([
      '/list/items/a: number (type) vs string (schema)',
      '/list/items: other properties: no other properties (type) vs anything (schema)',
    ]);
  });

  it('names a nullable side', () => {
    expect(schemaDifferences(object({ n: { type: ['string', 'null'] } }), object({ n: { type: 'string' } }))).toEqual([
      '/n: null | string (type) vs string (schema)',
    ]);
  });

  it('follows $defs (draft 2020-12)', () => {
    const schema = { ...object({ e: { $ref: '#/$defs/e' } }), $defs: { e: object({ x: { type: 'string' } }) } };
    expect(schemaDifferences(object({ e: object({ y: { type: 'string' } }) }), schema)).toEqual([
      '/e/y: only in the type',
      '/e/x: only in the schema',
    ]);
  });
});
