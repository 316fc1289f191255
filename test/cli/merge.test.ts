import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { generateAccount } from '../../src/emulator/generate-account.js';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/server.js';
import { TOKEN, makeWorkspace, runCli, type CliRun, type Workspace } from './fixtures.js';

// Two accounts collected from the emulator, each by its own scan as the jobs of a CI matrix do, then merged.

const SIZE = {
  apps: 8,
  policiesPerApp: 2,
  reusablePolicies: 4,
  groups: 4,
  idps: 3,
  serviceTokens: 3,
  targets: 4,
  mcpPortals: 1,
  mcpServers: 2,
  tunnels: 2,
};
const REPORTS = ['findings.json', 'summary.md', 'report.html', 'report.sarif'];

interface FindingsFile {
  accounts: { account_id: string; results: { status: string }[] }[];
}

let emulator: EmulatorHandle;
let workspace: Workspace;
let ids: string[];
let both: CliRun;

const cli = (args: string[]): Promise<CliRun> =>
  runCli(args, {
    cwd: workspace.dir,
    env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.url },
  });
const read = (...parts: string[]): Promise<string> => readFile(path.join(workspace.dir, ...parts), 'utf8');
const findings = async (dir: string): Promise<FindingsFile> =>
  JSON.parse(await read(dir, 'findings.json')) as FindingsFile;

beforeAll(async () => {
  const snapshots = ['fleet-a', 'fleet-b'].map((seed) => generateAccount({ ...SIZE, seed }));
  emulator = await startEmulator({ snapshots, credentials: { apiTokens: [TOKEN] } });
  ids = emulator.accountIds;
  // An empty configuration: the built-in catalog, as users run it.
  workspace = { dir: (await makeWorkspace()).dir, configFile: '' };
  await rm(path.join(workspace.dir, 'cf-access-audit.config.yaml'));
  for (const id of ids) {
    const scan = await cli(['scan', '--account', id, '--out', `fleet/${id}`, '--quiet']);
    expect([0, 1], scan.stderr).toContain(scan.code); // reports written (findings or not)
  }
  both = await cli(['scan', ...ids.flatMap((id) => ['--account', id]), '--out', 'both', '--quiet']);
}, 120_000);
afterAll(async () => {
  await emulator?.close();
  if (workspace) await rm(workspace.dir, { recursive: true, force: true });
});

describe('merge DIR...', () => {
  it('writes one report of both accounts from their scan output folders, as a scan of both does', async () => {
    const merged = await cli(['merge', ...ids.map((id) => `fleet/${id}`), '--out', 'merged']);
    expect([0, 1], both.stderr).toContain(both.code);
    expect(merged.code).toBe(both.code);
    expect(merged.stderr).toContain('2 accounts:');

    const report = await findings('merged');
    expect(report.accounts.map((a) => a.account_id)).toEqual(ids);
    expect(report.accounts.every((a) => a.results.some((r) => r.status === 'fail'))).toBe(true);
    // Each account's results are those the scan of both accounts gave (the snapshots are in other folders).
    expect(report.accounts.map((a) => a.results)).toEqual((await findings('both')).accounts.map((a) => a.results));
    const summary = await read('merged', 'summary.md');
    for (const id of ids) expect(summary).toContain(id);
    const sarif = JSON.parse(await read('merged', 'report.sarif')) as { runs: { automationDetails: { id: string } }[] };
    expect(sarif.runs.map((run) => run.automationDetails.id)).toEqual(ids.map((id) => `cf-access-audit/${id}/`));
  });

  it('gives byte for byte the reports of evaluating both snapshot folders at once', async () => {
    const evaluated = await cli(['evaluate', 'both', '--out', 'evaluated', '--fail-on', 'critical']);
    const snapshotDirs = ids.map((id) => path.join('both', 'snapshots', id));
    const merged = await cli(['merge', ...snapshotDirs, '--out', 'merged-snapshots', '--fail-on', 'critical']);
    expect(merged.code).toBe(evaluated.code);
    for (const file of REPORTS) expect(await read('merged-snapshots', file)).toBe(await read('evaluated', file));
  });

  it('takes the rule and report options of evaluate', async () => {
    const run = await cli([
      'merge',
      ...ids.map((id) => `fleet/${id}`),
      '--out',
      'json-only',
      '--format',
      'json',
      '--fail-on',
      'none',
      '--baseline',
      'both/findings.json',
    ]);
    expect(run.code).toBe(0);
    const report = JSON.parse(await read('json-only', 'findings.json')) as {
      baseline: unknown;
      accounts: { results: { status: string; baseline_state?: string }[] }[];
    };
    expect(report.baseline).not.toBeNull();
    const fails = report.accounts.flatMap((a) => a.results).filter((r) => r.status === 'fail');
    expect(fails.length).toBeGreaterThan(0);
    expect(fails.every((r) => r.baseline_state === 'unchanged')).toBe(true);
    await expect(read('json-only', 'report.html')).rejects.toThrow();
  });

  it("names snapshot files from --sarif-root, wherever each account's folder is", async () => {
    const run = await cli([
      'merge',
      ...ids.map((id) => `fleet/${id}`),
      '--out',
      'sarif-only',
      '--format',
      'sarif',
      '--fail-on',
      'none',
      '--sarif-root',
      '.',
    ]);
    expect(run.code).toBe(0);
    const sarif = JSON.parse(await read('sarif-only', 'report.sarif')) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    sarif.runs.forEach((sarifRun, index) => {
      const uris = sarifRun.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri);
      expect(uris.length).toBeGreaterThan(0);
      for (const uri of uris) expect(uri.startsWith(`fleet/${ids[index]}/snapshot/`)).toBe(true);
    });
  });

  it('refuses an account passed twice, naming both folders', async () => {
    const run = await cli(['merge', `fleet/${ids[0]}`, `fleet/${ids[1]}`, 'both', '--out', 'twice']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `error: account ${ids[0]} is in two folders: ` +
        `${path.join('fleet', ids[0]!, 'snapshot')} and ${path.join('both', 'snapshots', ids[0]!)}.`,
    );
  });

  it('refuses a folder without a snapshot, naming it and what to pass', async () => {
    await mkdir(path.join(workspace.dir, 'failed-job'), { recursive: true });
    const run = await cli(['merge', `fleet/${ids[0]}`, 'failed-job', '--out', 'incomplete']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`error: ${path.join(workspace.dir, 'failed-job')} holds no manifest.json`);
    expect(run.stderr).toContain("Pass the output folder of each account's scan");
    expect((await cli(['merge', '--out', 'none'])).stderr).toContain('"merge" needs DIR');
  });
});
