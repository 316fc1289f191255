import AjvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { createAjv } from '../../src/common/ajv.js';

describe('createAjv', () => {
  it('compiles draft-07 by default, checks formats and collects every error', () => {
    const validate = createAjv().compile({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { url: { type: 'string', format: 'uri' }, n: { type: 'integer' } },
    });
    expect(validate({ url: 'https://example.com', n: 1 })).toBe(true);
    expect(validate({ url: 'not a uri', n: 'one' })).toBe(false);
    expect(validate.errors?.map((e) => e.instancePath).sort()).toEqual(['/n', '/url']);
  });

  it('compiles draft 2020-12 schemas only when asked', () => {
    const schema = { $schema: 'https://json-schema.org/draft/2020-12/schema', prefixItems: [{ type: 'string' }] };
    expect(createAjv({ draft: '2020-12' }).compile(schema)(['a'])).toBe(true);
    expect(createAjv({ draft: '2020-12' }).compile(schema)([1])).toBe(false);
    expect(() => createAjv().compile(schema)).toThrow(/no schema with key or ref/);
  });

  it('takes another draft as its ajv class', () => {
    const schema = { $schema: 'http://json-schema.org/draft-04/schema#', maximum: 5, exclusiveMaximum: true };
    const validate = createAjv({ draft: AjvDraft04.default }).compile(schema);
    expect([validate(4), validate(5)]).toEqual([true, false]);
  });

  it('refuses unknown keywords in strict mode only', () => {
    const schema = { type: 'string', colour: 'red' };
    expect(() => createAjv({ strict: true }).compile(schema)).toThrow(/unknown keyword: "colour"/);
    expect(createAjv().compile(schema)('x')).toBe(true);
  });

  it('leaves formats out when asked', () => {
    expect(() => createAjv({ strict: true, formats: false }).compile({ type: 'string', format: 'uri' })).toThrow(
      /unknown format "uri"/,
    );
  });
});
