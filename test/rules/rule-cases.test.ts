/**
 * Runs every case of every rule test file under rules/ as its own test:
 * `access_application/<id> › fail › HttpOnly off`, with the fast engine and, for the same result, with
 * --engine jsonata.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES_DIR } from '../../src/paths.js';
import { formatProblem } from '../../src/engine/errors.js';
import { loadRulesLenient } from '../../src/engine/load-rules.js';
import { loadRuleCases, runRuleCase, testFileFor } from '../../src/engine/rule-cases.js';
import { RuleLoadError } from '../../src/engine/errors.js';

const { rules, problems } = await loadRulesLenient([{ dir: BUILTIN_RULES_DIR, builtin: true }]);
const relative = (file: string) => path.relative(BUILTIN_RULES_DIR, file);

const testFiles = (await readdir(BUILTIN_RULES_DIR, { recursive: true }))
  .filter((f) => /\.test\.ya?ml$/.test(f))
  .map((f) => path.join(BUILTIN_RULES_DIR, f))
  .sort();

describe('rule files load', () => {
  it('at least one rule is shipped', () => expect(rules.length).toBeGreaterThan(0));
  for (const p of problems) {
    it(`${relative(p.file)} loads`, () => {
      throw new Error(formatProblem(p));
    });
  }
  for (const file of testFiles) {
    const ruleFile = file.replace(/\.test\.ya?ml$/, '.yaml');
    if (!existsSync(ruleFile)) {
      it(`${relative(file)} has a rule beside it`, () => {
        throw new Error(`${file}: no rule file ${path.basename(ruleFile)} next to this test file`);
      });
    }
  }
});

for (const rule of rules) {
  const label = `${rule.resource}/${rule.id}`;
  let loaded: Awaited<ReturnType<typeof loadRuleCases>>;
  try {
    loaded = await loadRuleCases(rule);
  } catch (err) {
    const message = err instanceof RuleLoadError ? err.message : String(err);
    it(`${label} › test file`, () => {
      throw new Error(message);
    });
    continue;
  }
  const file = testFileFor(rule.sourceFile);
  for (const { kind, case: c } of loaded.cases) {
    it(`${label} › ${kind} › ${c.name}`, async () => {
      const outcome = await runRuleCase(rule, kind, c, 'fast');
      if (!outcome.ok) throw new Error(`${relative(file)} › ${kind} › ${c.name}:\n${outcome.problems.join('\n')}`);
      // The JSONata engine is the reference: the same case must give the same result, field by field.
      const reference = await runRuleCase(rule, kind, c, 'jsonata');
      expect(outcome.result, 'fast engine vs --engine jsonata').toEqual(reference.result);
      expect(reference.ok).toBe(true);
    });
  }
}
