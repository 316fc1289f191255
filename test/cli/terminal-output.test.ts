import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT_DIR } from '../../src/paths.js';
import { ACCOUNT, TOKEN, runCli, useEmulatorWorkspace } from './fixtures.js';

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'cfaa-terminal-'));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const evaluate = (args: string[], options: { isTTY?: boolean; env?: Record<string, string> } = {}) =>
  runCli(['evaluate', DEMO_ACCOUNT_DIR, ...args], { cwd, ...options });

interface Findings {
  accounts: { results: { rule_id: string; severity: string; status: string }[] }[];
}

describe('--out -: one format on stdout, no files', () => {
  it('writes findings.json to stdout and nothing to disk', async () => {
    const run = await evaluate(['--out', '-', '--format', 'json']);
    expect(run.code).toBe(1);
    const findings = JSON.parse(run.stdout) as Findings;
    expect(findings.accounts[0]!.results.some((r) => r.status === 'fail')).toBe(true);
    expect(run.stderr).toContain('report on stdout');
    expect(run.stderr.trimEnd().split('\n').at(-1)).toMatch(/^exit 1: \d+ findings at or above --fail-on high/);
    expect(await readdir(cwd)).toEqual([]);
  });

  it('prints the whole table, then the verdict, by default; plain text off a terminal', async () => {
    const run = await evaluate(['--out', '-', '--fail-on', 'critical']);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SEVERITY\s+RULE\s+RESOURCE\s+MESSAGE$/);
    expect(lines.at(-1)).toMatch(/^exit 1: 4 findings at or above --fail-on critical \(4 critical\)$/);
    expect(lines.length).toBeGreaterThan(30);
    expect(run.stdout).not.toContain('…');
    expect(run.stdout).not.toContain('\u001b[');
    expect(run.stderr).not.toContain('exit 1:');
  });

  it('writes SARIF and Markdown to stdout', async () => {
    const sarif = await evaluate(['--out', '-', '--format', 'sarif', '--quiet']);
    expect((JSON.parse(sarif.stdout) as { version: string }).version).toBe('2.1.0');
    const markdown = await evaluate(['--out', '-', '--format', 'markdown', '--quiet']);
    expect(markdown.stdout.startsWith('# Cloudflare Access audit\n')).toBe(true);
  });

  it('refuses what stdout cannot take, saying what to do', async () => {
    const two = await evaluate(['--out', '-', '--format', 'json', '--format', 'sarif']);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('--out - writes one format to stdout; got json, sarif.');
    const html = await evaluate(['--out', '-', '--format', 'html']);
    expect(html.stderr).toContain('--format html is a file: use --out DIR');
    const table = await evaluate(['--out', 'dir', '--format', 'table']);
    expect(table.code).toBe(2);
    expect(table.stderr).toContain('--format table prints to stdout: add --out -');
    const collect = await runCli(['collect', '--account', ACCOUNT, '--out', '-'], { cwd });
    expect(collect.code).toBe(2);
    expect(collect.stderr).toContain('"collect" writes a folder: --out - (stdout) is for scan, evaluate and merge');
    expect(await readdir(cwd)).toEqual([]);
  });
});

describe('the findings table on a terminal', () => {
  it('follows the reports on a terminal: coloured, capped, pointing at report.html, verdict last', async () => {
    const run = await evaluate(['--out', 'tty'], { isTTY: true });
    expect(run.stderr).toMatch(/\n\u001b\[1;31mcritical\u001b\[0m\s+access-/);
    expect(run.stderr).toMatch(/\n… and \d+ more in tty\/report\.html\n/);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toMatch(/^exit 1: /);
    expect(run.stdout).toBe('');
  });

  it('is plain with NO_COLOR, absent off a terminal unless --table, and hidden by --quiet', async () => {
    const noColor = await evaluate(['--out', 'tty-plain'], { isTTY: true, env: { NO_COLOR: '1' } });
    expect(noColor.stderr).toMatch(/\ncritical\s+access-/);
    expect(noColor.stderr).not.toContain('\u001b[');
    const log = await evaluate(['--out', 'log']);
    expect(log.stderr).not.toMatch(/^SEVERITY/m);
    expect(log.stderr.trimEnd().split('\n').at(-1)).toMatch(/^exit 1: /);
    const asked = await evaluate(['--out', 'log', '--table']);
    expect(asked.stderr).toMatch(/^SEVERITY\s+RULE/m);
    expect(asked.stderr).not.toContain('\u001b[');
    const quiet = await evaluate(['--out', 'tty', '--quiet'], { isTTY: true });
    expect(quiet.stderr).not.toMatch(/SEVERITY/);
    expect(quiet.stderr.trimEnd().split('\n').at(-1)).toMatch(/^exit 1: /);
  });
});

describe('--severity, --rule and --framework', () => {
  async function filtered(...args: string[]) {
    const run = await evaluate(['--out', '-', '--format', 'json', '--quiet', ...args]);
    const findings = JSON.parse(run.stdout || '{"accounts":[{"results":[]}]}') as Findings;
    return { code: run.code, stderr: run.stderr, results: findings.accounts[0]!.results };
  }

  it('--severity keeps results at or above it in the report and the exit code', async () => {
    const critical = await filtered('--severity', 'critical');
    expect(critical.results.length).toBeGreaterThan(0);
    expect(new Set(critical.results.map((r) => r.severity))).toEqual(new Set(['critical']));
    const low = await filtered('--severity', 'low', '--rule', 'saml-certificate-set-in-use');
    expect(low.results).toEqual([]);
    expect(low.code).toBe(0);
  });

  it('--rule takes ids and globs; --framework a name or a control', async () => {
    const some = await filtered('--rule', 'mcp-*', '--rule', 'service-token-expires');
    const ids = new Set(some.results.map((r) => r.rule_id));
    expect([...ids].every((id) => id.startsWith('mcp-') || id === 'service-token-expires')).toBe(true);
    expect(ids.has('service-token-expires')).toBe(true);
    const control = await filtered('--framework', 'soc2:CC6.7');
    expect(control.results.length).toBeGreaterThan(0);
    expect(control.results.length).toBeLessThan((await filtered()).results.length);
  });

  it('a filter that selects nothing, or an unknown framework, is a usage error', async () => {
    const none = await evaluate(['--out', '-', '--rule', 'no-such-rule-*']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--rule no-such-rule-* matches no rule.');
    const framework = await evaluate(['--out', '-', '--framework', 'nist-800-5']);
    expect(framework.code).toBe(2);
    expect(framework.stderr).toContain('Did you mean "nist-800-53"?');
  });
});

describe('--quiet', () => {
  it('hides progress but never the warnings about expired or unmatched suppressions', async () => {
    await writeFile(
      path.join(cwd, 'suppressions.yaml'),
      [
        '- { rule: service-token-expires, resource: no-such-token, reason: gone }',
        '- { rule: access-application-http-only-cookie, resource: "*", reason: old, expires: "2020-01-01" }',
      ].join('\n'),
    );
    const run = await evaluate(['--out', 'quiet', '--quiet', '--suppressions', 'suppressions.yaml']);
    expect(run.stderr).not.toContain('Evaluating');
    expect(run.stderr).toMatch(/^warning: .*service-token-expires.*no-such-token.* matches no finding/m);
    expect(run.stderr).toMatch(/^warning: .*access-application-http-only-cookie.* expired on 2020-01-01/m);
    const summary = await readFile(path.join(cwd, 'quiet', 'summary.md'), 'utf8');
    expect(summary).toContain('| `service-token-expires` | `no-such-token` | matches no finding | gone |');
    expect(summary).toContain('| `access-application-http-only-cookie` | `*` | expired 2020-01-01 | old |');
    await rm(path.join(cwd, 'suppressions.yaml'));
  });
});

describe('scan --out -', () => {
  const ctx = useEmulatorWorkspace();

  it('writes one format to stdout and leaves no snapshot or report behind', async () => {
    const before = await readdir(ctx.workspace.dir);
    // A private temporary folder (os.tmpdir() reads TMPDIR on each call): what the scan leaves there is its own.
    const privateTmp = await mkdtemp(path.join(tmpdir(), 'cfaa-private-tmp-'));
    const savedTmp = process.env.TMPDIR;
    process.env.TMPDIR = privateTmp;
    let run;
    try {
      run = await runCli(['scan', '--account', ACCOUNT, '--out', '-', '--format', 'sarif'], {
        cwd: ctx.workspace.dir,
        env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: ctx.emulator.url },
      });
      expect(tmpdir()).toBe(privateTmp);
      expect(await readdir(privateTmp)).toEqual([]);
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
      await rm(privateTmp, { recursive: true, force: true });
    }
    expect(run.stderr).toContain('report on stdout');
    expect(run.code).toBe(1);
    const sarif = JSON.parse(run.stdout) as { runs: { results: { ruleId: string }[] }[] };
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toContain('access-application-cli-fixture-not-admin');
    expect(run.stdout).not.toContain(TOKEN);
    expect(await readdir(ctx.workspace.dir)).toEqual(before);
  });
});
