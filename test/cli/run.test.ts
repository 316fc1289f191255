import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { reportError } from '../../src/cli/run.js';
import { TOOL_VERSION } from '../../src/paths.js';
import { runCli, type CliRun } from './fixtures.js';
import type { CliIo } from '../../src/cli/io.js';

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'cfaa-run-'));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const cli = (...argv: string[]): Promise<CliRun> => runCli(argv, { cwd });

describe('top level', () => {
  it('prints the version', async () => {
    expect(await cli('--version')).toEqual({ code: 0, stdout: `${TOOL_VERSION}\n`, stderr: '' });
  });

  it('prints help with every command, and usage (exit 2) without a command', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    for (const command of ['scan', 'collect', 'evaluate', 'merge', 'rules', 'demo', 'emulator'])
      expect(help.stdout).toContain(`  ${command} `);
    const bare = await cli();
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('Usage: cf-access-audit <command>');
  });

  it.each(['scan', 'collect', 'evaluate', 'merge', 'rules', 'demo', 'emulator'])(
    '%s --help prints its usage and exits 0',
    async (command) => {
      const result = await cli(command, '--help');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: cf-access-audit ${command}`));
      expect((await cli('help', command)).stdout).toBe(result.stdout);
    },
  );

  it('refuses an unknown command with a suggestion (exit 2)', async () => {
    const result = await cli('sacn');
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'error: unknown command "sacn". Did you mean "scan"?\n  Run "cf-access-audit --help" for usage.\n',
    });
  });

  it('refuses an unknown flag (exit 2) naming the command', async () => {
    const result = await cli('collect', '--acount', 'x', '--out', 'o');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: unknown option "--acount" for "collect". Did you mean "--account"?\n  Run "cf-access-audit collect ' +
        '--help" for usage.\n',
    );
  });
});

describe('usage and configuration errors exit 2 before any network use', () => {
  it('collect without --out, scan without an account, evaluate without a snapshot', async () => {
    expect((await cli('collect', '--account', 'abc')).stderr).toContain('"collect" needs --out DIR');
    const noAccount = await cli('scan');
    expect(noAccount.code).toBe(2);
    expect(noAccount.stderr).toContain('"scan" needs an account id.\n  Pass --account ID, set CLOUDFLARE_ACCOUNT_ID');
    const missing = await cli('evaluate', 'nowhere');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`snapshot folder ${path.join(cwd, 'nowhere')} does not exist.`);
  });

  it('names the configuration file, line and key, with the fix', async () => {
    const file = path.join(cwd, 'bad.yaml');
    await writeFile(file, 'accounts:\n  - id: abc\nfail_on: severe\n');
    const result = await cli('scan', '--config', 'bad.yaml');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `error: ${file}:3: key "fail_on" must be one of critical, high, medium, low, info, none.\n  Use one of the ` +
        `listed values.\n`,
    );
  });

  it('refuses a rules: key that names no rule, with a suggestion', async () => {
    const file = path.join(cwd, 'rules.yaml');
    await writeFile(
      file,
      'accounts: [{ id: abc }]\nrules:\n  access-application-http-only-cookies: { enabled: false }\n',
    );
    const result = await runCli(['scan', '--config', 'rules.yaml'], {
      cwd,
      env: { CLOUDFLARE_API_TOKEN: 'x'.repeat(40), CLOUDFLARE_BASE_URL: 'http://127.0.0.1:9/client/v4' },
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `${file}: key "rules.access-application-http-only-cookies" names no loaded rule. Did you mean ` +
        `"access-application-http-only-cookie"?`,
    );
  });

  it('refuses missing credentials with the variables to set', async () => {
    const result = await runCli(['scan', '--account', 'abc'], { cwd, env: {} });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: No Cloudflare credentials: set CLOUDFLARE_API_TOKEN');
  });

  it('rejects --quiet with --verbose', async () => {
    expect((await cli('demo', '--quiet', '--verbose')).stderr).toContain(
      '--quiet and --verbose cannot be used together.',
    );
  });
});

describe('reportError', () => {
  function capture(): { io: CliIo; text: () => string } {
    let text = '';
    const stream = { write: (chunk: string) => (text += chunk) };
    return { io: { stdout: stream, stderr: stream, env: {}, cwd, now: () => new Date(0) }, text: () => text };
  }

  it('turns file-system failures into a user error naming the path', () => {
    const out = capture();
    const error = Object.assign(new Error('EACCES: permission denied'), {
      code: 'EACCES',
      path: '/reports/report.html',
    });
    expect(reportError(error, out.io, false)).toBe(2);
    expect(out.text()).toBe(
      'error: permission denied for /reports/report.html (EACCES): fix its permissions or ' +
        'choose another --out folder you can write to.\n',
    );
  });

  it('never lets control characters from error text reach the terminal', () => {
    const errors = [
      new Error('api said \u001b[2J\rboom\u009b'),
      Object.assign(new Error('x'), { code: 'ENOSPC', path: '/out/\u001b[31mx' }),
    ];
    for (const error of errors) {
      const out = capture();
      reportError(error, out.io, false);
      expect(out.text()).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
      expect(out.text()).toContain('\\x1b[');
    }
  });

  it('maps a port that cannot be listened on, and ENOSPC without a path', () => {
    const port = capture();
    const listen = { code: 'EADDRINUSE', syscall: 'listen', port: 8787 };
    reportError(Object.assign(new Error('listen EADDRINUSE'), listen), port.io, false);
    expect(port.text()).toBe(
      'error: port 8787 on 127.0.0.1 is already in use (EADDRINUSE): choose another --port, ' +
        'or --port 0 for a free one.\n',
    );
    const disk = capture();
    const full = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC', syscall: 'write' });
    reportError(full, disk.io, false);
    expect(disk.text()).toBe(
      'error: no space left on the device holding the output folder (ENOSPC): free some space ' +
        'or choose another --out folder.\n',
    );
  });

  it('prints "internal error", the version and a bug-report hint, and a stack only with --verbose', () => {
    const quiet = capture();
    expect(reportError(new TypeError('x is undefined'), quiet.io, false)).toBe(2);
    expect(quiet.text()).toContain(`internal error in cf-access-audit ${TOOL_VERSION}: TypeError: x is undefined`);
    expect(quiet.text()).toContain('Please report it at');
    expect(quiet.text()).not.toContain('    at ');
    const verbose = capture();
    reportError(new TypeError('x is undefined'), verbose.io, true);
    expect(verbose.text()).toContain('    at ');
  });
});
