import { afterEach, describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startEmulator } from '../../src/emulator/server.js';
import {
  ACCOUNT,
  TOKEN,
  accountSnapshot,
  filesContaining,
  listFiles,
  runCli,
  useEmulatorWorkspace,
} from './fixtures.js';

const ctx = useEmulatorWorkspace();

afterEach(() => {
  ctx.emulator.setFaults({});
  ctx.emulator.resetStats();
});

function env(extra: Record<string, string> = {}): Record<string, string> {
  return { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: ctx.emulator.url, ...extra };
}

async function scan(out: string, ...args: string[]) {
  return runCli(['scan', '--account', ACCOUNT, '--out', out, ...args], { cwd: ctx.workspace.dir, env: env() });
}

describe('scan against the emulator', () => {
  it('exits 1 on a high finding and writes the four reports and the snapshot', async () => {
    const result = await scan('out-findings');
    expect(result.stderr).toContain('1 finding (0 critical, 1 high, 0 medium, 0 low, 0 info)');
    expect(result.code).toBe(1);
    const files = await listFiles(path.join(ctx.workspace.dir, 'out-findings'));
    for (const file of [
      'report.sarif',
      'report.html',
      'findings.json',
      'summary.md',
      'snapshot/manifest.json',
      'snapshot/access_application/app-admin.json',
    ]) {
      expect(files).toContain(file);
    }
    const findings = await readFile(path.join(ctx.workspace.dir, 'out-findings', 'findings.json'), 'utf8');
    expect(findings).toContain('access-application-cli-fixture-not-admin');
  });

  it('exits 0 when the findings are below --fail-on', async () => {
    expect((await scan('out-critical', '--fail-on', 'critical')).code).toBe(0);
  });

  it('exits 3 when a type could not be read, before 1; --allow-partial turns it back into 1', async () => {
    ctx.emulator.setFaults({ forbidden: ['service_token'] });
    const incomplete = await scan('out-partial');
    expect(incomplete.code).toBe(3);
    expect(incomplete.stderr).toMatch(
      /service_token was not read \(forbidden, HTTP 403\); grant the token "Access: Service Tokens Read"/,
    );
    // Partial scans still write everything they have.
    expect(await listFiles(path.join(ctx.workspace.dir, 'out-partial'))).toEqual(
      expect.arrayContaining(['report.sarif', 'report.html', 'findings.json', 'summary.md']),
    );

    ctx.emulator.setFaults({ forbidden: ['service_token'] });
    expect((await scan('out-partial-allowed', '--allow-partial')).code).toBe(1);
  });

  it('exits 2 with a one-line hint for a rejected token, before collecting anything', async () => {
    const result = await runCli(['scan', '--account', ACCOUNT, '--out', 'out-bad-token'], {
      cwd: ctx.workspace.dir,
      env: env({ CLOUDFLARE_API_TOKEN: 'not-the-right-token-123' }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(
      /^error: the API token is not valid \(HTTP 40\d\): create a read-only token with the permissions in the README table/,
    );
    expect(result.stderr).not.toContain('not-the-right-token-123');
    expect(ctx.emulator.stats.byType).toEqual({});
  });

  it('exits 2 (not 3) for a rule that cannot be loaded, even when a type is forbidden', async () => {
    ctx.emulator.setFaults({ forbidden: ['service_token'] });
    const broken = path.join(ctx.workspace.dir, 'broken-rules', 'access_application');
    await (await import('node:fs/promises')).mkdir(broken, { recursive: true });
    await writeFile(
      path.join(broken, 'access-application-broken.yaml'),
      'id: access-application-broken\nresource: access_application\n',
    );
    const result = await scan('out-broken', '--rules', 'broken-rules');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: a rule could not be loaded:');
    expect(result.stderr).toContain('access-application-broken.yaml');
  });

  it('never lets the token reach the output or any written file', async () => {
    const result = await scan('out-secret', '--verbose');
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
    expect(await filesContaining(path.join(ctx.workspace.dir, 'out-secret'), TOKEN)).toEqual([]);
  });

  it('reports the same exit code when evaluating the saved output offline', async () => {
    await ctx.emulator.close();
    try {
      const result = await runCli(['evaluate', 'out-findings', '--out', 'out-evaluated'], { cwd: ctx.workspace.dir });
      expect(result.code).toBe(1);
      expect(await listFiles(path.join(ctx.workspace.dir, 'out-evaluated'))).toEqual([
        'findings.json',
        'report.html',
        'report.sarif',
        'summary.md',
      ]);
      const evaluated = await readFile(path.join(ctx.workspace.dir, 'out-evaluated', 'findings.json'), 'utf8');
      const scanned = await readFile(path.join(ctx.workspace.dir, 'out-findings', 'findings.json'), 'utf8');
      expect(evaluated).toContain('"dir": "../out-findings/snapshot"');
      expect(evaluated.replace('"dir": "../out-findings/snapshot"', '"dir": "snapshot"')).toBe(scanned);
    } finally {
      ctx.emulator = await startEmulator({
        snapshot: accountSnapshot(),
        credentials: { apiTokens: [TOKEN] },
        port: ctx.emulator.port,
      });
    }
  });
});
