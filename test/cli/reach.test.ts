import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP, IDP, MCP_PORTAL, MCP_SERVER, POLICY, TARGET } from '../../examples/demo-account/source.js';
import { runCli, type CliRun } from './fixtures.js';
import { demoSnapshotDir, writeServiceAuthSnapshot } from './reach-fixtures.js';

interface Entry {
  type: string;
  id: string;
  name: string;
  decision: string;
  policy: string;
  assumes?: { attribute: string; holds: string }[];
  idp?: string;
  through?: { type: string; id: string; name: string };
}
interface Output {
  principal: Record<string, unknown>;
  reachable: Entry[];
}

let cwd: string;
let demo: string;
let small: string;
beforeAll(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'cfaa-reach-'));
  demo = await demoSnapshotDir(cwd);
  small = await writeServiceAuthSnapshot(path.join(cwd, 'service-auth'));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const cli = (...argv: string[]): Promise<CliRun> => runCli(argv, { cwd });

async function json(dir: string, ...flags: string[]): Promise<Output> {
  const run = await cli('reach', dir, ...flags, '--format', 'json');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as Output;
}

const find = (out: Output, id: string): Entry | undefined => out.reachable.find((e) => e.id === id);
const ENGINEER = ['--as', 'alice@northwind.example', '--group', 'engineering'];

describe('reach on the demo account', () => {
  it('lets an Okta engineer with MFA into the applications whose policies include the group', async () => {
    const out = await json(demo, ...ENGINEER, '--idp', 'okta workforce', '--auth-method', 'mfa');
    for (const [app, policy] of [
      [APP.wiki, POLICY.employees],
      [APP.hr, POLICY.employees],
      [APP.bastion, POLICY.sre],
    ]) {
      expect(find(out, app!)).toEqual(expect.objectContaining({ decision: 'allow', policy, idp: IDP.okta }));
      expect(find(out, app!)?.assumes).toBeUndefined();
    }
    expect(find(out, APP.status)?.decision).toBe('bypass');
    const infra = { type: 'access_application', id: APP.infra, name: 'Production servers (SSH)' };
    expect(find(out, TARGET.db)?.through).toEqual(infra);
    const portal = expect.objectContaining({ type: 'mcp_portal', id: MCP_PORTAL.engineering });
    expect(find(out, MCP_SERVER.github)?.through).toEqual(portal);
    expect(find(out, MCP_PORTAL.engineering)?.through).toEqual(expect.objectContaining({ id: APP.mcpPortal }));
    expect(find(out, MCP_PORTAL.support)).toBeUndefined();

    const finance = await json(
      demo,
      '--as',
      'alice@northwind.example',
      '--group',
      'finance',
      '--idp',
      'okta workforce',
      '--auth-method',
      'mfa',
    );
    expect(find(finance, APP.wiki)).toBeUndefined();
    expect(find(finance, TARGET.db)).toBeUndefined();
  });

  it('without --auth-method, reaches them only under an assumption about the authentication method', async () => {
    const out = await json(demo, ...ENGINEER, '--login-method', 'okta');
    expect(find(out, APP.wiki)?.assumes).toEqual([{ attribute: 'auth_method', holds: 'authentication method mfa' }]);
    expect(find(out, TARGET.db)?.assumes).toEqual([{ attribute: 'auth_method', holds: 'authentication method mfa' }]);
    const anyIdp = await json(demo, ...ENGINEER, '--auth-method', 'mfa');
    expect(find(anyIdp, APP.wiki)?.assumes).toEqual([{ attribute: 'idp', holds: 'has an account at Okta Workforce' }]);
  });

  it('lets an outsider into what is open to anyone only', async () => {
    const out = await json(demo, '--as', 'someone@gmail.com');
    const byId = new Map(out.reachable.map((e) => [e.id, e]));
    // Bypass for everyone: no login at all.
    expect(byId.get(APP.status)?.decision).toBe('bypass');
    expect(byId.get(APP.grafana)?.decision).toBe('bypass');
    // One-time PIN vouches for any mailbox: no assumption needed.
    expect(byId.get(APP.wikiUploads)).toMatchObject({ decision: 'allow', idp: IDP.otp });
    expect(byId.get(APP.wikiUploads)?.assumes ?? []).toEqual([]);
    // GitHub lets anyone sign up: reachable, assuming a GitHub account.
    expect(byId.get(APP.partners)?.assumes).toEqual([{ attribute: 'idp', holds: 'has an account at GitHub' }]);
    // Nothing else: the Okta-only, organization-gated and named-guest applications stay closed.
    expect([...byId.keys()].sort()).toEqual([APP.status, APP.grafana, APP.wikiUploads, APP.partners].sort());
  });

  it('prints exactly one JSON object of the documented shape, sorted by type, name and id', async () => {
    const run = await cli('reach', demo, ...ENGINEER, '--idp', IDP.okta, '--auth-method', 'mfa', '--format', 'json');
    const out = JSON.parse(run.stdout) as Output;
    expect(Object.keys(out)).toEqual(['principal', 'reachable']);
    expect(out.principal).toEqual({
      email: 'alice@northwind.example',
      idp: IDP.okta,
      groups: ['engineering'],
      authMethods: ['mfa'],
    });
    const allowed = ['type', 'id', 'name', 'decision', 'policy', 'assumes', 'idp', 'through'];
    for (const e of out.reachable) {
      expect(Object.keys(e).filter((k) => !allowed.includes(k))).toEqual([]);
      expect(['allow', 'bypass', 'non_identity']).toContain(e.decision);
      expect(typeof e.policy).toBe('string');
      if (e.type === 'access_application') expect(e.through).toBeUndefined();
      else expect(Object.keys(e.through ?? {})).toEqual(['type', 'id', 'name']);
    }
    expect(new Set(out.reachable.map((e) => e.type))).toEqual(
      new Set(['access_application', 'infrastructure_target', 'mcp_server', 'mcp_portal']),
    );
    const order = ['access_application', 'infrastructure_target', 'mcp_server', 'mcp_portal'];
    const sorted = [...out.reachable].sort(
      (a, b) => order.indexOf(a.type) - order.indexOf(b.type) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
    );
    expect(out.reachable.map((e) => e.id)).toEqual(sorted.map((e) => e.id));
  });

  it('prints a table by default: the principal, one row per resource, a count', async () => {
    const run = await cli('reach', demo, ...ENGINEER, '--idp', 'Okta Workforce');
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    const header = /^Reach of alice@northwind\.example \(via Okta Workforce; groups engineering; .*unknown: /;
    expect(lines[0]).toMatch(header);
    expect(lines[2]).toMatch(/^TYPE +NAME +DECISION +POLICY +THROUGH +ASSUMES$/);
    expect(lines.find((l) => l.includes('Internal Wiki'))).toMatch(
      /^application +Internal Wiki +allow +Employees via Okta with MFA +authentication method mfa$/,
    );
    expect(lines.find((l) => l.startsWith('target ') && l.includes('db-01'))).toContain('Production servers (SSH)');
    const { reachable } = await json(demo, ...ENGINEER, '--idp', 'Okta Workforce');
    const assumed = reachable.filter((e) => e.assumes !== undefined).length;
    expect(assumed).toBeGreaterThan(0);
    const countLine = `${reachable.length} resources reachable (${assumed} only under assumptions).`;
    expect(run.stdout.endsWith(`\n${countLine}\n`)).toBe(true);
  });

  it('refuses an unknown --idp (exit 2), listing the IdPs by name and id', async () => {
    const run = await cli('reach', demo, '--as', 'a@northwind.example', '--idp', 'Okta Workfroce');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('error: --idp "Okta Workfroce" matches no identity provider of the snapshot');
    expect(run.stderr).toContain(`Okta Workforce (${IDP.okta})`);
    expect(run.stderr).toContain(`One-time PIN (${IDP.otp})`);
    expect(run.stderr).toContain('Did you mean "Okta Workforce"?');
  });

  it.each([
    [[], '"reach" needs --as EMAIL'],
    [['--as', 'alice'], '--as takes an email address'],
    [['--as', 'a@b.example', '--country', 'USA'], '--country takes an ISO 3166-1 alpha-2 code'],
    [['--as', 'a@b.example', '--ip', '10.0.0.0/8'], '--ip takes one IPv4 or IPv6 address'],
    [['--as', 'a@b.example', '--idp', 'GitHub', '--login-method', 'okta'], 'name different identity providers'],
    [['--as', 'a@b.example', '--format', 'yaml'], '--format must be one of text, json'],
    [['--service-token', 'nope'], '--service-token "nope" matches no service token'],
    [['--service-token', 'CI deploy (GitHub Actions)', '--group', 'x'], '--group describes a login and needs --as'],
  ])('refuses %j with a usage error (exit 2)', async (flags, message) => {
    const run = await cli('reach', demo, ...flags);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain('Run "cf-access-audit reach --help" for usage.');
  });

  it('refuses a missing snapshot folder (exit 2) and prints help with --help', async () => {
    const missing = await cli('reach', 'no-such-folder', '--as', 'a@b.example');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no-such-folder does not exist');
    const help = await cli('reach', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: cf-access-audit reach SNAPSHOT_DIR --as EMAIL /);
    expect((await cli('--help')).stdout).toMatch(/\n {2}reach +What-if/);
  });
});

describe('reach with service tokens and conditions', () => {
  it('lets a service token into the Service Auth applications that accept it', async () => {
    for (const token of ['st-ci', 'ci', 'CI.ACCESS']) {
      const out = await json(small, '--service-token', token);
      expect(out.principal).toEqual({ groups: [], serviceToken: 'st-ci' });
      expect(out.reachable).toEqual([
        {
          type: 'access_application',
          id: 'app-deploy',
          name: 'Deploy hook',
          decision: 'non_identity',
          policy: 'pol-deploy',
        },
        {
          type: 'access_application',
          id: 'app-metrics',
          name: 'Metrics',
          decision: 'non_identity',
          policy: 'pol-metrics',
        },
      ]);
    }
    expect(find(await json(small, '--service-token', 'old'), 'app-metrics')).toBeUndefined();
  });

  it('judges the source address when given, and assumes it otherwise', async () => {
    const person = ['--as', 'bob@example.com', '--login-method', 'onetimepin'];
    expect(find(await json(small, ...person, '--ip', '10.1.2.3'), 'app-office')).toEqual({
      type: 'access_application',
      id: 'app-office',
      name: 'Office',
      decision: 'allow',
      policy: 'pol-office',
      idp: 'idp-otp',
    });
    expect(find(await json(small, ...person, '--ip', '192.0.2.1'), 'app-office')).toBeUndefined();
    const assumed = find(await json(small, ...person), 'app-office');
    expect(assumed?.assumes).toEqual([{ attribute: 'ip', holds: 'IP 10.0.0.0/8' }]);
  });

  it('refuses a --login-method type two IdPs share', async () => {
    const run = await cli('reach', small, '--as', 'bob@example.com', '--login-method', 'okta');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--login-method "okta" matches 2 identity providers (');
    expect(run.stderr).toContain('Okta (idp-okta)');
    expect(run.stderr).toContain('Okta Contractors (idp-okta-2)');
  });

  it('reports nothing reachable with exit 0', async () => {
    const run = await cli('reach', small, '--as', 'eve@elsewhere.example', '--login-method', 'onetimepin');
    expect(run).toEqual({ code: 0, stderr: '', stdout: expect.stringMatching(/\n0 resources reachable\.\n$/) });
  });
});
