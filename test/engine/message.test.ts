import { describe, expect, it } from 'vitest';
import { renderMessage, renderValue } from '../../src/engine/message.js';

const ctx = (resource: Record<string, unknown>, options: Record<string, unknown> = {}) => ({
  resource,
  options,
  name: 'Wiki',
  id: 'app-1',
});

describe('renderValue puts values in words, never JSON', () => {
  it('prints scalars as they are and absent values as (unset)', () => {
    expect(renderValue('24h')).toBe('24h');
    expect(renderValue(false)).toBe('false');
    expect(renderValue(0)).toBe('0');
    expect(renderValue(undefined)).toBe('(unset)');
    expect(renderValue(null)).toBe('(unset)');
  });

  it('joins a list of scalars, the first five and a count', () => {
    expect(renderValue(['root', 'postgres'])).toBe('root, postgres');
    expect(renderValue([1, 2, 3, 4, 5, 6, 7])).toBe('1, 2, 3, 4, 5 and 2 more');
    expect(renderValue([])).toBe('none');
  });

  it('counts lists of objects and the settings of an object', () => {
    expect(renderValue([{ everyone: {} }])).toBe('1 entry');
    expect(renderValue([{ ip: { ip: '0.0.0.0/0' } }, { geo: { country_code: 'US' } }])).toBe('2 entries');
    expect(renderValue({ allow_credentials: true, allow_all_origins: true })).toBe('2 settings');
    expect(renderValue({ env: 'dev' })).toBe('1 setting');
  });
});

describe('renderMessage', () => {
  it('renders object and array placeholders without JSON syntax', () => {
    const text = renderMessage(
      "'{{$name}}' ({{$id}}) allows {{cors_headers}}, origins {{cors_headers.allowed_origins}}, rules {{include}}; " +
        'forbidden {{$options.names}}.',
      ctx(
        {
          cors_headers: { allow_credentials: true, allowed_origins: ['https://a.example', '*'] },
          include: [{ everyone: {} }],
        },
        { names: ['root'] },
      ),
    );
    expect(text).toBe("'Wiki' (app-1) allows 2 settings, origins https://a.example, *, rules 1 entry; forbidden root.");
    expect(text).not.toMatch(/[{}[\]]|":/);
  });
});
