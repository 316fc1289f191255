/**
 * The CLI never passes by not having looked: a wrong account is one error, every endpoint 404 is an error,
 * --timeout bounds the scan (exit 3), and an item without an id is audited like the others.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { readSnapshot } from '../../src/snapshot/read.js';
import { makeResourceRecord } from '../../src/snapshot/layout.js';
import { RESOURCE_TYPES } from '../../src/catalog/resource-types.js';
import type { Timer } from '../../src/common/timer.js';
import { ACCOUNT, TOKEN, accountSnapshot, runCli, useEmulatorWorkspace } from './fixtures.js';

/** The CLI fixture account plus an application without an id, named so that the fixture rule fails on it. */
function snapshotWithKeylessApp(): ReturnType<typeof accountSnapshot> {
  const snapshot = accountSnapshot();
  const keyless = makeResourceRecord(
    'access_application',
    { kind: 'account', id: ACCOUNT },
    {
      name: 'admin',
      type: 'self_hosted',
      domain: 'legacy.example.com',
    },
  );
  snapshot.resources.access_application.push(keyless);
  snapshot.resources.access_application.sort((a, b) => (a.file < b.file ? -1 : 1));
  snapshot.manifest.coverage.access_application.count += 1;
  return snapshot;
}

const ctx = useEmulatorWorkspace(snapshotWithKeylessApp);
afterEach(() => {
  ctx.emulator.setFaults({});
  ctx.emulator.resetStats();
});

const env = (): Record<string, string> => ({ CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: ctx.emulator.url });

describe('the account is read first', () => {
  it('a wrong account id is one line and exit 2, before any resource type is asked for', async () => {
    const wrong = 'ffffffffffffffffffffffffffffffff';
    const args = ['scan', '--account', wrong, '--out', 'out-wrong-account'];
    const result = await runCli(args, { cwd: ctx.workspace.dir, env: env() });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^error: the token cannot read account f{32} \(HTTP 40[34]\): check the id and the token's account scope/,
    );
    expect(ctx.emulator.stats.byType).toEqual({});
  });
});

describe('every endpoint answering 404', () => {
  it('is an error (exit 2) saying the base URL or account is probably wrong', async () => {
    ctx.emulator.setFaults({ notFound: [...RESOURCE_TYPES] });
    const result = await runCli(['collect', '--account', ACCOUNT, '--out', 'snap-all-404', '--allow-partial'], {
      cwd: ctx.workspace.dir,
      env: env(),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `error: account ${ACCOUNT}: every endpoint answered 404: the base URL or account is probably wrong.`,
    );
  });
});

describe('--timeout', () => {
  /** A --timeout timer that fires once the hanging request has reached the emulator: event-loop turns, no waiting. */
  function firesOnceTagsHang(started: number[]): Timer {
    return (ms, fire) => {
      started.push(ms);
      let cancelled = false;
      void (async () => {
        while (!cancelled && ctx.emulator.stats.byType.access_tag === undefined) {
          await new Promise((resolve) => setImmediate(resolve));
        }
        if (!cancelled) fire();
      })();
      return () => void (cancelled = true);
    };
  }

  it('stops collecting, writes what was read, and exits 3 (0 with --allow-partial)', async () => {
    ctx.emulator.setFaults({ hang: ['access_tag'] });
    const started: number[] = [];
    const result = await runCli(['collect', '--account', ACCOUNT, '--out', 'snap-timeout', '--timeout', '1s'], {
      cwd: ctx.workspace.dir,
      env: env(),
      timer: firesOnceTagsHang(started),
    });
    expect(started).toEqual([1000]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('--timeout 1s reached: collection stops');
    const snapshot = await readSnapshot(path.join(ctx.workspace.dir, 'snap-timeout'));
    expect(snapshot.manifest.coverage.access_tag.status).toBe('error');
    expect(snapshot.manifest.coverage.access_tag.message).toContain('stopped by --timeout 1s before it finished');

    ctx.emulator.resetStats();
    ctx.emulator.setFaults({ hang: ['access_tag'] });
    const args = ['collect', '--account', ACCOUNT, '--out', 'snap-timeout-2', '--timeout', '1s', '--allow-partial'];
    const allowed = await runCli(args, { cwd: ctx.workspace.dir, env: env(), timer: firesOnceTagsHang(started) });
    expect(allowed.code).toBe(0);
  });

  it('refuses a value that is not a duration', async () => {
    const result = await runCli(['scan', '--account', ACCOUNT, '--out', 'out-bad-timeout', '--timeout', '5x'], {
      cwd: ctx.workspace.dir,
      env: env(),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: --timeout "5x" is not a duration.');
    expect(ctx.emulator.stats.total).toBe(0);
  });
});

describe('an item without an id', () => {
  it('survives to the snapshot and is evaluated: findings.json has its result and the coverage warning', async () => {
    const args = ['scan', '--account', ACCOUNT, '--out', 'out-keyless'];
    const result = await runCli(args, { cwd: ctx.workspace.dir, env: env() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/access_application: 1 item\(s\) have no usable "id"/);
    const snapshot = await readSnapshot(path.join(ctx.workspace.dir, 'out-keyless', 'snapshot'));
    const keyless = snapshot.resources.access_application.find((r) => r.key.startsWith('noid-'));
    expect(keyless?.data).toEqual({ name: 'admin', type: 'self_hosted', domain: 'legacy.example.com' });
    expect(snapshot.manifest.coverage.access_application).toMatchObject({ status: 'ok', count: 3 });
    expect(snapshot.manifest.coverage.access_application.warnings).toHaveLength(1);

    const findings = JSON.parse(await readFile(path.join(ctx.workspace.dir, 'out-keyless', 'findings.json'), 'utf8'));
    const results = findings.accounts[0].results as { rule_id: string; resource_id: string; status: string }[];
    expect(results).toContainEqual(
      expect.objectContaining({
        rule_id: 'access-application-cli-fixture-not-admin',
        resource_id: keyless!.key,
        status: 'fail',
      }),
    );
    const coverage = findings.accounts[0].coverage as { resource_type: string; message?: string }[];
    expect(coverage.find((c) => c.resource_type === 'access_application')?.message).toContain('have no usable "id"');
  });
});
