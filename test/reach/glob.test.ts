import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globMatch, labelGlobMatch } from '../../src/reach/glob.js';
import { hostCovers, pathCovers } from '../../src/reach/hosts.js';

/** The regular expressions hosts.ts used before (exponential backtracking on long inputs with many `*`). */
const escape = (t: string) => t.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
const regexHost = (p: string, h: string) => new RegExp(`^${p.split('*').map(escape).join('[^.]*')}$`).test(h);
const regexPath = (p: string, t: string) => new RegExp(`^${p.split('*').map(escape).join('.*')}(/.*)?$`).test(t);

const text = fc.string({ unit: fc.constantFrom('a', 'b', '.', '/', '*'), maxLength: 10 });

describe('wildcard matching without regular expressions', () => {
  it('agrees with the regular expressions it replaces', () => {
    fc.assert(
      fc.property(text, text, (p, t) => {
        expect(labelGlobMatch(p, t)).toBe(regexHost(p, t));
        if (p !== '') expect(pathCovers(p, t)).toBe(regexPath(p, t.replace(/^\/+/, '')));
      }),
      { seed: 20260115, numRuns: 3000 },
    );
    expect(globMatch('*.example.com', 'a.example.com')).toBe(true);
    expect(hostCovers('*.example.com', 'a.b.example.com')).toBe(false);
    expect(pathCovers('admin', 'admin/users')).toBe(true);
    expect(pathCovers('admin', 'administrator')).toBe(false);
  });

  it('a 100 kB path or hostname full of wildcards is decided at once', () => {
    const huge = `${'*.'.repeat(10)}${'x'.repeat(100_000)}`;
    expect(pathCovers(huge, `${huge}y`)).toBe(false);
    expect(pathCovers(`${'*a'.repeat(10)}b`, 'a'.repeat(5_000))).toBe(false);
    expect(hostCovers(huge, `${huge}.y`)).toBe(false);
  });
});
