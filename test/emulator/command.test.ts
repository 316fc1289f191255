import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runEmulatorCommand } from '../../src/emulator/command.js';
import { startEmulator } from '../../src/emulator/server.js';
import { writeSnapshot } from '../../src/snapshot/write.js';
import { ACCOUNT, smallSnapshot } from './fixtures.js';
import { RESOURCE_TYPES } from '../../src/catalog/resource-types.js';

let dir: string | undefined;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function writeSmall(edit?: (s: ReturnType<typeof smallSnapshot>) => void): Promise<string> {
  dir = await mkdtemp(path.join(tmpdir(), 'cfaa-emu-'));
  const snapshot = smallSnapshot(3);
  edit?.(snapshot);
  await writeSnapshot(
    dir,
    snapshot.manifest,
    RESOURCE_TYPES.flatMap((t) => snapshot.resources[t]),
  );
  return dir;
}

describe('runEmulatorCommand', () => {
  it('serves a snapshot folder and prints the base URL and environment', async () => {
    const folder = await writeSmall();
    let printed = '';
    const handle = await runEmulatorCommand({
      snapshotDir: folder,
      token: 'tok-123',
      write: (t) => {
        printed += t;
      },
    });
    try {
      expect(printed).toContain(`CLOUDFLARE_BASE_URL=${handle.url}`);
      expect(printed).toContain('CLOUDFLARE_API_TOKEN=tok-123');
      expect(printed).toContain(`CLOUDFLARE_ACCOUNT_ID=${ACCOUNT}`);
      const response = await fetch(`${handle.url}/accounts/${ACCOUNT}/access/apps`, {
        headers: { authorization: 'Bearer tok-123' },
      });
      expect(((await response.json()) as { result: unknown[] }).result).toHaveLength(3);
    } finally {
      await handle.close();
    }
  });

  it('serves several snapshot folders, one account each, and prints how to scan them all', async () => {
    const first = await writeSmall();
    const second = path.join(first, 'other');
    const other = 'aaaabbbbccccddddeeeeffff00001111';
    const snapshot = smallSnapshot(2);
    snapshot.manifest.account_id = other;
    snapshot.manifest.zone_ids = [];
    snapshot.manifest.zone_coverage = {};
    snapshot.resources.access_group = [];
    await writeSnapshot(
      second,
      snapshot.manifest,
      RESOURCE_TYPES.flatMap((t) => snapshot.resources[t]).map((r) => ({
        ...r,
        scope: { kind: 'account', id: other },
      })),
    );
    let printed = '';
    const handle = await runEmulatorCommand({
      snapshotDirs: [first, second],
      token: 'tok-456',
      write: (t) => {
        printed += t;
      },
    });
    try {
      expect(handle.accountIds).toEqual([ACCOUNT, other]);
      expect(printed).toContain(`  ${ACCOUNT}  ${first}\n  ${other}  ${second}\n`);
      expect(printed).toContain(`CLOUDFLARE_ACCOUNT_ID=${ACCOUNT}`);
      expect(printed).toContain(`--account ${ACCOUNT} --account ${other}`);
      const response = await fetch(`${handle.url}/accounts/${other}/access/apps`, {
        headers: { authorization: 'Bearer tok-456' },
      });
      expect(((await response.json()) as { result: unknown[] }).result).toHaveLength(2);
    } finally {
      await handle.close();
    }
  });

  it('generates a random token when none is given', async () => {
    const folder = await writeSmall();
    let printed = '';
    const handle = await runEmulatorCommand({
      snapshotDir: folder,
      write: (t) => {
        printed += t;
      },
    });
    await handle.close();
    expect(printed).toMatch(/CLOUDFLARE_API_TOKEN=[A-Za-z0-9_-]{32}\n/);
  });
});

describe('coverage replay', () => {
  it('answers a type the snapshot could not collect as the API answered it', async () => {
    const snapshot = smallSnapshot(1);
    snapshot.manifest.coverage.service_token = { status: 'forbidden', count: 0, requests: 1, http_status: 403 };
    snapshot.manifest.coverage.mcp_server = { status: 'not_collected', count: 0, requests: 1, http_status: 404 };
    const emulator = await startEmulator({ snapshot, credentials: { apiTokens: ['t'] } });
    try {
      const get = (p: string) =>
        fetch(`${emulator.url}/accounts/${ACCOUNT}${p}`, { headers: { authorization: 'Bearer t' } });
      expect((await get('/access/service_tokens')).status).toBe(403);
      expect((await get('/access/ai-controls/mcp/servers')).status).toBe(404);
      expect((await get('/access/apps')).status).toBe(200);
    } finally {
      await emulator.close();
    }
  });

  it('names a busy port and what to do', async () => {
    const first = await startEmulator({ snapshot: smallSnapshot(1) });
    try {
      await expect(startEmulator({ snapshot: smallSnapshot(1), port: first.port })).rejects.toThrow(
        `Port ${first.port} on 127.0.0.1 is already in use`,
      );
    } finally {
      await first.close();
    }
  });

  it('refuses to start without a snapshot', async () => {
    await expect(startEmulator({})).rejects.toThrow(/needs a snapshot/);
  });
});
