import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/server.js';
import { makeResourceRecord } from '../../src/snapshot/layout.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { ACCOUNT, TOKEN, accountSnapshot, makeWorkspace, runCli, type Workspace } from './fixtures.js';

let workspace: Workspace;
beforeAll(async () => {
  workspace = await makeWorkspace();
});
afterAll(async () => {
  await rm(workspace.dir, { recursive: true, force: true });
});

/** Yesterday's admin app is gone; a new app named admin appeared. */
function nextNight(): Snapshot {
  const snapshot = accountSnapshot();
  const account = { kind: 'account', id: ACCOUNT } as const;
  snapshot.resources.access_application = [
    makeResourceRecord('access_application', account, {
      id: 'app-admin-2',
      name: 'admin',
      type: 'self_hosted',
      domain: 'admin2.example.com',
    }),
    snapshot.resources.access_application[1]!,
  ];
  return snapshot;
}

async function scanAgainst(snapshot: Snapshot, args: string[]) {
  const emulator: EmulatorHandle = await startEmulator({ snapshot, credentials: { apiTokens: [TOKEN] } });
  try {
    return await runCli(['scan', '--account', ACCOUNT, '--quiet', ...args], {
      cwd: workspace.dir,
      env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.url },
    });
  } finally {
    await emulator.close();
  }
}

async function findings(dir: string): Promise<{
  accounts: {
    results: { resource_id: string; status: string; baseline_state?: string }[];
    fixed: { resource_id: string }[];
  }[];
}> {
  return JSON.parse(await readFile(path.join(workspace.dir, dir, 'findings.json'), 'utf8'));
}

describe('--baseline', () => {
  it(
    'marks findings new / unchanged and lists fixed ones, ' + 'from a previous folder, findings.json or SARIF',
    async () => {
      expect((await scanAgainst(accountSnapshot(), ['--out', 'night-1'])).code).toBe(1);

      const same = await scanAgainst(accountSnapshot(), ['--out', 'night-2', '--baseline', 'night-1']);
      expect(same.stderr).toContain('1 finding (0 critical, 1 high, 0 medium, 0 low, 0 info), 0 new,');
      const unchanged = (await findings('night-2')).accounts[0]!;
      expect(unchanged.results.filter((r) => r.status === 'fail').map((r) => r.baseline_state)).toEqual(['unchanged']);

      for (const baseline of ['night-1/findings.json', 'night-1/report.sarif']) {
        const changed = await scanAgainst(nextNight(), ['--out', 'night-3', '--baseline', baseline]);
        expect(changed.stderr).toContain(', 1 new,');
        const account = (await findings('night-3')).accounts[0]!;
        expect(
          account.results.filter((r) => r.status === 'fail').map((r) => [r.resource_id, r.baseline_state]),
        ).toEqual([['app-admin-2', 'new']]);
        expect(account.fixed.map((r) => r.resource_id)).toEqual(['app-admin']);
        expect(await readFile(path.join(workspace.dir, 'night-3', 'summary.md'), 'utf8')).toMatch(/new/i);
      }
    },
  );

  it('refuses a baseline that is not a previous report (exit 2)', async () => {
    await writeFile(path.join(workspace.dir, 'not-a-report.json'), '{"hello": 1}');
    const result = await runCli(['evaluate', 'night-1', '--out', 'x', '--baseline', 'not-a-report.json'], {
      cwd: workspace.dir,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not-a-report.json');
  });
});

describe('suppressions and determinism (evaluate, offline)', () => {
  it('a suppressed finding does not fail the run and stays visible', async () => {
    await writeFile(
      path.join(workspace.dir, 'suppressions.yaml'),
      '- rule: access-application-cli-fixture-not-admin\n  resource: app-admin\n  reason: accepted until the ' +
        'migration\n  expires: 2026-06-30\n',
    );
    const result = await runCli(['evaluate', 'night-1', '--out', 'suppressed', '--suppressions', 'suppressions.yaml'], {
      cwd: workspace.dir,
    });
    expect(result.stderr).toContain('0 findings');
    expect(result.stderr).toContain('1 suppressed');
    expect(result.code).toBe(0);
    const account = (await findings('suppressed')).accounts[0]!;
    expect(account.results.find((r) => r.resource_id === 'app-admin')?.status).toBe('suppressed');
  });

  it('writes byte-identical reports for the same snapshot and clock', async () => {
    await runCli(['evaluate', 'night-1', '--out', 'again-a', '--quiet'], { cwd: workspace.dir });
    await runCli(['evaluate', 'night-1', '--out', 'again-b', '--quiet'], { cwd: workspace.dir });
    for (const file of ['report.sarif', 'report.html', 'findings.json', 'summary.md']) {
      expect(await readFile(path.join(workspace.dir, 'again-b', file), 'utf8')).toBe(
        await readFile(path.join(workspace.dir, 'again-a', file), 'utf8'),
      );
    }
  });
});
