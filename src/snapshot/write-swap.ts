/**
 * Puts a snapshot written into a staging folder in place of the old one with two renames of whole
 * folders: the old folder moves aside, the staging folder takes its name, then the old one is removed.
 * A run killed at any point leaves the old snapshot or the new one at `dir`, except between the two renames,
 * when the old one waits beside it under `.<name>.cfaa-old-*`; the next write (`cleanLeftovers`) puts
 * it back, and removes staging folders of runs that died.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { withPath } from './atomic-write.js';
import { refuseLink } from './safe-path.js';
import { planSnapshotFolder } from './write-plan.js';

type Kind = 'staging' | 'old';

/** Sibling folder names of `dir` this module creates: `.<name>.cfaa-<kind>-<pid>-<random>`. */
function prefix(dir: string): string {
  return `.${path.basename(dir)}.cfaa-`;
}

/** A new sibling path of `dir` for a staging folder or the old snapshot moved aside. */
export function siblingPath(dir: string, kind: Kind): string {
  return path.join(path.dirname(dir), `${prefix(dir)}${kind}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

function parseSibling(dir: string, name: string): { kind: Kind; pid: number } | null {
  if (!name.startsWith(prefix(dir))) return null;
  const match = /^(staging|old)-(\d+)-[0-9a-f]+$/.exec(name.slice(prefix(dir).length));
  return match ? { kind: match[1] as Kind, pid: Number(match[2]) } : null;
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Repairs what a killed write of `dir` left: an old snapshot moved aside goes back when `dir` is missing
 * (else its foreign files move into `dir` and it is removed); staging folders of dead runs are removed.
 */
export async function cleanLeftovers(dir: string): Promise<void> {
  const parent = path.dirname(dir);
  let names: string[];
  try {
    names = (await readdir(parent)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw withPath(error, parent);
  }
  for (const name of names) {
    const sibling = parseSibling(dir, name);
    if (!sibling || isAlive(sibling.pid)) continue;
    const full = path.join(parent, name);
    if (sibling.kind === 'old' && (await refuseLink(dir)) === 'missing') await rename(full, dir);
    else if (sibling.kind === 'old') await retireOld(full, dir);
    else await rm(full, { recursive: true, force: true });
  }
}

/** Moves `staging` to `dir`; the old folder at `dir` (if any) moves aside, hands over its foreign files and goes. */
export async function swapIntoPlace(staging: string, dir: string): Promise<void> {
  if ((await refuseLink(dir)) === 'missing') {
    await rename(staging, dir);
    return;
  }
  const aside = siblingPath(dir, 'old');
  await rename(dir, aside);
  await rename(staging, dir);
  await retireOld(aside, dir);
}

/** Carries the entries of an old snapshot folder that are not the snapshot's into `dir`, then removes it. */
async function retireOld(old: string, dir: string): Promise<void> {
  const { foreign } = await planSnapshotFolder(old, []);
  for (const entry of foreign) {
    const target = path.join(dir, ...entry.split('/'));
    if ((await refuseLink(target)) !== 'missing') continue;
    await mkdir(path.dirname(target), { recursive: true });
    await rename(path.join(old, ...entry.split('/')), target);
  }
  await rm(old, { recursive: true, force: true });
}
