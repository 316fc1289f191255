import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { checkWorkflow } from '../helpers/workflow-parser.js';

const WORKFLOW = path.join(PACKAGE_ROOT, 'examples', 'github-actions', 'nightly-audit.yml');

interface Step {
  id?: string; uses?: string; run?: string; if?: string; 'continue-on-error'?: boolean;
  with?: Record<string, unknown>; env?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: { audit: { strategy: { matrix: { account: { name: string; id: string }[] } }; steps: Step[] } };
}

const load = async (): Promise<Workflow> => parseYaml(await readFile(WORKFLOW, 'utf8')) as Workflow;

describe('examples/github-actions/nightly-audit.yml', () => {
  it('parses and converts without errors in GitHub\'s own workflow parser', async () => {
    const checked = await checkWorkflow('nightly-audit.yml', await readFile(WORKFLOW, 'utf8'));
    expect(checked).toEqual({ errors: [], jobs: ['audit'] });
  });

  it('catches a broken workflow (the parser check can fail)', async () => {
    const broken = 'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n' +
      '      - uses: a/b@v1\n        run: echo both\n';
    expect((await checkWorkflow('broken.yml', broken)).errors.length).toBeGreaterThan(0);
  });

  it('is scheduled, fans out over accounts, and runs the Action of this repository', async () => {
    const workflow = await load();
    expect(Object.keys(workflow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    // actions: read is what upload-sarif needs in private repositories (GitHub's upload-sarif documentation).
    expect(workflow.permissions).toEqual({ contents: 'read', 'security-events': 'write', actions: 'read' });
    const { steps, strategy } = workflow.jobs.audit;
    expect(strategy.matrix.account.length).toBeGreaterThan(1);

    const pkg = JSON.parse(await readFile(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as {
      repository: { url: string };
    };
    const slug = /github\.com\/([^/]+\/[^/.]+)/.exec(pkg.repository.url)![1];
    const audit = steps.find((s) => s.id === 'audit')!;
    expect(audit.uses).toBe(`${slug}@v1`);
    expect(audit['continue-on-error']).toBe(true);
    expect(audit.with).toMatchObject({
      'api-token': '${{ secrets.CLOUDFLARE_API_TOKEN }}', 'account-id': '${{ matrix.account.id }}',
    });
    for (const uses of ['actions/checkout@v7', 'actions/setup-node@v7', 'github/codeql-action/upload-sarif@v4',
      'actions/upload-artifact@v7', 'actions/cache/restore@v5', 'actions/cache/save@v5']) {
      expect(steps.map((s) => s.uses)).toContain(uses);
    }
  });

  it('uploads every output the Action reports, after failures too, and decides the job last', async () => {
    const { steps } = (await load()).jobs.audit;
    const sarif = steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))!;
    expect(sarif.with?.sarif_file).toBe('${{ steps.audit.outputs.sarif }}');
    // A category would be ignored: every run of report.sarif sets runAutomationDetails.id (one per account).
    expect(sarif.with?.category).toBeUndefined();
    const artifact = steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    expect(String(artifact.with?.path)).toContain('${{ steps.audit.outputs.html }}');
    const summary = steps.find((s) => s.run?.includes('GITHUB_STEP_SUMMARY'))!;
    expect(summary.env?.SUMMARY).toBe('${{ steps.audit.outputs.markdown }}');

    const afterAudit = steps.slice(steps.findIndex((s) => s.id === 'audit') + 1);
    for (const s of afterAudit) {
      expect(s.if).toMatch(/^\$\{\{ !cancelled\(\)/);
      expect(s.if).not.toContain('hashFiles'); // conditions follow the Action's outputs, not hard-coded paths
    }
    const verdict = steps.at(-1)!;
    expect(verdict.env?.REASON).toBe('${{ steps.audit.outputs.exit-reason }}');
    for (const reason of ['ok)', 'findings)', 'usage)', 'incomplete)']) expect(verdict.run).toContain(reason);
  });
});
