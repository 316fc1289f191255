import { loadAllRules } from '../../src/engine/load-rules.js';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildDemoAccount, plantedYaml } from '../../examples/demo-account/build.js';
import { TUNNEL } from '../../examples/demo-account/source.js';
import { redactSecrets } from '../../src/collectors/secret-fields.js';
import { ruleRecordsOf } from '../../src/engine/policy-records.js';
import { DEMO_ACCOUNT_DIR } from '../../src/paths.js';
import { readSnapshot } from '../../src/snapshot/read.js';
import { RESOURCE_TYPES } from '../../src/catalog/resource-types.js';
import { REDACTED, type Snapshot } from '../../src/snapshot/types.js';
import { writeSnapshot } from '../../src/snapshot/write.js';

const SOURCE_FILES = new Set(['source.ts', 'build.ts', 'planted.yaml']);

async function snapshotFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const rel = path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    if (!SOURCE_FILES.has(rel)) out.push(rel);
  }
  return out.sort();
}

let snapshot: Snapshot;
beforeAll(async () => {
  snapshot = await readSnapshot(DEMO_ACCOUNT_DIR);
});

describe('examples/demo-account', () => {
  let built: string;
  beforeAll(async () => {
    built = await mkdtemp(path.join(tmpdir(), 'cfaa-demo-'));
    const { manifest, records } = buildDemoAccount();
    await writeSnapshot(built, manifest, records);
  });
  afterAll(async () => rm(built, { recursive: true, force: true }));

  it('is exactly what source.ts produces (run `npx tsx scripts/build-demo-account.ts` after editing it)', async () => {
    const committed = await snapshotFiles(DEMO_ACCOUNT_DIR);
    expect(committed).toEqual(await snapshotFiles(built));
    for (const file of committed) {
      expect(await readFile(path.join(DEMO_ACCOUNT_DIR, file), 'utf8'), file).toBe(
        await readFile(path.join(built, file), 'utf8'),
      );
    }
    expect(await readFile(path.join(DEMO_ACCOUNT_DIR, 'planted.yaml'), 'utf8')).toBe(plantedYaml());
  });

  it('reads back as a valid snapshot with at least one resource of every type', () => {
    expect(snapshot.manifest.account_id).toBe('0123456789abcdef0123456789abcdef');
    for (const type of RESOURCE_TYPES) {
      expect(snapshot.resources[type].length, type).toBeGreaterThan(0);
      expect(snapshot.manifest.coverage[type].status).toBe('ok');
    }
  });

  it('has one application of every app type, and SaaS in both SAML and OIDC form', () => {
    const apps = snapshot.resources.access_application.map(
      (r) => r.data as { type: string; saas_app?: { auth_type?: string } },
    );
    expect(new Set(apps.map((a) => a.type))).toEqual(
      new Set([
        'self_hosted',
        'saas',
        'ssh',
        'vnc',
        'rdp',
        'app_launcher',
        'warp',
        'biso',
        'bookmark',
        'dash_sso',
        'infrastructure',
        'mcp',
        'mcp_portal',
        'proxy_endpoint',
      ]),
    );
    const saas = apps
      .filter((a) => a.type === 'saas')
      .map((a) => a.saas_app?.auth_type)
      .sort();
    expect(saas).toEqual(['oidc', 'saml']);
  });

  it('publishes tunnel hostnames with and without an Access application in front of them', () => {
    const domains = new Set(snapshot.resources.access_application.map((r) => r.data['domain']));
    type Rule = { hostname?: string; service: string; originRequest?: { access?: { required?: boolean } } };
    const ingress = new Map(
      snapshot.resources.tunnel_configuration.map(
        (r) => [r.key, (r.data['config'] as { ingress: Rule[] }).ingress] as const,
      ),
    );
    const unprotected = [...ingress].flatMap(([tunnel, rules]) =>
      rules.filter((rule) => rule.hostname && !domains.has(rule.hostname)).map((rule) => `${tunnel} ${rule.hostname}`),
    );
    expect(unprotected).toEqual([`${TUNNEL.observability} grafana-direct.northwind.example`]);
    expect(ingress.get(TUNNEL.prod)!.some((rule) => rule.originRequest?.access?.required === true)).toBe(true);
    for (const rules of ingress.values()) expect(rules.at(-1)).toEqual({ service: 'http_status:404' });
    // The locally-managed tunnel has no configuration in the API.
    const local = snapshot.resources.tunnel.filter((r) => r.data['config_src'] === 'local').map((r) => r.key);
    expect(local).toEqual([TUNNEL.datacenter]);
    expect([...ingress.keys()].sort()).toEqual([TUNNEL.prod, TUNNEL.observability].sort());
  });

  it(
    'lists planted misconfigurations and clean resources that exist in the snapshot (app-scoped policies ' +
      'included)',
    async () => {
      const doc = parse(await readFile(path.join(DEMO_ACCOUNT_DIR, 'planted.yaml'), 'utf8')) as {
        planted: {
          catalog_id?: string;
          rule_id?: string;
          resource_type: keyof Snapshot['resources'];
          resource_id: string;
          note: string;
        }[];
        clean: { resource_type: keyof Snapshot['resources']; resource_id: string }[];
      };
      expect(doc.planted.length).toBeGreaterThanOrEqual(25);
      const recordsOf = ruleRecordsOf(snapshot);
      for (const entry of [...doc.planted, ...doc.clean]) {
        expect(
          recordsOf(entry.resource_type).some((r) => r.key === entry.resource_id),
          `${entry.resource_type} ${entry.resource_id}`,
        ).toBe(true);
      }
      const ruleIds = new Set((await loadAllRules()).map((r) => r.id));
      for (const entry of doc.planted) {
        if (entry.rule_id !== undefined) expect(ruleIds.has(entry.rule_id), entry.rule_id).toBe(true);
        else expect(entry.catalog_id).toMatch(/^ZTA-[A-Z]+-\d{3}$/);
      }
      const cleanKeys = new Set(doc.clean.map((c) => `${c.resource_type}/${c.resource_id}`));
      for (const entry of doc.planted) expect(cleanKeys.has(`${entry.resource_type}/${entry.resource_id}`)).toBe(false);
      const cleanTypes = new Set(doc.clean.map((c) => c.resource_type));
      expect(RESOURCE_TYPES.filter((t) => !cleanTypes.has(t))).toEqual(['organization']);
      for (const id of ['ZTA-APP-001', 'ZTA-APP-006', 'ZTA-APP-007', 'ZTA-MCPS-005', 'ZTA-MCPP-002']) {
        expect(doc.planted.map((p) => p.catalog_id)).toContain(id);
      }
    },
  );

  it('holds no secret in clear: every secret field is redacted', () => {
    const secrets: unknown[] = [];
    for (const r of snapshot.resources.identity_provider) {
      const d = r.data as { config?: { client_secret?: unknown }; scim_config?: { secret?: unknown } };
      if (d.config && 'client_secret' in d.config) secrets.push(d.config.client_secret);
      if (d.scim_config && 'secret' in d.scim_config) secrets.push(d.scim_config.secret);
    }
    for (const r of snapshot.resources.access_application) {
      const d = r.data as { saas_app?: { client_secret?: unknown } };
      if (d.saas_app && 'client_secret' in d.saas_app) secrets.push(d.saas_app.client_secret);
    }
    expect(secrets.length).toBeGreaterThan(3);
    expect(new Set(secrets)).toEqual(new Set([REDACTED]));
    // And by the collectors' own secret list: redacting again changes nothing.
    for (const type of RESOURCE_TYPES) {
      for (const record of snapshot.resources[type])
        expect(redactSecrets(type, record.data), record.file).toEqual(record.data);
    }
  });
});
