/** collectAccount against the emulator's trust faults: result_info shapes, foreign 404s, every type 404, a stop. */
import { afterEach, describe, expect, it } from 'vitest';
import { CloudflareClient } from '../../src/client/client.js';
import { ALL_NOT_FOUND, collectAccount } from '../../src/collectors/collect-account.js';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/server.js';
import type { EmulatorFaults, ResultInfoShape } from '../../src/emulator/faults.js';
import { RESOURCE_TYPES } from '../../src/catalog/resource-types.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { ACCOUNT_ID, fixtureSnapshot } from './fixture.js';

const TOKEN = 'collector-trust-token-1a2b3c';
const handles: { emulator: EmulatorHandle; client: CloudflareClient }[] = [];

afterEach(async () => {
  for (const { emulator, client } of handles.splice(0)) {
    await client.close();
    await emulator.close();
  }
});

async function setup(
  snapshot: Snapshot,
  faults: EmulatorFaults = {},
): Promise<{ emulator: EmulatorHandle; client: CloudflareClient }> {
  const emulator = await startEmulator({ snapshot, faults, credentials: { apiTokens: [TOKEN] } });
  const client = new CloudflareClient({
    credentials: { kind: 'token', token: TOKEN },
    baseUrl: emulator.url,
    backoffBaseMs: 1,
    backoffMaxMs: 2,
    maxAttempts: 2,
  });
  handles.push({ emulator, client });
  return { emulator, client };
}

const groups = Array.from({ length: 11 }, (_, i) => ({ id: `grp-x${String(i).padStart(2, '0')}`, name: `G${i}` }));

describe('collectAccount: paging as servers really answer', () => {
  it.each(['published', 'strings', 'missing', 'one_page'] as ResultInfoShape[])(
    'reads every item when result_info is %s and the server clamps per_page to 4',
    async (shape) => {
      const { emulator, client } = await setup(fixtureSnapshot({ redacted: true, extra: { access_group: groups } }), {
        resultInfo: { access_group: shape },
        clampPerPage: { access_group: 4 },
      });
      const { manifest, records } = await collectAccount({ client, accountId: ACCOUNT_ID, types: ['access_group'] });
      // Without result_info, page 1's size is the page size, and an empty page 4 confirms the end.
      const requests = shape === 'missing' ? 4 : 3;
      expect(manifest.coverage.access_group).toEqual({ status: 'ok', count: 12, requests });
      expect(records).toHaveLength(12);
      expect(emulator.stats.total).toBe(requests);
    },
  );
});

describe('collectAccount: what a 404 means', () => {
  it("keeps not_collected for the API's own 404, and makes a 404 that is not a v4 envelope an error", async () => {
    const { client } = await setup(fixtureSnapshot({ redacted: true }), {
      notFound: ['mcp_portal'],
      notFoundBody: { mcp_server: 'html', access_tag: 'problem_json', bookmark: 'empty' },
    });
    const { manifest, problem } = await collectAccount({ client, accountId: ACCOUNT_ID });
    expect(problem).toBeUndefined();
    expect(manifest.coverage.mcp_portal.status).toBe('not_collected');
    for (const type of ['mcp_server', 'access_tag', 'bookmark'] as const) {
      expect(manifest.coverage[type]).toMatchObject({ status: 'error', http_status: 404 });
      expect(manifest.coverage[type].message).toContain("HTTP 404 that is not the Cloudflare API's answer");
      expect(manifest.coverage[type].message).toContain('check CLOUDFLARE_BASE_URL');
    }
  });

  it('says the base URL or account is probably wrong when every type answers 404; none is not_collected', async () => {
    const { client } = await setup(fixtureSnapshot({ redacted: true }), { notFound: [...RESOURCE_TYPES] });
    const { manifest, problem } = await collectAccount({ client, accountId: ACCOUNT_ID });
    expect(problem).toBe(ALL_NOT_FOUND);
    expect(ALL_NOT_FOUND).toBe('every endpoint answered 404: the base URL or account is probably wrong');
    for (const type of RESOURCE_TYPES) {
      expect(manifest.coverage[type]).toMatchObject({ status: 'error', http_status: 404 });
      expect(manifest.coverage[type].message).toContain(ALL_NOT_FOUND);
    }
  });
});

describe('collectAccount: a stopped client', () => {
  it('writes what was read; the types not finished are error, saying why', async () => {
    const { emulator, client } = await setup(fixtureSnapshot({ redacted: true }), { hang: ['access_tag'] });
    const collecting = collectAccount({ client, accountId: ACCOUNT_ID });
    // Let every type be asked for (the quick ones answered); the hanging one never will be. Event-loop turns only.
    while (Object.keys(emulator.stats.byType).length < RESOURCE_TYPES.length) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    client.stop('stopped by --timeout 1s before it finished');
    const { manifest, records } = await collecting;
    expect(manifest.coverage.access_tag).toMatchObject({ status: 'error', count: 0 });
    expect(manifest.coverage.access_tag.message).toContain('stopped by --timeout 1s before it finished');
    expect(manifest.coverage.access_tag.message).toContain('raise --timeout or collect again');
    expect(manifest.coverage.access_application.status).toBe('ok');
    expect(records.length).toBeGreaterThan(0);
  });
});
