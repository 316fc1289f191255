import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PACKAGE_ROOT, TOOL_VERSION } from '../../src/paths.js';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/server.js';
import { ACCOUNT, TOKEN, accountSnapshot } from './fixtures.js';

// Slow-ish (npm pack builds the package; about 20 s): the real packaging path, end to end.
const exec = promisify(execFile);

/** The environment of a user's shell: no npm lifecycle variables, no Cloudflare credentials. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(npm_|CLOUDFLARE_|NODE_OPTIONS$|VITEST|NO_COLOR$)/i.test(name)) env[name] = value;
  }
  return { ...env, CI: '1', ...extra };
}

async function run(command: string, args: string[], cwd: string, env = cleanEnv()): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(command, args, { cwd, env, timeout: 90_000, maxBuffer: 20 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

let work: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'cfaa-pack-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('packs, installs into an empty folder from the npm cache, and runs --version and demo', { timeout: 120_000 }, async () => {
    const packed = await run('npm', ['pack', '--silent', '--pack-destination', work], PACKAGE_ROOT);
    expect(packed.stderr).not.toMatch(/error TS\d+/);
    expect(packed.code).toBe(0);
    const tarball = (await readdir(work)).find((name) => name.endsWith('.tgz'));
    expect(tarball).toBe(`cf-access-audit-${TOOL_VERSION}.tgz`);

    const app = path.join(work, 'app');
    await mkdir(app);
    await writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    const installed = await run('npm', ['install', path.join(work, tarball!), '--prefer-offline', '--no-audit', '--no-fund'], app);
    expect(installed.stderr).not.toMatch(/npm error/);
    expect(installed.code).toBe(0);

    const version = await run('npx', ['--no-install', 'cf-access-audit', '--version'], app);
    expect(version).toMatchObject({ code: 0, stdout: `${TOOL_VERSION}\n` });

    const demo = await run('npx', ['--no-install', 'cf-access-audit', 'demo', '--out', 'report'], app);
    expect(demo.stderr).not.toContain('internal error');
    expect(demo.code).toBe(0);
    for (const file of ['report.sarif', 'report.html', 'findings.json', 'summary.md', 'snapshot/manifest.json']) {
      expect(existsSync(path.join(app, 'report', file))).toBe(true);
    }
    expect(demo.stdout).toContain(path.join(app, 'report', 'report.html'));
  });

  describe('from the repository root', () => {
    let emulator: EmulatorHandle;
    beforeAll(async () => {
      emulator = await startEmulator({ snapshot: accountSnapshot(), credentials: { apiTokens: [TOKEN] } });
    });
    afterAll(async () => {
      await emulator.close();
    });

    it('npx cf-access-audit collect --account ID --out DIR works', { timeout: 120_000 }, async () => {
      const out = path.join(work, 'collected');
      const result = await run('npx', ['--yes', 'cf-access-audit', 'collect', '--account', ACCOUNT, '--out', out],
        PACKAGE_ROOT, cleanEnv({ CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.url }));
      expect(result.stderr).toContain(`account ${ACCOUNT}: 4 resources`);
      expect(result.code).toBe(0);
      expect(existsSync(path.join(out, 'manifest.json'))).toBe(true);
      expect(result.stdout + result.stderr).not.toContain(TOKEN);
    });
  });
});
