import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { parseCommandFile } from '../action/runner.js';
import { cleanEnv, run, type RunResult } from '../helpers/process.js';

// The report job's shell steps of the nightly example, run as the runner runs them (`bash -e`, GITHUB_OUTPUT,
// RUNNER_TEMP) in a clone of a scratch repository, over account folders as the audit jobs hand them on.

interface Step {
  id?: string;
  run?: string;
  env?: Record<string, string>;
}
const WORKFLOW = path.join(PACKAGE_ROOT, 'examples', 'github-actions', 'nightly-audit.yml');
const [A, B, C, D] = ['a', 'b', 'c', 'd'].map((c) => c.repeat(32)) as [string, string, string, string];

let work: string;
let clone: string;
let steps: Step[];
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'cfaa-nightly-'));
  steps = (parseYaml(await readFile(WORKFLOW, 'utf8')) as { jobs: { report: { steps: Step[] } } }).jobs.report.steps;
  clone = path.join(work, 'clone');
  const git = (...args: string[]): Promise<RunResult> => run('git', args, work);
  expect((await git('init', '--quiet', '--bare', '--initial-branch=main', 'remote.git')).code).toBe(0);
  expect((await git('clone', '--quiet', 'remote.git', 'clone')).code).toBe(0);
  await writeFile(path.join(clone, 'README.md'), 'audits\n');
  // Last night's snapshot of A holds an application deleted since: the commit must drop it.
  await writeAccountFile(path.join(clone, 'cloudflare-access', A, 'snapshot'), 'access_application/gone.json', '{}');
  const inClone = (...args: string[]): Promise<RunResult> => run('git', args, clone);
  await inClone('add', '--all');
  const identity = ['-c', 'user.name=t', '-c', 'user.email=t@example.com'];
  expect((await inClone(...identity, 'commit', '--quiet', '-m', 'init')).code).toBe(0);
  expect((await inClone('push', '--quiet', 'origin', 'HEAD:refs/heads/main')).code).toBe(0);
}, 60_000);
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

async function writeAccountFile(dir: string, file: string, content: string): Promise<void> {
  await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
  await writeFile(path.join(dir, file), content);
}

/** An account folder as an audit job uploads it: snapshot, report.sarif and exit-code (any of them absent). */
async function accountOutput(id: string, code: string, snapshot: boolean): Promise<void> {
  const dir = path.join(work, 'temp', 'fleet', `access-account-${id}`);
  await writeAccountFile(dir, 'exit-code', `${code}\n`);
  if (!snapshot) return;
  await writeAccountFile(dir, 'snapshot/manifest.json', JSON.stringify({ account_id: id }));
  await writeAccountFile(dir, 'snapshot/access_application/app-1.json', `{"id":"app-1","account":"${id}"}`);
  await writeAccountFile(dir, 'report.sarif', '{"runs":[]}');
}

type StepRun = RunResult & { outputs: Record<string, string> };
async function runStep(id: string, env: Record<string, string> = {}): Promise<StepRun> {
  const step = steps.find((s) => s.id === id)!;
  const script = path.join(work, `${id}.sh`);
  const output = path.join(work, `${id}.output`);
  await writeFile(script, step.run!);
  await writeFile(output, '');
  const result = await run(
    'bash',
    ['-e', script],
    clone,
    cleanEnv({
      ...env,
      GITHUB_REF: 'refs/heads/main',
      GITHUB_OUTPUT: output,
      RUNNER_TEMP: path.join(work, 'temp'),
    }),
  );
  return { ...result, outputs: parseCommandFile(await readFile(output, 'utf8')) };
}

const remoteLog = async (): Promise<string[]> =>
  (await run('git', ['--git-dir', 'remote.git', 'log', '--format=%H %s', 'main'], work)).stdout.trim().split('\n');

describe('nightly-audit.yml, report job', () => {
  it('commits the complete snapshots in one commit, pushes it, and names it for the SARIF upload', async () => {
    await accountOutput(A, '1', true);
    await accountOutput(B, '0', true);
    await accountOutput(C, '3', true); // incomplete: merged, but neither committed nor uploaded
    await accountOutput(D, '2', false); // no snapshot at all
    const commit = await runStep('commit');
    expect(commit, commit.stderr).toMatchObject({ code: 0 });
    const log = await remoteLog();
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(/^[0-9a-f]{40} Access configuration of 2 account\(s\) on \d{4}-\d{2}-\d{2}$/);
    expect(commit.outputs).toMatchObject({
      sha: log[0]!.slice(0, 40),
      ref: 'refs/heads/main',
      sarif: path.join(work, 'temp', 'sarif'),
      codes: '1 0 3 2',
    });
    const fleet = path.join(work, 'temp', 'fleet');
    const folders = [A, B, C].map((id) => path.join(fleet, `access-account-${id}`));
    expect(commit.outputs.folders!.split('\n')).toEqual(folders);
    expect((await readdir(path.join(work, 'temp', 'sarif'))).sort()).toEqual([`${A}.sarif`, `${B}.sarif`]);

    const tree = (await run('git', ['--git-dir', 'remote.git', 'ls-tree', '-r', '--name-only', 'main'], work)).stdout;
    const committed = [A, B].flatMap((id) =>
      ['access_application/app-1.json', 'manifest.json'].map((file) => `cloudflare-access/${id}/snapshot/${file}`),
    );
    // A's deleted application is gone; C and D are not committed, nor are the reports.
    expect(tree.trim().split('\n').sort()).toEqual(['README.md', ...committed].sort());
  });

  it('makes no commit when nothing changed, and names the branch tip instead', async () => {
    const again = await runStep('commit');
    expect(again, again.stderr).toMatchObject({ code: 0 });
    expect(again.stdout).toContain('did not change: nothing to commit');
    const log = await remoteLog();
    expect(log).toHaveLength(2);
    expect(again.outputs.sha).toBe(log[0]!.slice(0, 40));
  });

  it('fails last on the worst exit reason: 2, then 3, then 1', async () => {
    expect(steps.at(-1)!.id).toBe('verdict');
    const verdict = async (codes: string, merge: string, audit = 'failure'): Promise<number> =>
      (await runStep('verdict', { CODES: codes, MERGE: merge, AUDIT: audit, FAIL_ON: 'high' })).code;
    expect(await verdict('1 0 3 2', '3')).toBe(2);
    expect(await verdict('1 0 3', '1')).toBe(3);
    expect(await verdict('1 none', '1')).toBe(3); // an account whose Audit step never ran
    expect(await verdict('1 0', '1')).toBe(1);
    expect(await verdict('0 0', '0', 'success')).toBe(0);
    expect(await verdict('0 0', '0', 'failure')).toBe(3); // a job failed without handing on its exit code
  });
});
