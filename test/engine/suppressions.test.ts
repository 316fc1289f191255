import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSuppressions, expiresAt, unmatchedWarning } from '../../src/engine/suppressions.js';
import type { Result } from '../../src/engine/types.js';
import { RuleConfigError } from '../../src/engine/errors.js';
import { tempTree } from './helpers.js';

describe('suppressions file', () => {
  it('loads a list or a suppressions: key', async () => {
    const dir = tempTree({
      'a.yaml': '- { rule: r, resource: x, reason: accepted risk, expires: 2026-06-30 }\n',
      'b.yaml': 'suppressions:\n  - { rule: r, resource: "*", reason: vendor app }\n',
      'empty.yaml': '',
    });
    expect(await loadSuppressions(path.join(dir, 'a.yaml'))).toEqual([
      { rule: 'r', resource: 'x', reason: 'accepted risk', expires: '2026-06-30' },
    ]);
    expect(await loadSuppressions(path.join(dir, 'b.yaml'))).toEqual([
      { rule: 'r', resource: '*', reason: 'vendor app' },
    ]);
    expect(await loadSuppressions(path.join(dir, 'empty.yaml'))).toEqual([]);
  });

  it('errors name the file, the entry index and the field', async () => {
    const dir = tempTree({
      'bad.yaml':
        '- { rule: r, resource: x, reason: ok, expires: next week }\n- { rule: r, reason: no resource, extra: 1 }\n',
      'notlist.yaml': 'rule: r\n',
      'syntax.yaml': '- [\n',
    });
    const err = (await loadSuppressions(path.join(dir, 'bad.yaml')).catch((e: unknown) => e)) as RuleConfigError;
    expect(err).toBeInstanceOf(RuleConfigError);
    expect(err.message).toMatch(/bad.yaml \(\[0\]\.expires\): .*2026-06-30/);
    expect(err.message).toMatch(/bad.yaml \(\[1\]\): missing required field "resource"/);
    expect(err.message).toMatch(/bad.yaml \(\[1\]\.extra\): unknown field "extra"/);
    await expect(loadSuppressions(path.join(dir, 'notlist.yaml'))).rejects.toThrow(/expected a list/);
    await expect(loadSuppressions(path.join(dir, 'syntax.yaml'))).rejects.toThrow(/YAML syntax error/);
    await expect(loadSuppressions(path.join(dir, 'missing.yaml'))).rejects.toThrow(
      /cannot read the suppressions file \(ENOENT\)/,
    );
  });

  it('a date-only expiry lasts through that day', () => {
    expect(expiresAt('2026-01-15')).toBe(Date.parse('2026-01-16T00:00:00Z'));
    expect(expiresAt('2026-01-15T12:00:00Z')).toBe(Date.parse('2026-01-15T12:00:00Z'));
  });
});

describe('unmatched suppressions', () => {
  const result = (resource_id: string, resource_name: string, rule_id = 'r'): Result => ({
    rule_id,
    status: 'pass',
    severity: 'medium',
    account_id: 'acc',
    resource_type: 'access_application',
    resource_id,
    resource_name,
    file: null,
    fingerprint: 'f',
    message: '',
    evidence: [],
  });

  it('name the file and entry, and give the id for an entry that names a resource by its name', async () => {
    const yaml =
      '- { rule: r, resource: app-1, reason: fixed since }\n' +
      '- { rule: r, resource: internal wiki, reason: named }\n';
    const dir = tempTree({ 's.yaml': yaml });
    const file = path.join(dir, 's.yaml');
    const [byId, byName] = await loadSuppressions(file);
    const results = [result('app-1', 'Wiki'), result('app-2', 'Internal Wiki'), result('app-3', 'Internal Wiki', 'x')];
    expect(unmatchedWarning(byId!, results, 'acc')).toBe(
      `${file} ([0]): suppression of rule r on "app-1" matches ` +
        'no finding in account acc; remove it if the issue is fixed.',
    );
    expect(unmatchedWarning(byName!, results, 'acc')).toBe(
      `${file} ([1]): suppression of rule r on "internal wiki" ` +
        'matches no finding in account acc: "internal wiki" is the name of app-2 (access_application), and ' +
        'suppressions match resource ids; write `resource: app-2`.',
    );
  });

  it('list every resource of that name when the rule has none', () => {
    const entry = { rule: 'gone', resource: 'Internal Wiki', reason: 'x' };
    const results = [result('app-2', 'Internal Wiki'), result('app-3', 'Internal Wiki', 'other')];
    const warning = unmatchedWarning(entry, results, 'acc');
    expect(warning).toMatch(/^suppression of rule gone on "Internal Wiki" matches no finding in account acc: /);
    expect(warning).toMatch(/name of app-2 \(access_application\), app-3 \(access_application\), /);
    expect(warning).toMatch(/; write the id of the one you mean\.$/);
  });
});
