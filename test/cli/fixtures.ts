import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { stringify } from 'yaml';
import { run } from '../../src/cli/run.js';
import type { CliIo } from '../../src/cli/io.js';
import type { Timer } from '../../src/common/timer.js';
import { loadAllRules } from '../../src/engine/load-rules.js';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/server.js';
import { makeResourceRecord } from '../../src/snapshot/layout.js';
import { RESOURCE_TYPES, type ResourceType } from '../../src/catalog/resource-types.js';
import type { CoverageEntry, ResourceRecord, Snapshot } from '../../src/snapshot/types.js';

export const ACCOUNT = '0123456789abcdef0123456789abcdef';
export const TOKEN = 'cli-test-token-Zq8v3LmX0pR7';
export const FIXED_NOW = new Date('2026-01-15T12:00:00.000Z');

/** Account with two applications; `admin` trips the test rule below. */
export function accountSnapshot(): Snapshot {
  const account = { kind: 'account', id: ACCOUNT } as const;
  const records: ResourceRecord[] = [
    makeResourceRecord('access_application', account, {
      id: 'app-admin',
      name: 'admin',
      type: 'self_hosted',
      domain: 'admin.example.com',
      session_duration: '720h',
    }),
    makeResourceRecord('access_application', account, {
      id: 'app-wiki',
      name: 'wiki',
      type: 'self_hosted',
      domain: 'wiki.example.com',
      session_duration: '8h',
    }),
    makeResourceRecord('service_token', account, {
      id: 'st-1',
      name: 'ci',
      client_id: 'abc.access',
      duration: '8760h',
    }),
    makeResourceRecord('organization', account, { name: 'Example', auth_domain: 'example.cloudflareaccess.com' }),
  ];
  return snapshotOf(records);
}

/** A complete snapshot of account ACCOUNT holding `records`, every type collected. */
export function snapshotOf(records: ResourceRecord[]): Snapshot {
  const resources = Object.fromEntries(RESOURCE_TYPES.map((t) => [t, [] as ResourceRecord[]])) as Snapshot['resources'];
  const coverage = Object.fromEntries(
    RESOURCE_TYPES.map((t) => [t, { status: 'ok', count: 0, requests: 1 } satisfies CoverageEntry]),
  ) as Record<ResourceType, CoverageEntry>;
  for (const record of records) {
    resources[record.type].push(record);
    coverage[record.type].count += 1;
  }
  return {
    manifest: {
      format_version: 1,
      tool: { name: 'cf-access-audit', version: '0.1.0' },
      account_id: ACCOUNT,
      zone_ids: [],
      collected_at: '2026-01-01T00:00:00.000Z',
      base_url: 'https://api.cloudflare.com/client/v4',
      coverage,
      zone_coverage: {},
      requests: { total: 0, retries: 0, rate_limited: 0, server_errors: 0, timeouts: 0, bytes: 0, duration_ms: 0 },
    },
    resources,
  };
}

/** A custom rule (severity high) failing exactly for the application named "admin". */
const TEST_RULE = {
  id: 'access-application-cli-fixture-not-admin',
  resource: 'access_application',
  title: 'Access application is not the CLI test fixture named admin',
  severity: 'high',
  description: 'Fails for the application named admin, so CLI tests control their findings.',
  risk: 'None; a test fixture.',
  remediation: {
    dashboard: 'Rename the application.',
    api: '`PUT /accounts/{account_id}/access/apps/{app_id}` with another `name`.',
  },
  references: ['https://developers.cloudflare.com/cloudflare-one/applications/'],
  frameworks: { 'nist-800-53': ['CM-6'] },
  check: 'name != "admin"',
  message: "Access application '{{$name}}' ({{$id}}) is named {{name}}.",
};

export interface Workspace {
  dir: string;
  /** A config disabling every built-in rule and adding the test rule folder. */
  configFile: string;
}

/** A temp folder with the test rule and a config that leaves only it enabled. */
export async function makeWorkspace(extraConfig: Record<string, unknown> = {}): Promise<Workspace> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cfaa-cli-'));
  const rulesDir = path.join(dir, 'test-rules', 'access_application');
  await mkdir(rulesDir, { recursive: true });
  await writeFile(path.join(rulesDir, `${TEST_RULE.id}.yaml`), stringify(TEST_RULE));
  const builtins = await loadAllRules();
  const rules = Object.fromEntries(builtins.map((rule) => [rule.id, { enabled: false }]));
  const configFile = path.join(dir, 'cf-access-audit.config.yaml');
  await writeFile(configFile, stringify({ rule_folders: ['./test-rules'], rules, ...extraConfig }));
  return { dir, configFile };
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output and a fixed clock. */
export async function runCli(
  argv: string[],
  options: { cwd: string; env?: Record<string, string | undefined>; isTTY?: boolean; now?: Date; timer?: Timer },
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (chunk: string) => (stdout += chunk), isTTY: options.isTTY ?? false },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: options.isTTY ?? false },
    env: options.env ?? {},
    cwd: options.cwd,
    now: () => options.now ?? FIXED_NOW,
    timer: options.timer,
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

/** Every file below `dir`, as relative POSIX paths. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** Files below `dir` whose content contains `needle`. */
export async function filesContaining(dir: string, needle: string): Promise<string[]> {
  const hits: string[] = [];
  for (const file of await listFiles(dir)) {
    if ((await readFile(path.join(dir, file), 'utf8')).includes(needle)) hits.push(file);
  }
  return hits;
}

export interface EmulatorWorkspace {
  emulator: EmulatorHandle;
  workspace: Workspace;
}

/** Starts an emulator serving `snapshot` (token TOKEN) and a workspace before the tests of the enclosing
 * file or describe block, and removes both after them. */
export function useEmulatorWorkspace(snapshot: () => Snapshot = accountSnapshot): EmulatorWorkspace {
  const env = {} as EmulatorWorkspace;
  beforeAll(async () => {
    env.emulator = await startEmulator({ snapshot: snapshot(), credentials: { apiTokens: [TOKEN] } });
    env.workspace = await makeWorkspace();
  });
  afterAll(async () => {
    await env.emulator.close();
    await rm(env.workspace.dir, { recursive: true, force: true });
  });
  return env;
}
