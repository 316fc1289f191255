import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { cleanEnv, run } from './process.js';

/**
 * Removes what `npx` installed into npm's cache (`<cache>/_npx/<hash>/`) for specs inside `folder` — a temporary
 * folder of the test, named by its unique base name since npm records relative paths — so the tests leave only
 * content-addressed cache entries behind.
 */
export async function removeNpxInstalls(folder: string): Promise<void> {
  const marker = path.basename(folder);
  const cache = (await run('npm', ['config', 'get', 'cache'], process.cwd(), cleanEnv())).stdout.trim();
  if (!cache) return;
  const root = path.join(cache, '_npx');
  for (const entry of await readdir(root).catch(() => [] as string[])) {
    const manifest = await readFile(path.join(root, entry, 'package.json'), 'utf8').catch(() => '');
    if (manifest.includes(marker)) await rm(path.join(root, entry), { recursive: true, force: true });
  }
}
