import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESOURCE_TYPES } from '../../src/catalog/resource-types.js';
import { writeSnapshot } from '../../src/snapshot/write.js';
import { accountSnapshot, makeWorkspace, runCli, type Workspace } from './fixtures.js';

const IDS = ['1'.repeat(32), '2'.repeat(32), '3'.repeat(32)];
const DAMAGED = IDS[1]!;
let workspace: Workspace;

beforeAll(async () => {
  workspace = await makeWorkspace();
  for (const id of IDS) {
    const snapshot = accountSnapshot();
    snapshot.manifest.account_id = id;
    const records = RESOURCE_TYPES.flatMap((t) => snapshot.resources[t]).map((r) => ({
      ...r,
      scope: { kind: 'account' as const, id },
    }));
    const dir = path.join(workspace.dir, 'scan', 'snapshots', id);
    await writeSnapshot(dir, snapshot.manifest, records);
    // A file the manifest does not count: the reader refuses this account's snapshot.
    if (id === DAMAGED) await writeFile(path.join(dir, 'access_application', 'extra.json'), '{"id":"extra"}\n');
  }
});
afterAll(async () => {
  await rm(workspace.dir, { recursive: true, force: true });
});

describe('an account that cannot be evaluated, among several', () => {
  it('is reported as failed (exit 3) while the others are reported in full', async () => {
    const result = await runCli(['evaluate', 'scan', '--out', 'report'], { cwd: workspace.dir });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`warning: account ${DAMAGED} could not be evaluated: SnapshotError:`);
    expect(result.stderr).toContain('2 accounts (1 more could not be reported)');
    const findings = JSON.parse(await readFile(path.join(workspace.dir, 'report', 'findings.json'), 'utf8')) as {
      accounts: { account_id: string; results: { status: string }[] }[];
      failed_accounts: { account_id: string; stage: string }[];
    };
    expect(findings.accounts.map((a) => a.account_id)).toEqual([IDS[0], IDS[2]]);
    for (const account of findings.accounts) expect(account.results.filter((r) => r.status === 'fail')).toHaveLength(1);
    expect(findings.failed_accounts).toEqual([expect.objectContaining({ account_id: DAMAGED, stage: 'evaluate' })]);
    const report = (file: string): Promise<string> => readFile(path.join(workspace.dir, 'report', file), 'utf8');
    expect(await report('summary.md')).toContain('## ❌ Accounts not reported (1)');
    expect(await report('report.html')).toContain('Accounts not reported (1)');
  });

  it('alone, it still stops the run with exit 2', async () => {
    const args = ['evaluate', path.join('scan', 'snapshots', DAMAGED), '--out', 'single'];
    const result = await runCli(args, { cwd: workspace.dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/\nerror: .*holds 3 file\(s\) but manifest\.json coverage says 2/);
  });
});
