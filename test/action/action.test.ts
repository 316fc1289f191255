import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEMO_ACCOUNT_DIR, PACKAGE_ROOT } from '../../src/paths.js';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/server.js';
import { generateAccount } from '../../src/emulator/generate-account.js';
import { readSnapshot } from '../../src/snapshot/read.js';
import { cleanEnv } from '../helpers/process.js';
import { copyWorkingTree } from '../helpers/worktree.js';
import { checkActionFile } from '../helpers/workflow-parser.js';
import { inputVariable, loadAction, runAction, type ActionFile, type ActionRun } from './runner.js';

// action.yml, run step by step as the runner would (./runner.ts) from a copy of this working tree (the action's
// checkout: its install step runs `npm ci --omit=dev` there), against the emulator serving the demo account.
// The first run installs (about 15 s: production dependencies from npm's cache, TypeScript fetched once by npm
// exec); the others find the install in place, as a second use of the action in one job does.

const TOKEN = 'action-test-token-7Hq2Lw9Xv';

interface Report {
  baseline: unknown;
  accounts: { account_id: string; results: { status: string; severity: string }[] }[];
}
interface Sarif {
  runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
}

let work: string;
let actionPath: string;
let workspace: string;
let action: ActionFile;
let emulator: EmulatorHandle;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'cfaa-action-'));
  actionPath = path.join(work, 'action');
  workspace = path.join(work, 'workspace');
  await mkdir(workspace, { recursive: true });
  await copyWorkingTree(actionPath);
  action = await loadAction(path.join(PACKAGE_ROOT, 'action.yml'));
  // The demo account first (emulator.accountId), and a small second account for runs of several.
  const second = generateAccount({ apps: 4, reusablePolicies: 2, groups: 2, targets: 2, tunnels: 1, seed: 'action' });
  emulator = await startEmulator({
    snapshots: [await readSnapshot(DEMO_ACCOUNT_DIR), second],
    credentials: { apiTokens: [TOKEN] },
  });
}, 60_000);
afterAll(async () => {
  await emulator?.close();
  await rm(work, { recursive: true, force: true });
});

let runs = 0;
async function runWith(inputs: Record<string, string>): Promise<ActionRun> {
  runs += 1;
  return runAction(action, {
    actionPath,
    workspace,
    inputEnv: Object.fromEntries(Object.entries(inputs).map(([name, value]) => [inputVariable(name), value])),
    env: cleanEnv({ CLOUDFLARE_BASE_URL: emulator.url, npm_config_prefer_offline: 'true' }),
    temp: path.join(work, `runner-${runs}`),
  });
}

const logOf = (result: ActionRun): string => result.steps.map((s) => s.stdout + s.stderr).join('\n');
const step = (result: ActionRun, id: string) => result.steps.find((s) => s.id === id)!;

describe('action.yml', () => {
  let first: ActionRun;

  it("passes GitHub's own action.yml parser (schema and conversion), which catches a broken one", async () => {
    const content = await readFile(path.join(PACKAGE_ROOT, 'action.yml'), 'utf8');
    expect(checkActionFile('action.yml', content)).toEqual({ errors: [], steps: ['install', 'scan', 'verdict'] });
    const broken = 'name: x\ndescription: y\nruns:\n  using: composite\n  steps:\n    - run: echo no shell\n';
    expect(checkActionFile('broken.yml', broken).errors).toEqual([expect.stringContaining('missing: shell')]);
  });

  it('installs, scans and fails on findings, with every output set', { timeout: 240_000 }, async () => {
    first = await runWith({
      'account-id': `  ${emulator.accountId}\n`,
      'api-token': TOKEN,
      'fail-on': 'high',
      baseline: 'last-night/findings.json',
      output: 'first',
    });
    expect(step(first, 'install')).toMatchObject({ outcome: 'success' });
    expect(step(first, 'scan')).toMatchObject({ outcome: 'success' });
    expect(first.steps.at(-1)).toMatchObject({ name: 'Verdict', outcome: 'failure', code: 1 });
    expect(first.failed).toBe(true);
    expect(first.outputs).toMatchObject({ accounts: emulator.accountId, 'exit-code': '1', 'exit-reason': 'findings' });
    expect(logOf(first)).toContain('::notice::No baseline at last-night/findings.json yet');

    const out = path.join(workspace, 'first');
    expect(first.outputs).toMatchObject({
      sarif: path.join(out, 'report.sarif'),
      html: path.join(out, 'report.html'),
      json: path.join(out, 'findings.json'),
      markdown: path.join(out, 'summary.md'),
      snapshot: path.join(out, 'snapshot'),
    });
    for (const name of ['sarif', 'html', 'json', 'markdown']) expect(existsSync(first.outputs[name]!)).toBe(true);
    expect(existsSync(path.join(first.outputs.snapshot!, 'manifest.json'))).toBe(true);

    // The counts are findings.json's open findings and unknown results, counted here from the results themselves.
    const report = JSON.parse(await readFile(first.outputs.json!, 'utf8')) as Report;
    const results = report.accounts.flatMap((a) => a.results);
    const open = (severity: string): string =>
      String(results.filter((r) => r.status === 'fail' && r.severity === severity).length);
    for (const severity of ['critical', 'high', 'medium', 'low', 'info']) {
      expect(first.outputs[severity]).toBe(open(severity));
    }
    expect(first.outputs.findings).toBe(String(results.filter((r) => r.status === 'fail').length));
    expect(first.outputs.unknown).toBe(String(results.filter((r) => r.status === 'unknown').length));
    expect(Number(first.outputs.critical) + Number(first.outputs.high)).toBeGreaterThan(0);

    // The token went in as CLOUDFLARE_API_TOKEN only: on no command line, in no log, output or report.
    const scripts = action.runs.steps.map((s) => s.run ?? '');
    expect(scripts.filter((s) => s.includes('inputs.') || s.includes('CLOUDFLARE_API_TOKEN'))).toEqual([]);
    expect(logOf(first)).not.toContain(TOKEN);
    expect(JSON.stringify(first.outputs)).not.toContain(TOKEN);
    expect(await readFile(first.outputs.json!, 'utf8')).not.toContain(TOKEN);
  });

  it(
    'passes with fail-on none, writes the chosen formats plus findings.json, and compares with a baseline',
    {
      timeout: 120_000,
    },
    async () => {
      expect(first).toBeDefined();
      const second = await runWith({
        'account-id': emulator.accountId,
        'api-token': TOKEN,
        'fail-on': 'none',
        formats: 'sarif',
        baseline: 'first',
        output: 'second',
      });
      expect(logOf(second)).toContain('already installed');
      expect(second.failed).toBe(false);
      expect(step(second, 'scan')).toMatchObject({ outcome: 'success' });
      expect(second.steps.at(-1)).toMatchObject({ name: 'Verdict', outcome: 'skipped' });
      expect(second.outputs).toMatchObject({ 'exit-code': '0', 'exit-reason': 'ok', html: '', markdown: '' });
      expect(existsSync(second.outputs.sarif!)).toBe(true);
      const report = JSON.parse(await readFile(second.outputs.json!, 'utf8')) as Report;
      expect(report.baseline).not.toBeNull();
      expect(second.outputs.findings).toBe(first.outputs.findings);
    },
  );

  it('names the accounts of a run of several, whose counts are theirs', { timeout: 120_000 }, async () => {
    expect(first).toBeDefined();
    const ids = emulator.accountIds;
    const run = await runWith({ 'account-id': ids.join(',\n'), 'api-token': TOKEN, 'fail-on': 'none', output: 'two' });
    expect(run.failed).toBe(false);
    expect(run.outputs.accounts).toBe(ids.join(','));
    const report = JSON.parse(await readFile(run.outputs.json!, 'utf8')) as Report;
    expect(report.accounts.map((a) => a.account_id)).toEqual(ids);
    const fails = report.accounts.flatMap((a) => a.results).filter((r) => r.status === 'fail');
    expect(run.outputs.findings).toBe(String(fails.length));
    expect(Number(run.outputs.findings)).toBeGreaterThan(Number(first.outputs.findings));
  });

  it(
    'passes sarif-root, so report.sarif names the snapshot files from the repository root',
    {
      timeout: 120_000,
    },
    async () => {
      const output = `cloudflare-access/${emulator.accountId}`;
      const run = await runWith({
        'account-id': emulator.accountId,
        'api-token': TOKEN,
        'fail-on': 'none',
        output,
        'sarif-root': workspace,
      });
      expect(step(run, 'scan')).toMatchObject({ outcome: 'success' });
      const sarif = JSON.parse(await readFile(run.outputs.sarif!, 'utf8')) as Sarif;
      const uris = sarif.runs
        .flatMap((r) => r.results)
        .flatMap((r) => r.locations.map((l) => l.physicalLocation.artifactLocation.uri));
      expect(uris.length).toBeGreaterThan(0);
      for (const uri of uris) expect(uri).toMatch(new RegExp(`^${output}/snapshot/[a-z_]+/[^/]+\\.json$`));
      // Each names a file that exists from the workspace (URIs percent-encode what file names may hold).
      expect(uris.filter((uri) => !existsSync(path.join(workspace, decodeURIComponent(uri))))).toEqual([]);
    },
  );

  it('reports a rejected token as a usage error, with empty counts and paths', { timeout: 120_000 }, async () => {
    const third = await runWith({ 'account-id': emulator.accountId, 'api-token': 'wrong-token', output: 'third' });
    expect(third.failed).toBe(true);
    expect(third.steps.at(-1)).toMatchObject({ name: 'Verdict', outcome: 'failure', code: 2 });
    expect(third.outputs).toMatchObject({ accounts: emulator.accountId, 'exit-code': '2', 'exit-reason': 'usage' });
    expect(third.outputs).toMatchObject({ findings: '', critical: '', sarif: '', json: '', snapshot: '' });
  });

  it('merges the output folders of one job per account into one report', { timeout: 180_000 }, async () => {
    const ids = emulator.accountIds;
    const jobs = [];
    for (const [i, id] of ids.entries()) {
      jobs.push(await runWith({ 'account-id': id, 'api-token': TOKEN, 'fail-on': 'none', output: `fleet/${i}` }));
    }
    const merged = await runWith({ merge: 'fleet/*', 'fail-on': 'none', output: 'combined' });
    expect(step(merged, 'scan')).toMatchObject({ outcome: 'success' });
    expect(merged.outputs.accounts).toBe(ids.join(','));
    const sum = jobs.reduce((total, job) => total + Number(job.outputs.findings), 0);
    expect(merged.outputs.findings).toBe(String(sum));
    const report = JSON.parse(await readFile(merged.outputs.json!, 'utf8')) as Report;
    expect(report.accounts.map((a) => a.account_id)).toEqual(ids);
  });

  it('without an api-token, a scan is a usage error that names the token', { timeout: 120_000 }, async () => {
    const run = await runWith({ 'account-id': emulator.accountId, output: 'no-token' });
    expect(run.failed).toBe(true);
    expect(run.outputs).toMatchObject({ 'exit-code': '2', 'exit-reason': 'usage' });
    expect(step(run, 'scan').stderr).toContain('CLOUDFLARE_API_TOKEN');
  });
});
