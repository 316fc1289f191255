/**
 * Mistakes in rules, suppressions and configuration give errors naming the file, never an internal error:
 * prototype names (`$constructor()`, `{{constructor}}`), YAML alias bombs, expiry dates that do not parse.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateSnapshot } from '../../src/engine/evaluate.js';
import { RuleConfigError, RuleLoadError } from '../../src/engine/errors.js';
import { compileFast } from '../../src/engine/fast-eval.js';
import { loadRuleCases, caseSnapshot } from '../../src/engine/rule-cases.js';
import { parseRule } from '../../src/engine/load-rules.js';
import { renderMessage } from '../../src/engine/message.js';
import { applySuppressions, expiresAt, loadSuppressions, parseExpiry } from '../../src/engine/suppressions.js';
import { typesRead } from '../../src/engine/check-catalog.js';
import { fieldPaths } from '../../src/engine/field-paths.js';
import { ALIAS_BOMB_MESSAGE } from '../../src/engine/yaml.js';
import type { Result } from '../../src/engine/types.js';
import { rule, ruleYaml, tempTree } from './helpers.js';
import jsonata from 'jsonata';

const now = new Date('2026-01-15T00:00:00Z');

/** A YAML "billion laughs": nine levels of nine aliases each. */
function aliasBomb(prefix = ''): string {
  const lines = [`${prefix}a0: &a0 [lol]`];
  for (let i = 1; i < 10; i++)
    lines.push(
      `${prefix}a${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
}

describe('prototype names in rules and messages', () => {
  it('$constructor() and $toString() are not built-ins: the rule loads, the call is an error result', async () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty', '__proto__']) {
      expect(compileFast(jsonata(`$${name}()`).ast(), [])).toBeNull();
    }
    const r = rule({ check: `'$constructor() = true'` });
    const { snapshot } = caseSnapshot(r, { name: 'x', resource: { id: 'app-1' } });
    const { results } = await evaluateSnapshot(snapshot, [r], { now });
    expect(results[0]).toMatchObject({ status: 'error', detail: expect.stringMatching(/T1006/) });
    expect(typesRead(jsonata(`$constructor() and $isReferenced('constructor', id)`).ast())).toEqual([]);
    expect(fieldPaths(jsonata('$constructor().x').ast())).toEqual([]);
  });

  it('message placeholders read own properties only', () => {
    const template =
      '{{constructor}} {{toString}} {{a.__proto__}} {{$reach.constructor}} {{$options.valueOf}} {{a.b}}.';
    const text = renderMessage(template, { resource: { a: { b: 1 } }, options: {}, name: 'n', id: 'i', reach: {} });
    expect(text).toBe('(unset) (unset) (unset) (unset) (unset) 1.');
  });
});

describe('YAML alias bombs are refused quickly, naming the file', () => {
  it('in a rule file', () => {
    let error: unknown;
    try {
      parseRule(`${ruleYaml()}${aliasBomb('x_')}`, '/rules/access_application/bomb.yaml', false);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(RuleLoadError);
    expect((error as RuleLoadError).message).toBe(`/rules/access_application/bomb.yaml: ${ALIAS_BOMB_MESSAGE}`);
  });

  it('in a rule test file and in a suppressions file', async () => {
    const dir = tempTree({
      'access_application/access-application-test-rule.test.yaml': aliasBomb(),
      'suppressions.yaml': aliasBomb(),
    });
    const r = rule({}, path.join(dir, 'access_application', 'access-application-test-rule.yaml'));
    const testFile = path.join(dir, 'access_application', 'access-application-test-rule.test.yaml');
    const expected = new RuleLoadError([{ file: testFile, field: '', message: ALIAS_BOMB_MESSAGE }]);
    await expect(loadRuleCases(r)).rejects.toThrow(expected);
    const suppressions = path.join(dir, 'suppressions.yaml');
    await expect(loadSuppressions(suppressions)).rejects.toBeInstanceOf(RuleConfigError);
    await expect(loadSuppressions(suppressions)).rejects.toThrow(/suppressions\.yaml: YAML aliases expand too far/);
  });
});

describe('suppression expiry dates', () => {
  it('one function parses and validates: a date lasts through its day, a date-time is exact', () => {
    expect(parseExpiry('2026-06-30')).toBe(Date.parse('2026-07-01T00:00:00Z'));
    expect(parseExpiry('2026-06-30T12:00:00+02:00')).toBe(Date.parse('2026-06-30T10:00:00Z'));
    expect(parseExpiry('2026-06-30T12:00:00.5Z')).toBe(Date.parse('2026-06-30T12:00:00.500Z'));
    const bad = ['2020-06-30T23:59:60Z', '2026-02-30', '2026-06-30T24:00:00Z', '2026-13-01', 'next week'];
    for (const text of bad) expect(parseExpiry(text)).toBeNull();
  });

  it('an unparseable date is refused with the file, the entry and the value', async () => {
    const dir = tempTree({
      'leap.yaml':
        '- { rule: r, resource: x, reason: accepted risk }\n' +
        '- { rule: r, resource: y, reason: accepted risk, expires: 2020-06-30T23:59:60Z }\n',
    });
    const file = path.join(dir, 'leap.yaml');
    const err = (await loadSuppressions(file).catch((e: unknown) => e)) as RuleConfigError;
    expect(err).toBeInstanceOf(RuleConfigError);
    const message = expect.stringMatching(/^"2020-06-30T23:59:60Z" is not a date this tool can read/);
    expect(err.problems).toEqual([{ file, field: '[1].expires', message }]);
  });

  it('an entry whose date cannot be read never suppresses (it counts as expired)', () => {
    expect(expiresAt('2020-06-30T23:59:60Z')).toBe(Number.NEGATIVE_INFINITY);
    const result = { rule_id: 'r', resource_id: 'x', status: 'fail' } as Result;
    const entry = { rule: 'r', resource: 'x', reason: 'accepted', expires: '2020-06-30T23:59:60Z' };
    const report = applySuppressions([result], [entry], [], now);
    expect(result.status).toBe('fail');
    expect(report.expired).toHaveLength(1);
  });
});
