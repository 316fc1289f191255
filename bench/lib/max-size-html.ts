/**
 * report.html of the max-size account as users get it: the snapshot written to disk, `evaluate --format html` run
 * as a process, the file's size, and (with `--include-passing`, when the CLI has it) the size with every result.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateAccount, MAX_SIZE_ACCOUNT } from '../../src/emulator/generate-account.js';
import { RESOURCE_TYPES } from '../../src/catalog/resource-types.js';
import { writeSnapshot } from '../../src/snapshot/write.js';
import { TSX_IMPORT } from './child.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

export interface MaxSizeHtml {
  /** Folder holding `lean/report.html` (and `full/report.html` when measured); remove with `cleanup`. */
  dir: string;
  leanFile: string;
  leanBytes: number;
  /** Size with pass and not-applicable results listed (`--include-passing`); null when the CLI lacks the option. */
  fullBytes: number | null;
  fullSkipped?: string;
  cleanup: () => Promise<void>;
}

function evaluate(snapshot: string, out: string, extra: string[]): Promise<{ code: number; stderr: string }> {
  const args = [
    '--import',
    TSX_IMPORT,
    CLI,
    'evaluate',
    snapshot,
    '--out',
    out,
    '--format',
    'html',
    '--fail-on',
    'none',
    '--quiet',
    ...extra,
  ];
  return new Promise((resolve) => {
    execFile(process.execPath, args, { maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stderr });
    });
  });
}

export async function renderMaxSizeHtml(): Promise<MaxSizeHtml> {
  const dir = await mkdtemp(path.join(tmpdir(), 'cfaa-bench-html-'));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const snapshot = path.join(dir, 'snapshot');
    const account = generateAccount({ ...MAX_SIZE_ACCOUNT, seed: 'bench' });
    await writeSnapshot(
      snapshot,
      account.manifest,
      RESOURCE_TYPES.flatMap((type) => account.resources[type]),
    );
    const lean = await evaluate(snapshot, path.join(dir, 'lean'), []);
    if (lean.code !== 0) {
      throw new Error(`evaluate of the max-size account failed (exit ${lean.code}): ${lean.stderr.trim()}`);
    }
    const leanFile = path.join(dir, 'lean', 'report.html');
    const full = await evaluate(snapshot, path.join(dir, 'full'), ['--include-passing']);
    const fullBytes = full.code === 0 ? (await stat(path.join(dir, 'full', 'report.html'))).size : null;
    return {
      dir,
      leanFile,
      leanBytes: (await stat(leanFile)).size,
      fullBytes,
      cleanup,
      ...(fullBytes === null ? { fullSkipped: `evaluate --include-passing exited ${full.code}` } : {}),
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
