/**
 * The whole rules/ tree: schema-valid, id = file name, resource = folder, test cases present, every field
 * path read exists in schemas/fields/<type>.json, placeholders and options declared, `uses` complete,
 * no duplicate ids or aliases. One test per rule file so a failure names the file.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILTIN_RULES_DIR } from '../../src/paths.js';
import { formatProblem } from '../../src/engine/errors.js';
import { loadRulesLenient } from '../../src/engine/load-rules.js';
import { checkCatalog } from '../../src/engine/check-catalog.js';
import { RESOURCE_TYPES } from '../../src/catalog/resource-types.js';

const { rules, problems: loadProblems } = await loadRulesLenient([{ dir: BUILTIN_RULES_DIR, builtin: true }]);
const catalogProblems = await checkCatalog(rules);
const relative = (file: string) => path.relative(BUILTIN_RULES_DIR, file);

const byFile = new Map<string, string[]>();
for (const p of [...loadProblems, ...catalogProblems]) {
  const list = byFile.get(p.file) ?? [];
  list.push(formatProblem(p));
  byFile.set(p.file, list);
}

describe('rule catalog', () => {
  it('ships rules', () => {
    expect(rules.length).toBeGreaterThan(0);
  });

  it('every rule resource type is one of the catalog types', () => {
    for (const r of rules) expect(RESOURCE_TYPES).toContain(r.resource);
  });

  for (const rule of rules) {
    it(`${relative(rule.sourceFile)}`, () => {
      const problems = byFile.get(rule.sourceFile) ?? [];
      const testFileProblems = byFile.get(rule.sourceFile.replace(/\.ya?ml$/, '.test.yaml')) ?? [];
      const all = [...problems, ...testFileProblems];
      if (all.length > 0) throw new Error(all.join('\n'));
    });
  }

  const ruleFiles = new Set(rules.flatMap((r) => [r.sourceFile, r.sourceFile.replace(/\.ya?ml$/, '.test.yaml')]));
  for (const [file, problems] of byFile) {
    if (ruleFiles.has(file)) continue;
    it(`${relative(file)} loads`, () => {
      throw new Error(problems.join('\n'));
    });
  }
});
