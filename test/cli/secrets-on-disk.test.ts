import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/server.js';
import { makeResourceRecord } from '../../src/snapshot/layout.js';
import { snapshotOf } from '../emulator/fixtures.js';
import { ACCOUNT, filesContaining, listFiles, runCli, type CliRun } from './fixtures.js';

const TOKEN = 'Sup3rSecretApiToken-0123456789abcdefXYZ';
const IDP_KEY = '-----BEGIN PRIVATE KEY-----MIIEvQIBADANBgkqhkiG9w0BAQEFAASC';
const OIDC_SECRET = 'oidc-client-secret-value-987654321';
const SCIM_TOKEN = 'scim-bearer-token-value-555';

let emulator: EmulatorHandle;
let cwd: string;
let result: CliRun;

beforeAll(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'cfaa-secrets-'));
  const account = { kind: 'account', id: ACCOUNT } as const;
  const snapshot = snapshotOf([
    makeResourceRecord('identity_provider', account, {
      id: 'idp-1',
      name: 'Okta',
      type: 'oidc',
      config: { client_id: 'cid', client_secret: OIDC_SECRET, private_key: IDP_KEY, signing_key: IDP_KEY, claims: [] },
      scim_config: { enabled: true, secret: SCIM_TOKEN },
    }),
    makeResourceRecord('access_application', account, {
      id: 'app-1',
      name: `App mentioning ${TOKEN}`,
      type: 'self_hosted',
      domain: 'app.example.com',
      policies: [
        {
          id: 'p1',
          name: 'Everyone',
          decision: 'allow',
          include: [{ everyone: {} }],
          exclude: [],
          require: [],
        },
      ],
      scim_config: { enabled: true, authentication: { scheme: 'oauthbearertoken', token: SCIM_TOKEN } },
      custom: { nested: { refresh_token: SCIM_TOKEN, api_key: OIDC_SECRET } },
    }),
    makeResourceRecord('access_group', account, { id: 'g-1', name: `group ${TOKEN}`, include: [{ everyone: {} }] }),
    makeResourceRecord('organization', account, { name: 'Org', auth_domain: 'org.cloudflareaccess.com' }),
  ]);
  emulator = await startEmulator({ snapshot, credentials: { apiTokens: [TOKEN] } });
  result = await runCli(['scan', '--account', ACCOUNT, '--out', 'out', '--verbose', '--allow-partial'], {
    cwd,
    env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emulator.url },
  });
}, 120_000);

afterAll(async () => {
  await emulator.close();
  await rm(cwd, { recursive: true, force: true });
});

describe('secrets never reach disk or the terminal', () => {
  it('the scan ran and wrote every report and the snapshot', async () => {
    expect(result.stderr).not.toContain('internal error');
    expect([0, 1]).toContain(result.code);
    expect(await listFiles(path.join(cwd, 'out'))).toEqual(
      expect.arrayContaining([
        'findings.json',
        'report.html',
        'report.sarif',
        'summary.md',
        'snapshot/identity_provider/idp-1.json',
      ]),
    );
  });

  it.each([
    ['the API token', TOKEN],
    ['the IdP private key', IDP_KEY],
    ['the OIDC client secret', OIDC_SECRET],
    ['the SCIM token', SCIM_TOKEN],
  ])('%s is in no file and not on stderr or stdout', async (_what, secret) => {
    expect(await filesContaining(path.join(cwd, 'out'), secret)).toEqual([]);
    expect(result.stderr).not.toContain(secret);
    expect(result.stdout).not.toContain(secret);
  });
});
