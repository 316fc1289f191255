import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/server.js';
import { readSnapshot } from '../../src/snapshot/read.js';
import { ACCOUNT, TOKEN, accountSnapshot, filesContaining, makeWorkspace, runCli, type Workspace } from './fixtures.js';

let emulator: EmulatorHandle;
let workspace: Workspace;

beforeAll(async () => {
  emulator = await startEmulator({ snapshot: accountSnapshot(), credentials: { apiTokens: [TOKEN] } });
  workspace = await makeWorkspace();
});
afterAll(async () => {
  await emulator.close();
  await rm(workspace.dir, { recursive: true, force: true });
});

describe('collect', () => {
  it('writes a snapshot that reads back with the served resources, account id from CLOUDFLARE_ACCOUNT_ID', async () => {
    const result = await runCli(['collect', '--out', 'snap'], {
      cwd: workspace.dir, env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.url, CLOUDFLARE_ACCOUNT_ID: ACCOUNT },
    });
    expect(result.stderr).toMatch(/account 0123456789abcdef0123456789abcdef: 4 resources, \d+ requests; 0 resource types not readable; snapshot in snap\n$/);
    expect(result.code).toBe(0);
    const snapshot = await readSnapshot(path.join(workspace.dir, 'snap'));
    expect(snapshot.resources.access_application.map((r) => r.key)).toEqual(['app-admin', 'app-wiki']);
    expect(await filesContaining(path.join(workspace.dir, 'snap'), TOKEN)).toEqual([]);
  });

  it('exits 3 when a type is forbidden, 0 with --allow-partial', async () => {
    emulator.setFaults({ forbidden: ['access_group'] });
    const env = { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.url };
    expect((await runCli(['collect', '--account', ACCOUNT, '--out', 'snap-partial', '--quiet'], { cwd: workspace.dir, env })).code).toBe(3);
    emulator.setFaults({ forbidden: ['access_group'] });
    const allowed = await runCli(['collect', '--account', ACCOUNT, '--out', 'snap-partial', '--allow-partial', '--quiet'], { cwd: workspace.dir, env });
    expect(allowed.code).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(workspace.dir, 'snap-partial', 'manifest.json'), 'utf8'));
    expect(manifest.coverage.access_group.status).toBe('forbidden');
    emulator.setFaults({});
  });
});

describe('several accounts in one run', () => {
  it('shares one client: one snapshot folder and one SARIF run per account', async () => {
    const other = 'fedcba9876543210fedcba9876543210';
    const result = await runCli(['scan', '--account', ACCOUNT, '--account', other, '--out', 'multi', '--quiet'], {
      cwd: workspace.dir, env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.url },
    });
    // The emulator only knows the first account, so the second one cannot be read: incomplete (3).
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('2 accounts: 1 finding');
    const sarif = JSON.parse(await readFile(path.join(workspace.dir, 'multi', 'report.sarif'), 'utf8'));
    expect(sarif.runs.map((run: { automationDetails: { id: string } }) => run.automationDetails.id)).toHaveLength(2);
    for (const id of [ACCOUNT, other]) {
      const manifest = JSON.parse(await readFile(path.join(workspace.dir, 'multi', 'snapshots', id, 'manifest.json'), 'utf8'));
      expect(manifest.account_id).toBe(id);
    }
  });
});
