import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT, TOKEN, runCli, useEmulatorWorkspace } from './fixtures.js';

const ctx = useEmulatorWorkspace();

afterEach(() => ctx.emulator.resetStats());

async function scan(out: string, ...args: string[]) {
  return runCli(['scan', '--account', ACCOUNT, '--out', out, ...args], {
    cwd: ctx.workspace.dir,
    env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: ctx.emulator.url },
  });
}

function oneLine(stderr: string): string {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('output folder problems are user errors (exit 2), found before any API request', () => {
  it('an --out that is a file', async () => {
    const file = path.join(ctx.workspace.dir, 'a-file');
    await writeFile(file, 'not a folder');
    const result = await scan('a-file');
    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toBe(
      `error: ${file} is a file, not a folder (EEXIST): move the file away or choose another --out folder.`,
    );
    expect(ctx.emulator.stats.total).toBe(0);
  });

  it('an --out below a file (what a read-only or unusable parent looks like even to root)', async () => {
    const file = path.join(ctx.workspace.dir, 'parent-file');
    await writeFile(file, 'x');
    const result = await scan('parent-file/out');
    expect(result.code).toBe(2);
    const line = oneLine(result.stderr);
    expect(line.startsWith(`error: part of ${file}/out is a file, not a folder (ENOTDIR)`)).toBe(true);
    expect(ctx.emulator.stats.total).toBe(0);
  });

  it('a symbolic link below --out: refused with the path and the fix, nothing written or deleted', async () => {
    const out = path.join(ctx.workspace.dir, 'out-link');
    const elsewhere = path.join(ctx.workspace.dir, 'elsewhere');
    await mkdir(path.join(out, 'snapshot'), { recursive: true });
    await mkdir(elsewhere, { recursive: true });
    await writeFile(path.join(elsewhere, 'precious.json'), '{}\n');
    await symlink(elsewhere, path.join(out, 'snapshot', 'access_group'));
    const result = await scan('out-link');
    expect(result.code).toBe(2);
    const link = path.join(out, 'snapshot', 'access_group');
    expect(oneLine(result.stderr)).toBe(
      `error: ${link}: is a symbolic link (to ${elsewhere}); ` +
        'cf-access-audit never writes or deletes through a link below the output folder. ' +
        'Remove the link (or replace it with a real folder), or choose another --out folder',
    );
    expect(await readdir(elsewhere)).toEqual(['precious.json']);
    expect(ctx.emulator.stats.total).toBe(0);
  });

  it('a symbolic link as the snapshot folder itself', async () => {
    const out = path.join(ctx.workspace.dir, 'out-snapshot-link');
    const elsewhere = path.join(ctx.workspace.dir, 'elsewhere-2');
    await mkdir(out, { recursive: true });
    await mkdir(path.join(elsewhere, 'access_group'), { recursive: true });
    await writeFile(path.join(elsewhere, 'access_group', 'g.json'), '{}\n');
    await symlink(elsewhere, path.join(out, 'snapshot'));
    const result = await scan('out-snapshot-link');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`error: ${path.join(out, 'snapshot')}: is a symbolic link`);
    expect(await readFile(path.join(elsewhere, 'access_group', 'g.json'), 'utf8')).toBe('{}\n');
  });
});

describe('emulator --port', () => {
  let blocker: Server;
  beforeAll(async () => {
    blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => new Promise<void>((resolve) => blocker.close(() => resolve())));

  it('a port already in use is a one-line user error naming the port (exit 2)', async () => {
    const port = (blocker.address() as AddressInfo).port;
    const result = await runCli(['emulator', '--port', String(port)], { cwd: ctx.workspace.dir });
    expect(result.code).toBe(2);
    expect(oneLine(result.stderr)).toBe(
      `error: port ${port} on 127.0.0.1 is already in use (EADDRINUSE): choose another --port, ` +
        'or --port 0 for a free one.',
    );
  });
});
