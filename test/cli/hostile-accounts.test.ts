import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/server.js';
import { makeResourceRecord } from '../../src/snapshot/layout.js';
import type { ResourceRecord, Snapshot } from '../../src/snapshot/types.js';
import { snapshotOf } from '../emulator/fixtures.js';
import { runCli, type CliRun } from './fixtures.js';

const TOKEN = 'hostile-run-token-Qw7rT2yU9iO0';
const ACCOUNTS = Array.from({ length: 20 }, (_, i) => `${String(i).padStart(2, '0')}${'ab'.repeat(15)}`);
const HOSTILE = ACCOUNTS[7]!;
const FIVE_MB = 5 * 1024 * 1024;
const ONE_MB = 1_000_000;
/** As deep as the emulator itself can still serialise (JSON.stringify overflows near 5,000 levels). */
const DEPTH = 3000;

function nested(depth: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let node = root;
  for (let i = 0; i < depth; i += 1) node = (node.next = {}) as Record<string, unknown>;
  node.end = true;
  return root;
}

function accountSnapshot(id: string, hostile: boolean): Snapshot {
  const account = { kind: 'account', id } as const;
  const app = (n: number, name: string, extra: Record<string, unknown> = {}): ResourceRecord =>
    makeResourceRecord('access_application', account, {
      id: `app-${n}`,
      name,
      type: 'self_hosted',
      domain: `app${n}.${id.slice(0, 6)}.example.com`,
      session_duration: '720h',
      policies: [
        {
          id: `pol-${n}`,
          name: `Everyone ${n}`,
          decision: 'allow',
          include: [{ everyone: {} }],
          exclude: [],
          require: [],
        },
      ],
      ...extra,
    });
  const records = [
    app(1, 'Wiki'),
    app(2, 'Admin panel'),
    makeResourceRecord('access_group', account, {
      id: 'grp-1',
      name: 'Staff',
      include: [{ email_domain: { domain: 'example.com' } }],
    }),
    makeResourceRecord('service_token', account, {
      id: 'st-1',
      name: 'ci',
      client_id: 'abc.access',
      duration: '8760h',
    }),
    makeResourceRecord('organization', account, {
      name: `Org ${id.slice(0, 4)}`,
      auth_domain: `${id.slice(0, 6)}.cloudflareaccess.com`,
    }),
  ];
  if (hostile) {
    records.push(app(3, 'h'.repeat(FIVE_MB)), app(4, 'm'.repeat(ONE_MB)));
    records.push(app(5, 'deep', { custom_deny_message: nested(DEPTH) }));
  }
  const snapshot = snapshotOf(records);
  snapshot.manifest.account_id = id;
  return snapshot;
}

let emulator: EmulatorHandle;
let cwd: string;
let result: CliRun;

beforeAll(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'cfaa-hostile-'));
  emulator = await startEmulator({
    snapshots: ACCOUNTS.map((id) => accountSnapshot(id, id === HOSTILE)),
    credentials: { apiTokens: [TOKEN] },
  });
  const args = ['scan', ...ACCOUNTS.flatMap((id) => ['--account', id]), '--out', 'out', '--allow-partial'];
  result = await runCli(args, { cwd, env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.url } });
}, 300_000);

afterAll(async () => {
  await emulator.close();
  await rm(cwd, { recursive: true, force: true });
});

const out = (file: string): string => path.join(cwd, 'out', file);

describe('a 20-account scan with one hostile account (5 MB name, 1 MB name, 3,000-deep value)', () => {
  it('finishes with findings (no internal error) and reports every account', async () => {
    expect(result.stderr).not.toContain('internal error');
    expect(result.code).toBe(1);
    const findings = JSON.parse(await readFile(out('findings.json'), 'utf8')) as {
      accounts: { account_id: string; results: { resource_name: string | null; status: string }[] }[];
    };
    expect(findings.accounts.map((a) => a.account_id).sort()).toEqual([...ACCOUNTS].sort());
    // Every healthy account is reported in full: the same results as any other healthy one.
    const healthy = findings.accounts.filter((a) => a.account_id !== HOSTILE);
    for (const account of healthy) expect(account.results).toHaveLength(healthy[0]!.results.length);
    for (const account of findings.accounts) expect(account.results.some((r) => r.status === 'fail')).toBe(true);
    const names = findings.accounts.flatMap((a) => a.results.map((r) => r.resource_name ?? ''));
    expect(Math.max(...names.map((n) => n.length))).toBeLessThanOrEqual(200);
  });

  it('keeps every output small: the hostile account adds little more than a healthy one', async () => {
    const size = async (file: string): Promise<number> => (await stat(out(file))).size;
    expect(await size('findings.json')).toBeLessThan(4 * 2 ** 20);
    expect(await size('report.html')).toBeLessThan(4 * 2 ** 20);
    expect(await size('summary.md')).toBeLessThan(256 * 2 ** 10);
    // Each SARIF run repeats the rule catalog (~0.6 MB); what differs between runs is the results.
    const sarif = JSON.parse(await readFile(out('report.sarif'), 'utf8')) as { runs: unknown[] };
    const runSizes = sarif.runs.map((run) => JSON.stringify(run).length);
    expect(Math.max(...runSizes) - Math.min(...runSizes)).toBeLessThan(128 * 2 ** 10);
    const hostileDir = out(path.join('snapshots', HOSTILE));
    const files = await readdir(path.join(hostileDir, 'access_application'));
    const sizeOf = async (f: string): Promise<number> =>
      (await stat(path.join(hostileDir, 'access_application', f))).size;
    const stored = await Promise.all(files.map(sizeOf));
    expect(stored.reduce((a, b) => a + b, 0)).toBeLessThan(1.5 * 2 ** 20);
  });

  it('stores the hostile values cut, with a marker and a coverage warning', async () => {
    const dir = out(path.join('snapshots', HOSTILE));
    const text = await readFile(path.join(dir, 'access_application', 'app-3.json'), 'utf8');
    const huge = JSON.parse(text) as { name: string };
    expect(huge.name).toMatch(/…\[TRUNCATED: 5242880 chars\]$/);
    expect(huge.name.length).toBeLessThan(2000);
    const deep = await readFile(path.join(dir, 'access_application', 'app-5.json'), 'utf8');
    expect(deep).toContain('[TRUNCATED: nested deeper than 64 levels]');
    const manifest = JSON.parse(await readFile(path.join(dir, 'manifest.json'), 'utf8')) as {
      coverage: { access_application: { warnings?: string[]; count: number } };
    };
    expect(manifest.coverage.access_application.count).toBe(5);
    expect(manifest.coverage.access_application.warnings?.join(' ')).toMatch(/2 resource\(s\) held values/);
    expect(result.stderr).toContain(
      `account ${HOSTILE}: access_application/app-3.json: name (too long) replaced by a [TRUNCATED] marker`,
    );
  });
});
