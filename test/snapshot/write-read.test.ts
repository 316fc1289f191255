import { mkdtemp, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeResourceRecord } from '../../src/snapshot/layout.js';
import { readSnapshot, readSnapshotManifest } from '../../src/snapshot/read.js';
import { writeSnapshot } from '../../src/snapshot/write.js';
import type { ResourceRecord } from '../../src/snapshot/types.js';
import { ACCOUNT, manifestFor } from './helpers.js';

const account = { kind: 'account', id: ACCOUNT } as const;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cfaa-snap-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function sample(): ResourceRecord[] {
  return [
    makeResourceRecord('access_application', account, {
      id: 'b-app',
      name: 'Wiki',
      type: 'self_hosted',
      domain: 'wiki.example.com',
    }),
    makeResourceRecord('access_application', account, { id: 'a-app', name: 'Grafana', type: 'self_hosted' }),
    makeResourceRecord('organization', account, { name: 'Example', auth_domain: 'example.cloudflareaccess.com' }),
    makeResourceRecord('access_tag', account, { name: 'prod / eu' }),
    makeResourceRecord('access_group', { kind: 'zone', id: 'zone1' }, { id: 'g1', name: 'Zone admins' }),
  ];
}

async function listAll(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile())
      out.push(path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
  }
  return out.sort();
}

describe('writeSnapshot / readSnapshot', () => {
  it('round-trips records and the manifest, sorted by file, keys in API order', async () => {
    const records = sample();
    const manifest = manifestFor(records, ['zone1']);
    await writeSnapshot(dir, manifest, records);

    expect(await listAll(dir)).toEqual([
      'access_application/a-app.json',
      'access_application/b-app.json',
      'access_tag/prod%20%2F%20eu.json',
      'manifest.json',
      'organization/organization.json',
      'zones/zone1/access_group/g1.json',
    ]);
    const text = await readFile(path.join(dir, 'access_application/b-app.json'), 'utf8');
    expect(text).toBe(
      '{\n  "id": "b-app",\n  "name": "Wiki",\n  "type": "self_hosted",\n  "domain": "wiki.example.com"\n}\n',
    );

    const snapshot = await readSnapshot(dir);
    expect(snapshot.manifest).toEqual(manifest);
    expect(snapshot.resources.access_application.map((r) => r.key)).toEqual(['a-app', 'b-app']);
    expect(snapshot.resources.access_tag[0]?.key).toBe('prod / eu');
    expect(snapshot.resources.organization[0]).toMatchObject({
      key: 'organization',
      file: 'organization/organization.json',
    });
    expect(snapshot.resources.access_group[0]?.scope).toEqual({ kind: 'zone', id: 'zone1' });
    expect(snapshot.resources.mcp_server).toEqual([]);
    expect(Object.keys(snapshot.resources.access_application[1]!.data)).toEqual(['id', 'name', 'type', 'domain']);
  });

  it('is deterministic: the same input writes byte-identical files', async () => {
    const records = sample();
    await writeSnapshot(dir, manifestFor(records, ['zone1']), records);
    const first = await Promise.all((await listAll(dir)).map((f) => readFile(path.join(dir, f), 'utf8')));
    await writeSnapshot(dir, manifestFor(records, ['zone1']), records);
    const second = await Promise.all((await listAll(dir)).map((f) => readFile(path.join(dir, f), 'utf8')));
    expect(second).toEqual(first);
  });

  it('replaces an older snapshot cleanly, leaving no stale or temp files but keeping foreign files', async () => {
    const records = sample();
    await writeSnapshot(dir, manifestFor(records, ['zone1']), records);
    await writeFile(path.join(dir, 'README.md'), 'my notes\n');
    await writeFile(path.join(dir, 'access_application', '.tmp-x.json.1.abc'), 'half');
    const fewer = records.filter((r) => r.key !== 'b-app' && r.scope.kind === 'account');
    await writeSnapshot(dir, manifestFor(fewer), fewer);
    expect(await listAll(dir)).toEqual([
      'README.md',
      'access_application/a-app.json',
      'access_tag/prod%20%2F%20eu.json',
      'manifest.json',
      'organization/organization.json',
    ]);
    expect((await readSnapshot(dir)).resources.access_application).toHaveLength(1);
  });

  it('writes atomically: no temp files remain and the manifest is written last', async () => {
    const records = sample();
    await writeSnapshot(dir, manifestFor(records, ['zone1']), records);
    expect((await listAll(dir)).some((f) => path.basename(f).startsWith('.tmp-'))).toBe(false);
    // A second write that fails midway (duplicate key) must not touch the existing snapshot.
    const dup = [...records, records[0]!];
    await expect(writeSnapshot(dir, manifestFor(dup, ['zone1']), dup)).rejects.toThrow(/share the key "b-app"/);
    await expect(readSnapshot(dir)).resolves.toBeTruthy();
  });

  it('refuses an invalid manifest or a record filed in the wrong place before writing anything', async () => {
    const records = sample();
    const bad = { ...manifestFor(records, ['zone1']), account_id: '' };
    await expect(writeSnapshot(dir, bad, records)).rejects.toThrow(/manifest.json: .*account_id/);
    const misplaced = [{ ...records[0]!, file: 'access_application/other.json' }];
    await expect(writeSnapshot(dir, manifestFor(misplaced), misplaced)).rejects.toThrow(
      /belongs in access_application\/b-app.json/,
    );
    expect(await listAll(dir)).toEqual([]);
  });
});

describe('readSnapshot validation', () => {
  beforeEach(async () => {
    const records = sample();
    await writeSnapshot(dir, manifestFor(records, ['zone1']), records);
  });

  async function editManifest(edit: (m: Record<string, unknown>) => void): Promise<void> {
    const file = path.join(dir, 'manifest.json');
    const manifest = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    edit(manifest);
    await writeFile(file, JSON.stringify(manifest));
  }

  it('refuses an unknown format_version, naming the file and what to do', async () => {
    await editManifest((m) => {
      m['format_version'] = 2;
    });
    await expect(readSnapshotManifest(dir)).rejects.toThrow(
      new RegExp(
        `${path.join(dir, 'manifest.json').replace(/[/\\.]/g, '\\$&')}: format_version 2 is not supported.*reads ` +
          `format 1`,
      ),
    );
  });

  it('round-trips an item without an id under its content key, and coverage warnings', async () => {
    const records = [
      ...sample(),
      makeResourceRecord('access_application', account, {
        name: 'No id',
        type: 'self_hosted',
        nested: { b: 1, a: [2] },
      }),
    ];
    const manifest = manifestFor(records, ['zone1']);
    manifest.coverage.access_application.warnings = ['1 item(s) have no usable "id"'];
    await writeSnapshot(dir, manifest, records);
    const keyless = records.at(-1)!;
    expect(keyless.key).toMatch(/^noid-[0-9a-f]{12}$/);
    expect(await listAll(dir)).toContain(`access_application/${keyless.key}.json`);
    const snapshot = await readSnapshot(dir);
    expect(snapshot.resources.access_application.map((r) => r.key)).toEqual(['a-app', 'b-app', keyless.key]);
    expect(snapshot.resources.access_application[2]!.data).toEqual(keyless.data);
    expect(snapshot.manifest.coverage.access_application.warnings).toEqual(['1 item(s) have no usable "id"']);
  });

  it('refuses a manifest of the wrong shape with the field named', async () => {
    await editManifest((m) => {
      delete (m['coverage'] as Record<string, unknown>)['mcp_portal'];
      m['extra'] = 1;
    });
    await expect(readSnapshot(dir)).rejects.toThrow(
      /manifest\.json: is not a valid snapshot manifest: .*unexpected field "extra".*coverage: missing field "mcp_portal"/,
    );
  });

  it('refuses a missing manifest (an unfinished collection)', async () => {
    await rm(path.join(dir, 'manifest.json'));
    await expect(readSnapshot(dir)).rejects.toThrow(/manifest\.json: not found.*never finished/);
  });

  it('refuses broken JSON in a manifest or a resource file, naming the file', async () => {
    await writeFile(path.join(dir, 'access_application', 'a-app.json'), '{"id": "a-app",');
    await expect(readSnapshot(dir)).rejects.toThrow(/access_application[/\\]a-app\.json: is not valid JSON/);
    await writeFile(path.join(dir, 'manifest.json'), 'nope');
    await expect(readSnapshot(dir)).rejects.toThrow(/manifest\.json: is not valid JSON/);
  });

  it('refuses a resource file of the wrong shape or under the wrong name', async () => {
    await writeFile(path.join(dir, 'access_application', 'a-app.json'), '[1]\n');
    await expect(readSnapshot(dir)).rejects.toThrow(/a-app\.json: must hold one JSON object .*found an array/);
    await writeFile(path.join(dir, 'access_application', 'a-app.json'), '{"id":"zzz"}\n');
    await expect(readSnapshot(dir)).rejects.toThrow(
      /a-app\.json: holds the access_application with key "zzz", which belongs in access_application\/zzz\.json/,
    );
    // An item without an id is keyed by its content, so it belongs under that key, not under another name.
    await writeFile(path.join(dir, 'access_application', 'a-app.json'), '{"name":"no id"}\n');
    await expect(readSnapshot(dir)).rejects.toThrow(
      /a-app\.json: holds the access_application with key "noid-[0-9a-f]{12}", which belongs in access_application\/noid-[0-9a-f]{12}\.json/,
    );
  });

  it('refuses a folder whose file count disagrees with the manifest coverage', async () => {
    await rm(path.join(dir, 'access_application', 'b-app.json'));
    await expect(readSnapshot(dir)).rejects.toThrow(
      /access_application[/\\]: holds 1 file\(s\) but manifest\.json coverage says 2/,
    );
  });

  it('refuses a zone folder the manifest does not list', async () => {
    await mkdir(path.join(dir, 'zones', 'zone2', 'access_group'), { recursive: true });
    await writeFile(path.join(dir, 'zones', 'zone2', 'access_group', 'g.json'), '{"id":"g"}\n');
    await expect(readSnapshot(dir)).rejects.toThrow(
      /g\.json: belongs to zone "zone2", which manifest\.json does not list/,
    );
  });
});
