import { describe, expect, it } from 'vitest';
import { RuleLoadError, RuleConfigError } from '../../src/engine/errors.js';
import { loadRules, parseRule } from '../../src/engine/load-rules.js';
import { resolveRuleOptions } from '../../src/engine/rule-options.js';
import { rule, ruleYaml, tempTree } from './helpers.js';

function loadError(text: string): RuleLoadError {
  try {
    parseRule(text, '/r/access_application/x.yaml', false);
  } catch (err) {
    expect(err).toBeInstanceOf(RuleLoadError);
    return err as RuleLoadError;
  }
  throw new Error('expected a RuleLoadError');
}

describe('rule loading', () => {
  it('loads a valid rule', () => {
    const r = rule();
    expect(r.id).toBe('access-application-test-rule');
    expect(r.builtin).toBe(false);
  });

  it('YAML syntax errors name the file and the line', () => {
    const e = loadError('id: [unclosed\n');
    expect(e.problems[0]!.file).toBe('/r/access_application/x.yaml');
    expect(e.message).toMatch(/YAML syntax error.*line/);
  });

  it('schema errors give the JSON pointer and a hint', () => {
    const e = loadError(
      ruleYaml({
        severity: 'urgent',
        title: 'Ensure apps are fine',
        message: '"No period"',
        bogus: '1',
        references: '[http://example.com/]',
      }),
    );
    const byField = Object.fromEntries(e.problems.map((p) => [p.field, p.message]));
    expect(byField['/severity']).toMatch(/critical.*info/);
    expect(byField['/title']).toMatch(/compliant condition/);
    expect(byField['/message']).toMatch(/period/);
    expect(byField['/bogus']).toMatch(/unknown field "bogus"/);
    expect(byField['/references/0']).toMatch(/https/);
  });

  it('frameworks accept only the four keys and options need default and description', () => {
    const e = loadError(ruleYaml({ frameworks: '\n  pci: ["1.1"]', options: '\n  max: { type: number }' }));
    const fields = e.problems.map((p) => p.field);
    expect(fields).toContain('/frameworks/pci');
    expect(e.message).toMatch(/default/);
    expect(e.message).toMatch(/description/);
  });

  it('JSONata syntax errors name the field, position and token', () => {
    const e = loadError(ruleYaml({ check: '|\n  (\n    a = = 1\n  )' }));
    expect(e.problems[0]!.field).toBe('check');
    expect(e.message).toMatch(/line 2, column \d+ of the expression \(near "="\)/);
    expect(e.message).not.toMatch(/\n\s+at /);
    const ev = loadError(ruleYaml({ evidence: '"[{"' }));
    expect(ev.problems[0]!.field).toBe('evidence');
  });

  it('an option default must match its own schema', () => {
    const e = loadError(
      ruleYaml({ options: '\n  max: { type: number, default: "x", description: "A number option." }' }),
    );
    expect(e.problems[0]!.field).toBe('/options/max/default');
  });

  it('folders: duplicate ids and aliases across files are rejected, all problems collected', async () => {
    const dir = tempTree({
      'access_application/access-application-a.yaml': ruleYaml({
        id: 'access-application-a',
        aliases: '[access-application-old]',
      }),
      'access_application/access-application-b.yaml': ruleYaml({
        id: 'access-application-b',
        aliases: '[access-application-old]',
      }),
      'access_application/access-application-c.yaml': ruleYaml({ id: 'access-application-a' }),
      'access_application/access-application-d.yaml': 'id: [',
      'access_application/access-application-a.test.yaml': 'pass: []',
    });
    const err = await loadRules([{ dir, builtin: false }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RuleLoadError);
    const msgs = (err as RuleLoadError).problems.map((p) => `${p.file.split('/').pop()} ${p.message}`);
    expect(msgs.some((m) => m.startsWith('access-application-b.yaml') && m.includes('access-application-old'))).toBe(
      true,
    );
    expect(msgs.some((m) => m.startsWith('access-application-c.yaml') && m.includes('already'))).toBe(true);
    expect(msgs.some((m) => m.startsWith('access-application-d.yaml') && m.includes('YAML'))).toBe(true);
  });

  it('a missing rules folder is a clear error', async () => {
    await expect(loadRules([{ dir: '/nonexistent/rules', builtin: false }])).rejects.toThrow(
      /cannot read the rules folder/,
    );
  });
});

describe('rule options', () => {
  const r = rule({
    options: '\n  max_hours: { type: number, minimum: 0, default: 24, description: "Longest session, in hours." }',
    check: 'flag = true',
  });

  it('defaults, overrides', () => {
    expect(resolveRuleOptions(r, undefined)).toEqual({ max_hours: 24 });
    expect(resolveRuleOptions(r, { max_hours: 8 })).toEqual({ max_hours: 8 });
  });

  it('unknown option and invalid value are configuration errors naming the source', () => {
    expect(() => resolveRuleOptions(r, { max_hour: 8 }, 'cfaa.yaml')).toThrow(RuleConfigError);
    expect(() => resolveRuleOptions(r, { max_hour: 8 }, 'cfaa.yaml')).toThrow(
      /cfaa.yaml.*no option "max_hour".*max_hours/,
    );
    expect(() => resolveRuleOptions(r, { max_hours: -1 })).toThrow(/not a valid value/);
    expect(() => resolveRuleOptions(r, { max_hours: 'x' })).toThrow(/must be number/);
  });
});
