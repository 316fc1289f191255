import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSnapshot } from '../../src/snapshot/write.js';
import { ACCOUNT, TOKEN, accountSnapshot, makeWorkspace, runCli, type Workspace } from './fixtures.js';

type Json = Record<string, any>;

let ws: Workspace;
let snapshotDir: string;
beforeAll(async () => {
  ws = await makeWorkspace();
  snapshotDir = path.join(ws.dir, 'repo', 'cloudflare-access', ACCOUNT);
  const snapshot = accountSnapshot();
  await writeSnapshot(snapshotDir, snapshot.manifest, Object.values(snapshot.resources).flat());
});
afterAll(async () => {
  await rm(ws.dir, { recursive: true, force: true });
});

async function evaluate(out: string, ...extra: string[]) {
  return runCli(
    ['evaluate', snapshotDir, '--out', out, '--config', ws.configFile, '--format', 'sarif', '--quiet', ...extra],
    { cwd: ws.dir },
  );
}

async function firstLocation(out: string): Promise<Json> {
  const log = JSON.parse(await readFile(path.join(ws.dir, out, 'report.sarif'), 'utf8')) as Json;
  expect(log.runs[0].originalUriBaseIds).toHaveProperty(['%SRCROOT%']);
  return log.runs[0].results[0].locations[0].physicalLocation;
}

describe('--sarif-root', () => {
  it(
    'makes SARIF URIs relative to the repository root, ' + 'pointing at the line of the field in the file on disk',
    async () => {
      const run = await evaluate('out', '--sarif-root', 'repo');
      expect(run.code, run.stderr).toBe(1);
      const location = await firstLocation('out');
      const uri = `cloudflare-access/${ACCOUNT}/access_application/app-admin.json`;
      expect(location.artifactLocation).toEqual({ uri, uriBaseId: '%SRCROOT%' });
      const lines = (await readFile(path.join(ws.dir, 'repo', uri), 'utf8')).split('\n');
      expect(lines[location.region.startLine - 1]).toBe('  "name": "admin",');
    },
  );

  it('reads output.sarif_root from the configuration file, relative to it', async () => {
    // The configuration lives in another folder, so its `repo` is not the one holding the snapshot.
    const config = await makeWorkspace({ output: { sarif_root: 'repo' } });
    const run = await runCli(
      ['evaluate', snapshotDir, '--out', 'from-config', '--config', config.configFile, '--format', 'sarif', '--quiet'],
      { cwd: ws.dir },
    );
    await rm(config.dir, { recursive: true, force: true });
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`is outside --sarif-root ${path.join(config.dir, 'repo')}`);
  });

  it('refuses a snapshot outside the root: exit 2 naming both folders', async () => {
    const run = await evaluate('outside', '--sarif-root', 'repo/cloudflare-access/other');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(snapshotDir);
    expect(run.stderr).toContain(path.join(ws.dir, 'repo', 'cloudflare-access', 'other'));
  });

  it('scan refuses it before sending any request', async () => {
    // Port 9 (discard) on loopback: a request would fail with a connection error, not a usage error.
    const env = { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: 'http://127.0.0.1:9/client/v4' };
    const run = await runCli(
      ['scan', '--account', ACCOUNT, '--out', 'scan-out', '--sarif-root', 'repo', '--config', ws.configFile, '--quiet'],
      { cwd: ws.dir, env },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${path.join(ws.dir, 'scan-out', 'snapshot')} is outside --sarif-root`);
  });
});
