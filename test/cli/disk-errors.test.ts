import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomic } from '../../src/snapshot/atomic-write.js';
import { ACCOUNT, TOKEN, runCli, useEmulatorWorkspace } from './fixtures.js';

/** Failures to inject: a write whose path contains `match` fails with `code`, as the OS reports it (no path). */
const faults = vi.hoisted(() => ({ list: [] as { match: string; code: string }[] }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const injected = (file: unknown) => {
    const fault = faults.list.find((f) => String(file).includes(f.match));
    return fault && Object.assign(new Error(`${fault.code}: injected, write`), { code: fault.code, syscall: 'write' });
  };
  const writeFile: typeof actual.writeFile = async (file, ...rest) => {
    const error = injected(file);
    if (error) throw error;
    return actual.writeFile(file, ...rest);
  };
  // Streamed reports write through a file handle.
  const open: typeof actual.open = async (file, ...rest) => {
    const handle = await actual.open(file, ...rest);
    const error = injected(file);
    if (error) handle.writeFile = async () => Promise.reject(error);
    return handle;
  };
  return { ...actual, default: { ...actual, writeFile, open }, writeFile, open };
});

const ctx = useEmulatorWorkspace();
afterEach(() => {
  faults.list = [];
  ctx.emulator.resetStats();
});

async function scan(out: string) {
  return runCli(['scan', '--account', ACCOUNT, '--out', out], {
    cwd: ctx.workspace.dir,
    env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: ctx.emulator.url },
  });
}

describe('file-system errors without a path become one-line user errors naming it (exit 2)', () => {
  it.each([
    ['ENOSPC', 'no space left on the device holding {path} (ENOSPC): free some space or choose another --out folder.'],
    ['EROFS', '{path} is on a read-only file system (EROFS): choose another --out folder on a writable disk.'],
    [
      'EACCES',
      'permission denied for {path} (EACCES): fix its permissions or choose another --out folder you can ' +
        'write to.',
    ],
  ])('%s on the output folder is found before collecting', async (code, message) => {
    faults.list = [{ match: `out-${code}`, code }];
    const result = await scan(`out-${code}`);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: ${message.replace('{path}', path.join(ctx.workspace.dir, `out-${code}`))}\n`);
    expect(ctx.emulator.stats.total).toBe(0);
  });

  it('ENOSPC while writing a report names the report file', async () => {
    faults.list = [{ match: '.tmp-report.html', code: 'ENOSPC' }];
    const result = await scan('out-late');
    expect(result.code).toBe(2);
    const file = path.join(ctx.workspace.dir, 'out-late', 'report.html');
    expect(result.stderr).toContain(`error: no space left on the device holding ${file} (ENOSPC)`);
    expect(result.stderr).not.toContain('internal error');
  });

  it('writeFileAtomic gives a path-less error the file it was writing', async () => {
    faults.list = [{ match: 'x.json', code: 'ENOSPC' }];
    const file = path.join(ctx.workspace.dir, 'atomic', 'x.json');
    await expect(writeFileAtomic(file, '{}')).rejects.toMatchObject({ code: 'ENOSPC', path: file });
  });
});
