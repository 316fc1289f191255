// Compiles src/ to dist/ (`npm run build`). Plain JavaScript, so it runs before anything is compiled.
//
// With the development dependencies installed (a checkout after `npm ci`, `npm pack`, `npm publish`) it runs the
// project's TypeScript with full type checking (tsconfig.build.json). Without them — npm prepares a git install
// with no dependencies at all on npm 11 (npm/cli#8440), and the GitHub Action installs production dependencies
// only — it runs the TypeScript version package-lock.json pins through `npm exec` and only emits
// (tsconfig.install.json: `noCheck`, no `@types`): the sources use only erasable syntax and `verbatimModuleSyntax`,
// so the JavaScript is the same as with checking. If that fails too (no network, no npm), it says how to build
// instead of leaving an install without dist/.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const MAIN = path.join(ROOT, 'dist', 'cli', 'main.js');

/** `typescript/bin/tsc` of this checkout, when it and the Node types are installed. */
function localTsc() {
  const require = createRequire(path.join(ROOT, 'package.json'));
  try {
    require.resolve('@types/node/package.json');
    return require.resolve('typescript/bin/tsc');
  } catch {
    return undefined;
  }
}

/** The TypeScript version the lockfile pins (the devDependencies range without a lockfile). */
export function pinnedTypescript() {
  const lockFile = path.join(ROOT, 'package-lock.json');
  if (existsSync(lockFile)) {
    const lock = JSON.parse(readFileSync(lockFile, 'utf8'));
    const version = lock.packages?.['node_modules/typescript']?.version;
    if (typeof version === 'string') return version;
  }
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  return pkg.devDependencies?.typescript ?? 'latest';
}

/** The environment for a nested npm: never global (npm/cli#8440 passes `npm_config_global=true` down). */
function nestedNpmEnv() {
  const env = { ...process.env };
  for (const name of Object.keys(env)) {
    if (/^npm_config_(global|location|prefix)$/i.test(name)) delete env[name];
  }
  return env;
}

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: ROOT, env, stdio: 'inherit', shell: false });
  return result.status === 0;
}

/** Runs pinned TypeScript through `npm exec` (the npm running this script when there is one). */
function fetchedTsc() {
  const spec = `typescript@${pinnedTypescript()}`;
  const npmCli = process.env.npm_execpath;
  const args = ['exec', '--yes', `--package=${spec}`, '--', 'tsc', '-p', 'tsconfig.install.json'];
  console.error(`cf-access-audit: TypeScript is not installed here; compiling with ${spec} (npm exec)`);
  if (npmCli && /\.[cm]?js$/.test(npmCli)) return run(process.execPath, [npmCli, ...args], nestedNpmEnv());
  return run(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, nestedNpmEnv());
}

/**
 * Builds dist/; returns false (having said why) when it could not. `typeCheck: false` only emits, also with the
 * local TypeScript (an install from git: the code was checked before it was pushed, so the user's install only
 * needs the JavaScript).
 */
export function build({ typeCheck = true } = {}) {
  const tsc = localTsc();
  const project = typeCheck ? 'tsconfig.build.json' : 'tsconfig.install.json';
  const ok = tsc ? run(process.execPath, [tsc, '-p', project]) : fetchedTsc();
  if (!ok || !existsSync(MAIN)) {
    console.error(
      'cf-access-audit: could not compile src/ to dist/. Install from the npm registry ' +
        '(npm install -g cf-access-audit), or in a checkout run `npm ci && npm run build`.',
    );
    return false;
  }
  chmodSync(MAIN, 0o755);
  return true;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = build() ? 0 : 1;
}
