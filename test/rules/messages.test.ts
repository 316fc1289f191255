/**
 * Every failing test case of every rule: its message is a sentence a person reads at a glance (no JSON, at most
 * 300 characters, an uppercase letter or a quote first, a period last) and its evidence carries the values.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES_DIR } from '../../src/paths.js';
import { loadRulesLenient } from '../../src/engine/load-rules.js';
import { loadRuleCases, runRuleCase } from '../../src/engine/rule-cases.js';

const { rules } = await loadRulesLenient([{ dir: BUILTIN_RULES_DIR, builtin: true }]);

/** What is wrong with a finding's message, or [] when it reads as a sentence. */
function messageProblems(message: string): string[] {
  const problems: string[] = [];
  const json = ['{"', '[{', '":'].filter((s) => message.includes(s));
  if (json.length > 0) problems.push(`holds JSON (${json.join(' ')}); put raw values in the evidence`);
  if (!/^[A-Z'"]/.test(message)) problems.push('does not start with an uppercase letter or a quote');
  if (!message.endsWith('.')) problems.push('does not end with a period');
  if (message.length > 300) problems.push(`is ${message.length} characters long (at most 300)`);
  return problems;
}

describe('the sentence check', () => {
  it('refuses JSON, fragments and walls of text', () => {
    expect(messageProblems(`Access policy 'a' (p) admits everyone: include [{"everyone":{}}].`)).toHaveLength(1);
    expect(messageProblems('mTLS certificate x expired')).toHaveLength(2);
    expect(messageProblems(`A${'a'.repeat(300)}.`)).toHaveLength(1);
    expect(messageProblems(`'Wiki' (app-1) admits anyone with an email address.`)).toEqual([]);
  });
});

describe('finding messages are sentences, with the values in evidence', () => {
  it('ships rules', () => expect(rules.length).toBeGreaterThan(0));
  for (const rule of rules) {
    it(`${path.relative(BUILTIN_RULES_DIR, rule.sourceFile)}`, async () => {
      const failing = (await loadRuleCases(rule)).cases.filter((c) => c.kind === 'fail');
      expect(failing.length).toBeGreaterThan(0);
      const problems: string[] = [];
      for (const { case: c } of failing) {
        const { result } = await runRuleCase(rule, 'fail', c);
        if (result?.status !== 'fail') continue; // reported by test/rules/rule-cases.test.ts
        const where = `fail › ${c.name}`;
        for (const p of messageProblems(result.message)) problems.push(`${where}: message ${p}: ${result.message}`);
        if (result.evidence.length === 0) problems.push(`${where}: evidence is empty; add an evidence expression`);
      }
      expect(problems).toEqual([]);
    });
  }
});
