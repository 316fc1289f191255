import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { checkWorkflow } from '../helpers/workflow-parser.js';

const WORKFLOW = path.join(PACKAGE_ROOT, 'examples', 'github-actions', 'nightly-audit.yml');

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  'continue-on-error'?: boolean;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: {
    audit: {
      strategy: { matrix: { account: { name: string; id: string }[] } };
      env: Record<string, string>;
      steps: Step[];
    };
    report: { needs: string; if: string; permissions: Record<string, string>; steps: Step[] };
  };
}

const load = async (): Promise<Workflow> => parseYaml(await readFile(WORKFLOW, 'utf8')) as Workflow;

describe('examples/github-actions/nightly-audit.yml', () => {
  it("parses and converts without errors in GitHub's own workflow parser", async () => {
    const checked = await checkWorkflow('nightly-audit.yml', await readFile(WORKFLOW, 'utf8'));
    expect(checked).toEqual({ errors: [], jobs: ['audit', 'report'] });
  });

  it('catches a broken workflow (the parser check can fail)', async () => {
    const broken =
      'on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n' +
      '      - uses: a/b@v1\n        run: echo both\n';
    expect((await checkWorkflow('broken.yml', broken)).errors.length).toBeGreaterThan(0);
  });

  it('is scheduled, fans out over accounts, and runs the Action of this repository', async () => {
    const workflow = await load();
    expect(Object.keys(workflow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    // Account jobs only read; the report job commits and uploads (actions: read is what upload-sarif needs in
    // private repositories, GitHub's upload-sarif documentation).
    expect(workflow.permissions).toEqual({ contents: 'read' });
    expect(workflow.jobs.report.permissions).toEqual({
      contents: 'write',
      'security-events': 'write',
      actions: 'read',
    });
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
      'api-token': '${{ secrets.CLOUDFLARE_API_TOKEN }}',
      'account-id': '${{ matrix.account.id }}',
      // Written where the report job commits the snapshot, with SARIF URIs from the repository root.
      output: '${{ env.OUTPUT }}',
      'sarif-root': '${{ github.workspace }}',
    });
    expect(workflow.jobs.audit.env.OUTPUT).toBe('cloudflare-access/${{ matrix.account.id }}');
    const uses = [...steps, ...workflow.jobs.report.steps].map((s) => s.uses);
    for (const action of [
      'actions/checkout@v7',
      'actions/setup-node@v7',
      'github/codeql-action/upload-sarif@v4',
      'actions/upload-artifact@v7',
      'actions/download-artifact@v8',
      'actions/cache/restore@v5',
      'actions/cache/save@v5',
    ]) {
      expect(uses).toContain(action);
    }
  });

  it("hands each account's whole output on, after failures too, and decides the job last", async () => {
    const { steps } = (await load()).jobs.audit;
    const artifact = steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    expect(artifact.with).toMatchObject({
      name: 'access-account-${{ matrix.account.id }}',
      path: '${{ env.OUTPUT }}/',
    });
    const record = steps.find((s) => s.run?.includes('/exit-code'))!;
    expect(record.env?.CODE).toBe('${{ steps.audit.outputs.exit-code }}');
    // Last night's committed snapshot is removed first, so a scan that fails cannot pass it on as tonight's.
    const clean = steps.findIndex((s) => s.run?.includes('rm -rf "$OUTPUT"'));
    expect(clean).toBeGreaterThan(-1);
    expect(clean).toBeLessThan(steps.findIndex((s) => s.id === 'audit'));

    const afterAudit = steps.slice(steps.findIndex((s) => s.id === 'audit') + 1);
    for (const s of afterAudit) {
      expect(s.if).toMatch(/^\$\{\{ !cancelled\(\)/);
      expect(s.if).not.toContain('hashFiles'); // conditions follow the Action's outputs, not hard-coded paths
    }
    const verdict = steps.at(-1)!;
    expect(verdict.env?.REASON).toBe('${{ steps.audit.outputs.exit-reason }}');
    for (const reason of ['ok)', 'findings)', 'usage)', 'incomplete)']) expect(verdict.run).toContain(reason);
  });

  it("commits the snapshots in one commit, uploads each account's SARIF for it, and merges the reports", async () => {
    const { report } = (await load()).jobs;
    expect(report.needs).toBe('audit');
    expect(report.if).toBe('${{ !cancelled() }}');
    const download = report.steps.find((s) => s.uses?.startsWith('actions/download-artifact'))!;
    expect(download.with?.pattern).toBe('access-account-*');

    const commit = report.steps.find((s) => s.id === 'commit')!;
    expect(commit.run).toContain('cp -R "$dir/snapshot" "cloudflare-access/$id/snapshot"');
    expect(commit.run).toContain('if git diff --cached --quiet; then'); // no commit when nothing changed
    expect(commit.run!.match(/\bcommit --quiet -m/g)).toHaveLength(1);
    expect(commit.run).toContain('git push --quiet origin "HEAD:$GITHUB_REF"');

    const sarif = report.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))!;
    expect(sarif.with).toEqual({
      sarif_file: '${{ steps.commit.outputs.sarif }}',
      sha: '${{ steps.commit.outputs.sha }}',
      ref: '${{ steps.commit.outputs.ref }}',
    }); // no category: every run of report.sarif sets automationDetails.id (one per account), which wins
    const at = (id: string): number => report.steps.findIndex((s) => s.id === id || s.uses === id);
    expect(at('commit')).toBeLessThan(at('github/codeql-action/upload-sarif@v4'));

    const merge = report.steps.find((s) => s.id === 'merge')!;
    expect(merge.uses).toMatch(/^cf-access-audit\/cf-access-audit@v\d+$/); // the Action, in merge mode
    expect(merge.with?.merge).toBe('${{ steps.commit.outputs.folders }}');
    const summary = report.steps.find((s) => s.run?.includes('GITHUB_STEP_SUMMARY'))!;
    expect(summary.env?.SUMMARY).toBe('${{ steps.merge.outputs.markdown }}');

    for (const s of report.steps.slice(at('commit') + 1)) expect(s.if).toMatch(/^\$\{\{ !cancelled\(\)/);
    const verdict = report.steps.at(-1)!;
    expect(verdict.env).toMatchObject({
      CODES: '${{ steps.commit.outputs.codes }}',
      MERGE: '${{ steps.merge.outputs.exit-code }}',
      AUDIT: '${{ needs.audit.result }}',
    });
    expect(verdict.run).toContain('exit "$worst"');
  });
});
