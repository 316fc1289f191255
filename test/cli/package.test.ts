import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, lstatSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT, TOOL_VERSION } from '../../src/paths.js';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/server.js';
import { cleanEnv, run, type RunResult } from '../helpers/process.js';
import { removeNpxInstalls } from '../helpers/npx-cache.js';
import { commitWorkingTree } from '../helpers/worktree.js';
import { ACCOUNT, TOKEN, accountSnapshot } from './fixtures.js';

// Every way to install the package, end to end, as a user would: from the tarball of one `npm pack` (it builds the
// package), locally, globally and with npx; and from a git URL (a temporary repository whose single commit is the
// current working tree), globally and with npx, with no --install-links. Global installs go to a temporary
// prefix; installs read npm's cache (--prefer-offline) and change nothing outside their temporary folders but the
// cache. The tests run concurrently, each waiting only for what it needs: about 60-80 s in all, most of it `npx`
// from git, for which npm installs every development dependency in its clone before building.

let work: string;
let tarball: Promise<string>;
let gitUrl: Promise<string>;

async function pack(): Promise<string> {
  const packed = await run('npm', ['pack', '--silent', '--pack-destination', work], PACKAGE_ROOT);
  expect(packed.stderr).not.toMatch(/error TS\d+/);
  expect(packed.code).toBe(0);
  const name = (await readdir(work)).find((file) => file.endsWith('.tgz'));
  expect(name).toBe(`cf-access-audit-${TOOL_VERSION}.tgz`);
  return path.join(work, name!);
}

async function gitRepository(): Promise<string> {
  const repo = path.join(work, 'repo');
  await commitWorkingTree(repo);
  return `git+${pathToFileURL(repo).href}`;
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'cfaa-pack-'));
  tarball = pack();
  gitUrl = gitRepository();
  tarball.catch(() => undefined); // awaited (and reported) by the tests
  gitUrl.catch(() => undefined);
});
afterAll(async () => {
  await Promise.allSettled([tarball, gitUrl]);
  await removeNpxInstalls(work);
  await rm(work, { recursive: true, force: true });
});

const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv =>
  cleanEnv({ npm_config_prefer_offline: 'true', ...extra });
const npm = (args: string[], cwd: string): Promise<RunResult> =>
  run('npm', [...args, '--no-audit', '--no-fund'], cwd, env(), 240_000);
const SLOW = { timeout: 300_000 };

function expectInstalled(result: RunResult): void {
  expect(result.stderr).not.toMatch(/npm error/);
  expect(result.code).toBe(0);
}

/** `--help` and `rules list` of an installed command. */
async function expectWorkingCommand(bin: string): Promise<void> {
  const help = await run(bin, ['--help'], work);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('Usage: cf-access-audit <command>');
  const rules = await run(bin, ['rules', 'list'], work);
  expect(rules.stderr).toBe('');
  expect(rules.code).toBe(0);
  expect(rules.stdout).toMatch(/^ID\s+RESOURCE\s+SEVERITY\s+TITLE/);
  expect(rules.stdout).toContain('access-policy-');
}

describe.concurrent('the npm package', () => {
  // vitest runs at most 5 of these at once: the slowest ones first.
  it('npx --yes git+file://… --help', SLOW, async () => {
    const home = path.join(work, 'npx-git');
    await mkdir(home, { recursive: true });
    const help = await run('npx', ['--yes', await gitUrl, '--help'], home, env(), 280_000);
    expect(help.stderr).not.toMatch(/npm error/);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: cf-access-audit <command>');
  });

  it(
    'npm install -g git+file://… builds during the install; the command runs --help and rules list',
    SLOW,
    async () => {
      const prefix = path.join(work, 'global-git');
      expectInstalled(await npm(['install', '-g', await gitUrl, '--prefix', prefix], work));
      // A real folder with the build and the production dependencies, not npm's link to its deleted clone.
      const folder = path.join(prefix, 'lib', 'node_modules', 'cf-access-audit');
      expect(lstatSync(folder).isDirectory()).toBe(true);
      expect(existsSync(path.join(folder, 'dist', 'cli', 'main.js'))).toBe(true);
      expect(existsSync(path.join(folder, 'node_modules', 'jsonata', 'package.json'))).toBe(true);
      await expectWorkingCommand(path.join(prefix, 'bin', 'cf-access-audit'));
    },
  );

  it('installs into an empty folder from the npm cache, and runs --version and demo', SLOW, async () => {
    const app = path.join(work, 'app');
    await mkdir(app);
    await writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    expectInstalled(await npm(['install', await tarball], app));

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

  it('npm install -g <tarball> (under a temporary prefix): the command runs --help and rules list', SLOW, async () => {
    const prefix = path.join(work, 'global-tarball');
    expectInstalled(await npm(['install', '-g', await tarball, '--prefix', prefix], work));
    await expectWorkingCommand(path.join(prefix, 'bin', 'cf-access-audit'));
  });

  it('npx --yes ./<tarball> --help', SLOW, async () => {
    // A relative path (or a file: URL): npx runs an absolute path as a command instead of installing it.
    const help = await run('npx', ['--yes', `./${path.basename(await tarball)}`, '--help'], work, env());
    expect(help.stderr).not.toMatch(/npm error/);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: cf-access-audit <command>');
  });

  it('ships the build, the rule catalog, docs and the license, and no sources, tests or artifacts', SLOW, async () => {
    const listed = await run('tar', ['-tzf', await tarball], work);
    expect(listed.code).toBe(0);
    const files = listed.stdout
      .split('\n')
      .filter(Boolean)
      .map((f) => f.replace(/^package\//, ''));
    for (const file of [
      'package.json',
      'README.md',
      'LICENSE',
      'dist/cli/main.js',
      'reports/html/report.hbs',
      'schemas/findings.schema.json',
      'examples/demo-account/manifest.json',
      'docs/rules.md',
      'examples/github-actions/nightly-audit.yml',
    ]) {
      expect(files).toContain(file);
    }
    expect(files.some((f) => f.startsWith('rules/access_policy/') && f.endsWith('.yaml'))).toBe(true);
    const unwanted = files.filter(
      (f) =>
        /^(src|test|bench|scripts|test-artifacts|\.tmp|\.github|\.ci|node_modules)\//.test(f) ||
        /^examples\/demo-account\/[^/]+\.ts$/.test(f) ||
        f === 'examples/demo-account/planted.yaml' ||
        /^(tsconfig.*\.json|vitest\.config\.ts|action\.yml|package-lock\.json)$/.test(f) ||
        f.endsWith('.tgz'),
    );
    expect(unwanted).toEqual([]);

    const manifest = JSON.parse(await readFile(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as object;
    expect(manifest).toMatchObject({
      license: 'Apache-2.0',
      engines: { node: '>=20.18.1' },
      repository: { type: 'git', url: 'git+https://github.com/cf-access-audit/cf-access-audit.git' },
      bugs: { url: 'https://github.com/cf-access-audit/cf-access-audit/issues' },
      homepage: 'https://github.com/cf-access-audit/cf-access-audit#readme',
      bin: { 'cf-access-audit': 'dist/cli/main.js' },
    });
    expect(await readFile(path.join(PACKAGE_ROOT, 'LICENSE'), 'utf8')).toContain('Apache License\n');
  });
});

describe('from the repository root', () => {
  let emulator: EmulatorHandle;
  beforeAll(async () => {
    emulator = await startEmulator({ snapshot: accountSnapshot(), credentials: { apiTokens: [TOKEN] } });
  });
  afterAll(async () => {
    await emulator.close();
  });

  it('npx cf-access-audit collect --account ID --out DIR works', SLOW, async () => {
    await tarball; // npm pack rebuilds dist/ in the repository: wait for it
    const out = path.join(work, 'collected');
    const result = await run(
      'npx',
      ['--yes', 'cf-access-audit', 'collect', '--account', ACCOUNT, '--out', out],
      PACKAGE_ROOT,
      cleanEnv({ CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.url }),
    );
    expect(result.stderr).toContain(`account ${ACCOUNT}: 4 resources`);
    expect(result.code).toBe(0);
    expect(existsSync(path.join(out, 'manifest.json'))).toBe(true);
    expect(result.stdout + result.stderr).not.toContain(TOKEN);
  });
});
