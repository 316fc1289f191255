import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startEmulator } from '../../src/emulator/server.js';
import { readSnapshot } from '../../src/snapshot/read.js';
import { makeResourceRecord } from '../../src/snapshot/layout.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { ACCOUNT, TOKEN, accountSnapshot, filesContaining, runCli, useEmulatorWorkspace } from './fixtures.js';

const ctx = useEmulatorWorkspace();

describe('collect', () => {
  it('writes a snapshot that reads back with the served resources, account id from CLOUDFLARE_ACCOUNT_ID', async () => {
    const result = await runCli(['collect', '--out', 'snap'], {
      cwd: ctx.workspace.dir,
      env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: ctx.emulator.url, CLOUDFLARE_ACCOUNT_ID: ACCOUNT },
    });
    expect(result.stderr).toMatch(
      /account 0123456789abcdef0123456789abcdef: 4 resources, \d+ requests; 0 resource types not readable; snapshot in snap\n$/,
    );
    expect(result.code).toBe(0);
    const snapshot = await readSnapshot(path.join(ctx.workspace.dir, 'snap'));
    expect(snapshot.resources.access_application.map((r) => r.key)).toEqual(['app-admin', 'app-wiki']);
    expect(await filesContaining(path.join(ctx.workspace.dir, 'snap'), TOKEN)).toEqual([]);
  });

  it('exits 3 when a type is forbidden, 0 with --allow-partial', async () => {
    ctx.emulator.setFaults({ forbidden: ['access_group'] });
    const env = { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: ctx.emulator.url };
    expect(
      (
        await runCli(['collect', '--account', ACCOUNT, '--out', 'snap-partial', '--quiet'], {
          cwd: ctx.workspace.dir,
          env,
        })
      ).code,
    ).toBe(3);
    ctx.emulator.setFaults({ forbidden: ['access_group'] });
    const allowed = await runCli(
      ['collect', '--account', ACCOUNT, '--out', 'snap-partial', '--allow-partial', '--quiet'],
      { cwd: ctx.workspace.dir, env },
    );
    expect(allowed.code).toBe(0);
    const manifest = JSON.parse(await readFile(path.join(ctx.workspace.dir, 'snap-partial', 'manifest.json'), 'utf8'));
    expect(manifest.coverage.access_group.status).toBe('forbidden');
    ctx.emulator.setFaults({});
  });
});

describe('several accounts in one run', () => {
  const other = 'fedcba9876543210fedcba9876543210';

  /** Adds the single-object types the fixture leaves out, so every type of the account can be read. */
  function complete(snapshot: Snapshot): Snapshot {
    const scope = { kind: 'account', id: snapshot.manifest.account_id } as const;
    snapshot.resources.access_keys = [makeResourceRecord('access_keys', scope, { key_rotation_interval_days: 30 })];
    snapshot.resources.gateway_configuration = [
      makeResourceRecord('gateway_configuration', scope, { settings: { activity_log: { enabled: true } } }),
    ];
    snapshot.manifest.coverage.access_keys.count = 1;
    snapshot.manifest.coverage.gateway_configuration.count = 1;
    return snapshot;
  }

  /** The second account: an application that is not "admin" (no finding), under its own id. */
  function otherSnapshot(): Snapshot {
    const snapshot = accountSnapshot();
    const scope = { kind: 'account', id: other } as const;
    snapshot.manifest.account_id = other;
    snapshot.resources.access_application = [
      makeResourceRecord('access_application', scope, { id: 'app-crm', name: 'crm', type: 'saas' }),
    ];
    snapshot.resources.service_token = [];
    snapshot.resources.organization = snapshot.resources.organization.map((r) => ({ ...r, scope }));
    snapshot.manifest.coverage.access_application.count = 1;
    snapshot.manifest.coverage.service_token.count = 0;
    return snapshot;
  }

  it(
    'a clean two-account scan: one SARIF run, HTML section and snapshot per account; each manifest counts its ' +
      'own requests',
    async () => {
      const both = await startEmulator({
        snapshots: [complete(accountSnapshot()), complete(otherSnapshot())],
        credentials: { apiTokens: [TOKEN] },
      });
      let result;
      try {
        result = await runCli(['scan', '--account', ACCOUNT, '--account', other, '--out', 'multi', '--quiet'], {
          cwd: ctx.workspace.dir,
          env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: both.url },
        });
        // Both accounts fully read: the exit code comes from the findings (the high one on "admin"), not 3.
        expect(result.code).toBe(1);
        expect(result.stderr).toContain('2 accounts: 1 finding');
        const out = path.join(ctx.workspace.dir, 'multi');
        const sarif = JSON.parse(await readFile(path.join(out, 'report.sarif'), 'utf8'));
        const runs = sarif.runs as {
          automationDetails: { id: string };
          invocations: { executionSuccessful: boolean }[];
          results: unknown[];
        }[];
        expect(runs).toHaveLength(2);
        expect(new Set(runs.map((run) => run.automationDetails.id)).size).toBe(2);
        expect(
          runs.map((run) => run.automationDetails.id).every((id, i) => id.includes([ACCOUNT, other].sort()[i]!)),
        ).toBe(true);
        expect(runs.map((run) => run.invocations[0]!.executionSuccessful)).toEqual([true, true]);
        const html = await readFile(path.join(out, 'report.html'), 'utf8');
        const sections = [...html.matchAll(/<div class="card account" id="account-([0-9a-f]+)">/g)].map((m) => m[1]);
        expect(sections.sort()).toEqual([ACCOUNT, other].sort());
        let requests = 0;
        for (const id of [ACCOUNT, other]) {
          const manifest = JSON.parse(await readFile(path.join(out, 'snapshots', id, 'manifest.json'), 'utf8'));
          expect(manifest.account_id).toBe(id);
          expect(
            Object.values(manifest.coverage as Record<string, { status: string }>).every((c) => c.status === 'ok'),
          ).toBe(true);
          // Requests to /accounts/<id>/… minus the checks before collecting: the token (for the first account) and
          // the account itself (each).
          const tokenChecks = id === ACCOUNT ? (both.stats.byPath[`/client/v4/accounts/${id}/tokens/verify`] ?? 0) : 0;
          expect(both.stats.byPath[`/client/v4/accounts/${id}`]).toBe(1);
          expect(manifest.requests.total).toBe(both.stats.byAccount[id]! - tokenChecks - 1);
          requests += manifest.requests.total;
        }
        expect(requests).toBeLessThan(both.stats.total);
        const crm = await readSnapshot(path.join(out, 'snapshots', other));
        expect(crm.resources.access_application.map((r) => r.key)).toEqual(['app-crm']);
      } finally {
        await both.close();
      }
    },
  );
});
