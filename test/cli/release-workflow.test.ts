import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { checkWorkflow } from '../helpers/workflow-parser.js';

const WORKFLOW = path.join(PACKAGE_ROOT, '.github', 'workflows', 'release.yml');

interface Job {
  needs?: string | string[];
  permissions?: Record<string, string>;
  strategy?: { matrix: { node: number[] } };
  steps: { uses?: string; run?: string; with?: Record<string, unknown> }[];
}

describe('.github/workflows/release.yml', () => {
  it("parses and converts without errors in GitHub's own workflow parser", async () => {
    const checked = await checkWorkflow('release.yml', await readFile(WORKFLOW, 'utf8'));
    expect(checked).toEqual({ errors: [], jobs: ['test', 'publish'] });
  });

  it('runs on version tags only, tests every supported Node, then publishes with provenance', async () => {
    const workflow = parseYaml(await readFile(WORKFLOW, 'utf8')) as {
      on: { push: { tags: string[]; branches?: unknown } };
      permissions: Record<string, string>;
      jobs: { test: Job; publish: Job };
    };
    expect(workflow.on).toEqual({ push: { tags: ['v*.*.*'] } });
    expect(workflow.permissions).toEqual({ contents: 'read' });

    const { test, publish } = workflow.jobs;
    expect(test.strategy?.matrix.node).toEqual([20, 22, 24]);
    expect(test.steps.map((s) => s.run).filter(Boolean)).toEqual(['npm ci --no-audit --no-fund', 'npm test']);

    expect(publish.needs).toBe('test');
    expect(publish.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const runs = publish.steps.map((s) => s.run ?? '');
    expect(runs).toContain('npm publish --provenance --access public');
    expect(runs.some((r) => r.includes('GITHUB_REF_NAME') && r.includes('package.json'))).toBe(true);
    const node = publish.steps.find((s) => s.uses?.startsWith('actions/setup-node'))!;
    expect(node.with).toMatchObject({ 'node-version': 24, 'registry-url': 'https://registry.npmjs.org' });
  });
});
