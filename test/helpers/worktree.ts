import { chmod, copyFile, mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { run } from './process.js';

const GIT_IDENTITY = ['-c', 'user.name=cf-access-audit tests', '-c', 'user.email=tests@cf-access-audit.invalid'];

/** Files of the working tree, relative: git's list (tracked and untracked, not ignored) in a git checkout. */
async function workingTreeFiles(): Promise<string[]> {
  const listed = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], PACKAGE_ROOT);
  if (listed.code === 0) return listed.stdout.split('\0').filter(Boolean);
  return walk('', await ignoredBy(path.join(PACKAGE_ROOT, '.gitignore'))); // a copy of the sources without .git
}

/** The simple patterns of a .gitignore (`name`, `name/`, `*.ext`), as a test on a relative path. */
async function ignoredBy(file: string): Promise<(relative: string) => boolean> {
  const patterns = (await readFile(file, 'utf8').catch(() => ''))
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.replace(/\/$/, ''));
  return (relative) => {
    const name = path.basename(relative);
    return name === '.git' || patterns.some((p) => (p.startsWith('*.') ? name.endsWith(p.slice(1)) : name === p));
  };
}

async function walk(dir: string, ignored: (relative: string) => boolean): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(path.join(PACKAGE_ROOT, dir), { withFileTypes: true })) {
    const relative = path.join(dir, entry.name);
    if (ignored(relative)) continue;
    if (entry.isDirectory()) files.push(...(await walk(relative, ignored)));
    else if (entry.isFile()) files.push(relative);
  }
  return files;
}

/**
 * Copies the working tree of this repository as it is now — tracked and untracked files, not the ignored ones
 * (node_modules, dist, reports) — into `dest`. Reads git's file list only: the repository itself is not touched.
 */
export async function copyWorkingTree(dest: string): Promise<number> {
  let copied = 0;
  for (const file of await workingTreeFiles()) {
    const from = path.join(PACKAGE_ROOT, file);
    const info = await stat(from).catch(() => undefined); // deleted in the working tree, or not a file
    if (!info?.isFile()) continue;
    const to = path.join(dest, file);
    await mkdir(path.dirname(to), { recursive: true });
    await copyFile(from, to);
    await chmod(to, info.mode);
    copied += 1;
  }
  return copied;
}

/** A new git repository in `dest` whose single commit is the current working tree (identity set per command). */
export async function commitWorkingTree(dest: string): Promise<void> {
  await mkdir(dest, { recursive: true });
  await copyWorkingTree(dest);
  for (const args of [
    ['-c', 'init.defaultBranch=main', 'init', '-q'],
    ['add', '-A'],
    [...GIT_IDENTITY, '-c', 'commit.gpgsign=false', 'commit', '-q', '--no-verify', '-m', 'working tree'],
  ]) {
    const result = await run('git', args, dest);
    if (result.code !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  }
}
