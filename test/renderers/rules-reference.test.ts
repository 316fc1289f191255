import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAllRules } from '../../src/engine/load-rules.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { renderRulesReference } from '../../src/renderers/rules-reference.js';

describe('docs/rules.md', () => {
  it('is current with rules/ (regenerate with `npm run docs:rules`)', async () => {
    const rules = await loadAllRules();
    const committed = await readFile(path.join(PACKAGE_ROOT, 'docs', 'rules.md'), 'utf8');
    expect(committed).toBe(renderRulesReference(rules));
  });

  it('has an anchor for every rule, as SARIF helpUri links expect', async () => {
    const rules = await loadAllRules();
    const doc = renderRulesReference(rules);
    for (const rule of rules) expect(doc).toContain(`\n### ${rule.id}\n`);
  });

  it('lists options with their defaults and escapes pipes in table cells', () => {
    const doc = renderRulesReference([
      {
        id: 'access-application-example',
        resource: 'access_application',
        title: 'Example | with pipe',
        severity: 'high',
        description: 'd',
        risk: 'r',
        remediation: { dashboard: 'a', api: 'b' },
        references: ['https://developers.cloudflare.com/'],
        frameworks: { soc2: ['CC6.1'] },
        options: { max_hours: { default: 24, description: 'Longest session.' } },
        check: 'true',
        message: 'm.',
        sourceFile: '/x.yaml',
        builtin: true,
      },
    ]);
    expect(doc).toContain('| `max_hours` | `24` | Longest session. |');
    expect(doc).toContain('Example \\| with pipe');
    expect(doc).toContain('1 rules (0 critical, 1 high');
  });
});
