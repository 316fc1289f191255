import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuppressions, expiresAt } from '../../src/engine/suppressions.js';
import { RuleConfigError } from '../../src/engine/errors.js';
import { tempTree } from './helpers.js';

describe('suppressions file', () => {
  it('loads a list or a suppressions: key', async () => {
    const dir = tempTree({
      'a.yaml': '- { rule: r, resource: x, reason: accepted risk, expires: 2026-06-30 }\n',
      'b.yaml': 'suppressions:\n  - { rule: r, resource: "*", reason: vendor app }\n',
      'empty.yaml': '',
    });
    expect(await loadSuppressions(path.join(dir, 'a.yaml'))).toEqual([{ rule: 'r', resource: 'x', reason: 'accepted risk', expires: '2026-06-30' }]);
    expect(await loadSuppressions(path.join(dir, 'b.yaml'))).toEqual([{ rule: 'r', resource: '*', reason: 'vendor app' }]);
    expect(await loadSuppressions(path.join(dir, 'empty.yaml'))).toEqual([]);
  });

  it('errors name the file, the entry index and the field', async () => {
    const dir = tempTree({ 'bad.yaml': '- { rule: r, resource: x, reason: ok, expires: next week }\n- { rule: r, reason: no resource, extra: 1 }\n', 'notlist.yaml': 'rule: r\n', 'syntax.yaml': '- [\n' });
    const err = (await loadSuppressions(path.join(dir, 'bad.yaml')).catch((e: unknown) => e)) as RuleConfigError;
    expect(err).toBeInstanceOf(RuleConfigError);
    expect(err.message).toMatch(/bad.yaml \(\[0\]\.expires\): .*2026-06-30/);
    expect(err.message).toMatch(/bad.yaml \(\[1\]\): missing required field "resource"/);
    expect(err.message).toMatch(/bad.yaml \(\[1\]\.extra\): unknown field "extra"/);
    await expect(loadSuppressions(path.join(dir, 'notlist.yaml'))).rejects.toThrow(/expected a list/);
    await expect(loadSuppressions(path.join(dir, 'syntax.yaml'))).rejects.toThrow(/YAML syntax error/);
    await expect(loadSuppressions(path.join(dir, 'missing.yaml'))).rejects.toThrow(/cannot read the suppressions file \(ENOENT\)/);
  });

  it('a date-only expiry lasts through that day', () => {
    expect(expiresAt('2026-01-15')).toBe(Date.parse('2026-01-16T00:00:00Z'));
    expect(expiresAt('2026-01-15T12:00:00Z')).toBe(Date.parse('2026-01-15T12:00:00Z'));
  });
});
