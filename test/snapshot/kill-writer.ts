/**
 * Child process of write-crash.test.ts: writes snapshot "new" (see crashRecords) over the folder in argv[2]
 * and kills itself with SIGKILL just before its file-system call number argv[3] (0-based: mkdir, writeFile,
 * rename, rm). With argv[3] = -1 it writes to the end and prints how many such calls it made.
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { crashRecords, crashManifest } from './crash-fixture.js';

const [dir, at] = process.argv.slice(2);
const killAt = Number(at);
const fsp = createRequire(import.meta.url)('node:fs/promises') as Record<string, (...args: unknown[]) => unknown>;
let calls = 0;
for (const name of ['mkdir', 'writeFile', 'rename', 'rm']) {
  const original = fsp[name]!;
  fsp[name] = (...args: unknown[]) => {
    if (calls++ === killAt) process.kill(process.pid, 'SIGKILL');
    return original(...args);
  };
}
syncBuiltinESMExports();
const { writeSnapshot } = await import('../../src/snapshot/write.js');
const records = crashRecords('new');
await writeSnapshot(dir!, crashManifest(records), records);
console.log(JSON.stringify({ calls }));
