import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseRule } from '../../src/engine/load-rules.js';
import type { LoadedRule } from '../../src/engine/types.js';

/** A valid rule YAML with fields overridden (values are YAML snippets). */
export function ruleYaml(overrides: Record<string, string> = {}): string {
  const fields: Record<string, string> = {
    id: 'access-application-test-rule',
    resource: 'access_application',
    title: 'Test applications are compliant',
    severity: 'medium',
    description: 'A rule used by the engine tests.',
    risk: 'Nothing, it is a test rule.',
    remediation: '\n  dashboard: Do nothing at all.\n  api: "`PUT /x` with nothing."',
    references: '[https://developers.cloudflare.com/cloudflare-one/]',
    frameworks: '\n  nist-800-53: [AC-3]',
    check: 'flag = true',
    message: `"App '{{$name}}' ({{$id}}) has flag {{flag}}."`,
    ...overrides,
  };
  return (
    Object.entries(fields)
      .filter(([, v]) => v !== '')
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n') + '\n'
  );
}

export function rule(
  overrides: Record<string, string> = {},
  file = '/rules/access_application/access-application-test-rule.yaml',
): LoadedRule {
  return parseRule(ruleYaml(overrides), file, false);
}

/** Writes files (relative path → content) into a fresh temp folder and returns it. */
export function tempTree(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'cfaa-engine-'));
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}
