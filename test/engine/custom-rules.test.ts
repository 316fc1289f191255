/**
 * Custom rules as users write them: optional references and frameworks, the keys a rule may have, one folder
 * layout rule for every command, and the SARIF help link.
 */
import { describe, expect, it } from 'vitest';
import { RuleLoadError } from '../../src/engine/errors.js';
import { loadRulesLenient, parseRule } from '../../src/engine/load-rules.js';
import { ruleHelpUri } from '../../src/renderers/rule-text.js';
import { ruleYaml, tempTree } from './helpers.js';

const FILE = '/r/access_application/access-application-test-rule.yaml';
const MINIMAL = ruleYaml({ references: '', frameworks: '' });

function problemsOf(text: string, builtin: boolean): string[] {
  try {
    parseRule(text, FILE, builtin);
  } catch (err) {
    expect(err).toBeInstanceOf(RuleLoadError);
    return (err as RuleLoadError).problems.map((p) => `${p.field} ${p.message}`);
  }
  return [];
}

describe('custom rule fields', () => {
  it('a custom rule may omit references and frameworks', () => {
    const rule = parseRule(MINIMAL, FILE, false);
    expect(rule.references).toEqual([]);
    expect(rule.frameworks).toEqual({});
  });

  it('a built-in rule still needs both', () => {
    const problems = problemsOf(MINIMAL, true);
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/missing required field "references": built-in rules/);
    expect(problems.join('\n')).toMatch(/missing required field "frameworks"/);
  });

  it('an unknown key names the keys a rule may have', () => {
    const [problem, ...rest] = problemsOf(ruleYaml({ rules: '[]' }), false);
    expect(rest).toEqual([]);
    expect(problem).toMatch(/^\/rules unknown field "rules"; .*a rule may have: id, resource, .*, references, /);
  });

  it('help_uri must be an https URL', () => {
    expect(problemsOf(ruleYaml({ help_uri: 'http://wiki.example.com/x' }), false).join()).toMatch(/\/help_uri.*https/);
  });
});

describe('SARIF help link', () => {
  const custom = (overrides: Record<string, string>) => parseRule(ruleYaml(overrides), FILE, false);

  it('built-in rules link their entry in docs/rules.md', () => {
    const rule = parseRule(ruleYaml(), FILE, true);
    expect(ruleHelpUri(rule)).toMatch(/\/docs\/rules\.md#access-application-test-rule$/);
  });

  it('a custom rule links its help_uri, else its first reference, else nothing', () => {
    const wiki = 'https://wiki.example.com/rules/x';
    expect(ruleHelpUri(custom({ help_uri: wiki }))).toBe(wiki);
    const references = '[https://a.example.com/1, https://a.example.com/2]';
    expect(ruleHelpUri(custom({ references }))).toBe('https://a.example.com/1');
    expect(ruleHelpUri(custom({ references: '', frameworks: '' }))).toBeUndefined();
  });
});

describe('rule folder layouts', () => {
  const tests =
    'pass:\n  - name: on\n    resource: { id: a, flag: true }\n' +
    'fail:\n  - name: off\n    resource: { id: b, flag: false }\n';

  it('flat, per-type and grouped folders load the same rules', async () => {
    const flat = tempTree({
      'access-application-test-rule.yaml': MINIMAL,
      'access-application-test-rule.test.yaml': tests,
    });
    const typed = tempTree({ 'access_application/access-application-test-rule.yaml': MINIMAL });
    const grouped = tempTree({ 'team-a/access-application-test-rule.yaml': MINIMAL });
    for (const dir of [flat, typed, grouped]) {
      const { rules, problems } = await loadRulesLenient([{ dir, builtin: false }]);
      expect(problems).toEqual([]);
      expect(rules.map((r) => r.id)).toEqual(['access-application-test-rule']);
    }
  });

  it('a rule in a folder named after another resource type is refused', async () => {
    const dir = tempTree({ 'access_policy/access-application-test-rule.yaml': MINIMAL });
    const { rules, problems } = await loadRulesLenient([{ dir, builtin: false }]);
    expect(rules).toEqual([]);
    expect(problems.map((p) => p.message)).toEqual([
      'resource "access_application" must equal the folder name "access_policy"; ' +
        'move the file to access_application/ or directly into the rules folder',
    ]);
  });

  it('built-in rules must sit in their resource folder', async () => {
    const dir = tempTree({ 'access-application-test-rule.yaml': ruleYaml() });
    const { problems } = await loadRulesLenient([{ dir, builtin: true }]);
    const messages = problems.map((p) => p.message).join();
    expect(messages).toMatch(/must equal the folder name .*; move the file to access_application\/$/);
  });
});
