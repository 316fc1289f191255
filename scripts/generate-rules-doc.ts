// Writes docs/rules.md from the rule YAML files under rules/. Run with `npm run docs:rules`.
import path from 'node:path';
import { loadAllRules } from '../src/engine/load-rules.js';
import { PACKAGE_ROOT } from '../src/paths.js';
import { renderRulesReference } from '../src/renderers/rules-reference.js';
import { writeFileAtomic } from '../src/snapshot/atomic-write.js';

const target = path.join(PACKAGE_ROOT, 'docs', 'rules.md');
const rules = await loadAllRules();
await writeFileAtomic(target, renderRulesReference(rules));
console.log(`wrote ${path.relative(process.cwd(), target)} (${rules.length} rules)`);
