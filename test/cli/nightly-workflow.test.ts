import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { register } from 'node:module';
import { PACKAGE_ROOT } from '../../src/paths.js';

// GitHub's parser imports its JSON schema without `with { type: 'json' }`, which Node refuses; this
// resolve hook adds the attribute for .json files (the parser itself is used unmodified).
register(`data:text/javascript,${encodeURIComponent(
  'export async function resolve(specifier, context, next) {' +
    ' const result = await next(specifier, context);' +
    " return result.url.endsWith('.json') ? { ...result, importAttributes: { type: 'json' } } : result; }",
)}`);
const { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } = await import('@actions/workflow-parser');

const WORKFLOW = path.join(PACKAGE_ROOT, 'examples', 'github-actions', 'nightly-audit.yml');

interface Step { uses?: string; run?: string; if?: string; with?: Record<string, unknown>; env?: Record<string, string> }

describe('examples/github-actions/nightly-audit.yml', () => {
  it('parses and converts without errors in GitHub\'s own workflow parser', async () => {
    const content = await readFile(WORKFLOW, 'utf8');
    const parsed = parseWorkflow({ name: 'nightly-audit.yml', content }, new NoOperationTraceWriter());
    expect(parsed.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    expect(parsed.value).toBeDefined();
    const template = await convertWorkflowTemplate(parsed.context, parsed.value!);
    expect(template.errors ?? []).toEqual([]);
    expect(template.jobs.map((job) => job.id.value)).toEqual(['audit']);
  });

  it('catches a broken workflow (the parser check can fail)', () => {
    const parsed = parseWorkflow({ name: 'broken.yml', content: 'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: a/b@v1\n        run: echo both\n' }, new NoOperationTraceWriter());
    expect(parsed.context.errors.getErrors().length).toBeGreaterThan(0);
  });

  it('is scheduled, fans out over accounts and uploads every output even when findings fail the job', async () => {
    const workflow = parseYaml(await readFile(WORKFLOW, 'utf8')) as {
      on: Record<string, unknown>;
      permissions: Record<string, string>;
      jobs: { audit: { strategy: { matrix: { account: { name: string; id: string }[] } }; steps: Step[] } };
    };
    expect(Object.keys(workflow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    expect(workflow.permissions).toEqual({ contents: 'read', 'security-events': 'write' });
    const { steps, strategy } = workflow.jobs.audit;
    expect(strategy.matrix.account.length).toBeGreaterThan(1);

    const scan = steps.find((s) => s.run?.includes('cf-access-audit scan'))!;
    expect(scan.env?.CLOUDFLARE_API_TOKEN).toBe('${{ secrets.CLOUDFLARE_API_TOKEN }}');
    const sarif = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))!;
    expect(sarif.with?.category).toContain('${{ matrix.account.name }}');
    expect(sarif.if).toMatch(/^always\(\)/);
    const artifact = steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    expect(String(artifact.with?.path)).toContain('report.html');
    expect(artifact.if).toMatch(/^always\(\)/);
    const summary = steps.find((s) => s.run?.includes('GITHUB_STEP_SUMMARY'))!;
    expect(summary.run).toContain('summary.md');
    expect(summary.if).toMatch(/^always\(\)/);
    // The job's verdict comes last, after every upload.
    expect(steps.at(-1)!.run).toContain('case "$CODE"');
  });
});
