import { describe, expect, it } from 'vitest';
import { rulesCommand } from '../../../src/cli/commands/rules.js';
import { run } from '../../../src/cli/run.js';
import { ruleYaml, tempTree } from '../../engine/helpers.js';

function capture() {
  let out = '';
  let err = '';
  return {
    io: { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) } },
    out: () => out,
    err: () => err,
  };
}

const goodRule = ruleYaml({ check: 'http_only_cookie_attribute = true', message: `"App {{$name}} ({{$id}})."` });

describe('rules command', () => {
  it('list prints a table and --json', async () => {
    const c = capture();
    expect(await rulesCommand(['list'], c.io)).toBe(0);
    expect(c.out()).toMatch(/^ID\s+RESOURCE\s+SEVERITY\s+TITLE\s+FRAMEWORKS\n/);
    expect(c.out()).toMatch(
      /access-application-http-only-cookie\s+access_application\s+medium\s+Access application cookies are HttpOnly/,
    );
    const j = capture();
    expect(await rulesCommand(['list', '--json'], j.io)).toBe(0);
    const list = JSON.parse(j.out()) as { id: string }[];
    expect(list.map((r) => r.id)).toContain('mcp-portal-secure-web-gateway');
  });

  it('show prints metadata, options and the check; unknown id exits 2', async () => {
    const c = capture();
    expect(await rulesCommand(['show', 'access-application-session-duration'], c.io)).toBe(0);
    expect(c.out()).toMatch(/max_hours = 24\s+Longest allowed application session, in hours\./);
    expect(c.out()).toMatch(/Check:\n\s+\(/);
    const joined = capture();
    expect(await rulesCommand(['show', 'mcp-server-access-protected'], joined.io)).toBe(0);
    expect(joined.out()).toMatch(/Setup \(once per snapshot, as \$setup\):\n\s+\S/);
    const typed = capture();
    expect(await rulesCommand(['show', 'access-application-bookmark-https'], typed.io)).toBe(0);
    expect(typed.out()).toMatch(/Applies to:\n\s+type in \["bookmark"\]/);
    const bad = capture();
    expect(await rulesCommand(['show', 'no-such-rule'], bad.io)).toBe(2);
    expect(bad.err()).toMatch(/no rule with id, alias or catalog id "no-such-rule"/);
  });

  it('test DIR: passes, reports failing cases with file and case name, exit 1; load errors exit 2', async () => {
    const ok = tempTree({
      'access_application/access-application-test-rule.yaml': goodRule,
      'access_application/access-application-test-rule.test.yaml':
        'pass:\n  - name: on\n    resource: { id: a, http_only_cookie_attribute: true }\nfail:\n  - name: off\n   ' +
        ' resource: { id: b, name: bee, http_only_cookie_attribute: false }\n    message: "App bee (b)."\n',
    });
    const c = capture();
    expect(await rulesCommand(['test', ok], c.io)).toBe(0);
    expect(c.out()).toMatch(/3 passed, 0 failed/);

    const failing = tempTree({
      'access_application/access-application-test-rule.yaml': goodRule,
      'access_application/access-application-test-rule.test.yaml':
        'pass:\n  - name: wrongly expected pass\n    resource: { id: a, http_only_cookie_attribute: false ' +
        '}\nfail:\n  - name: wrong message\n    resource: { id: b, name: bee, http_only_cookie_attribute: false }\n' +
        '    message: "Something else."\n',
    });
    const f = capture();
    expect(await rulesCommand(['test', failing], f.io)).toBe(1);
    expect(f.out()).toMatch(
      /FAIL .*access-application-test-rule.test.yaml › pass › wrongly expected pass\n\s+expected status pass, got fail/,
    );
    expect(f.out()).toMatch(/› fail › wrong message\n\s+message differs/);
    expect(f.out()).toMatch(/1 passed, 2 failed/);

    const broken = tempTree({ 'access_application/access-application-test-rule.yaml': ruleYaml({ check: 'a = = 1' }) });
    const b = capture();
    expect(await rulesCommand(['test', broken], b.io)).toBe(2);
    expect(b.err()).toMatch(/access-application-test-rule.yaml \(check\): JSONata syntax error/);
  });

  it('usage errors exit 2 with help', async () => {
    const c = capture();
    expect(await rulesCommand(['frobnicate'], c.io)).toBe(2);
    expect(c.err()).toMatch(/Usage: cf-access-audit rules/);
    expect(await rulesCommand(['--help'], c.io)).toBe(0);
  });
});

interface ListedRule {
  id: string;
  severity: string;
  frameworks: Record<string, string[]>;
}

async function listJson(...args: string[]): Promise<ListedRule[]> {
  const c = capture();
  expect(await rulesCommand(['list', '--json', ...args], c.io)).toBe(0);
  return JSON.parse(c.out()) as ListedRule[];
}

describe('rules list with the report filters', () => {
  it("shows each rule's framework controls", async () => {
    const c = capture();
    expect(await rulesCommand(['list'], c.io)).toBe(0);
    const row =
      /\naccess-application-http-only-cookie\s+access_application\s+medium\s+.+\s+nist:\S+ cis:\S+ iso:\S+ soc2:\S+\n/;
    expect(c.out()).toMatch(row);
  });

  it('filters by --severity (a minimum), --rule (globs, catalog ids) and --framework (name or control)', async () => {
    const all = await listJson();
    const high = await listJson('--severity', 'high');
    expect(high.length).toBeGreaterThan(0);
    expect(high.length).toBeLessThan(all.length);
    expect(new Set(high.map((r) => r.severity))).toEqual(new Set(['critical', 'high']));
    expect((await listJson('--rule', 'mcp-portal-*')).every((r) => r.id.startsWith('mcp-portal-'))).toBe(true);
    expect((await listJson('--rule=ZTA-APP-006')).map((r) => r.id).sort()).toEqual([
      'access-application-preflight-bypass-off',
      'access-application-preflight-bypass-with-cors',
    ]);
    const control = await listJson('--framework', 'nist:AC-2*');
    expect(control.length).toBeGreaterThan(0);
    expect(control.every((r) => r.frameworks['nist-800-53']!.some((c) => c.startsWith('AC-2')))).toBe(true);
  });

  it('rejects an unknown framework or severity with a hint, and filters on other subcommands', async () => {
    let err = '';
    const io = {
      stdout: { write: () => true },
      stderr: { write: (s: string) => (err += s) },
      env: {},
      cwd: process.cwd(),
      now: () => new Date(0),
    };
    expect(await run(['rules', 'list', '--framework', 'sox2'], io)).toBe(2);
    expect(err).toContain('--framework "sox2" names no framework; use one of nist-800-53, cis-controls-v8, iso-27001');
    expect(err).toContain('Did you mean "soc2"?');
    err = '';
    expect(await run(['rules', 'list', '--severity', 'urgent'], io)).toBe(2);
    expect(err).toContain('--severity must be one of critical, high, medium, low, info; got "urgent".');
    const c = capture();
    expect(await rulesCommand(['show', 'access-application-http-only-cookie', '--severity', 'high'], c.io)).toBe(2);
    expect(c.err()).toContain('--severity, --rule and --framework go with "rules list"');
  });
});

describe('rules show by catalog id', () => {
  it('shows every rule implementing the catalog id (an array with --json)', async () => {
    const c = capture();
    expect(await rulesCommand(['show', 'zta-app-006'], c.io)).toBe(0);
    expect(c.out()).toMatch(/^access-application-preflight-bypass-off {2}\[/m);
    expect(c.out()).toMatch(/^access-application-preflight-bypass-with-cors {2}\[/m);
    const j = capture();
    expect(await rulesCommand(['show', 'ZTA-KEY-001', '--json'], j.io)).toBe(0);
    const ids = (JSON.parse(j.out()) as { id: string }[]).map((r) => r.id);
    expect(ids).toEqual(['access-keys-rotation-interval-limited']);
    const bad = capture();
    expect(await rulesCommand(['show', 'ZTA-NOPE-001'], bad.io)).toBe(2);
    expect(bad.err()).toContain('no rule with id, alias or catalog id "ZTA-NOPE-001"');
  });
});
