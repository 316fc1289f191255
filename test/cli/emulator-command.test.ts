import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { run } from '../../src/cli/run.js';
import type { CliIo } from '../../src/cli/io.js';

describe('emulator command', () => {
  it('serves the demo account until stopped, with the token it was given', async () => {
    let stdout = '';
    let stderr = '';
    const stop = new AbortController();
    const io: CliIo = {
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: { write: (chunk: string) => (stderr += chunk) },
      env: {},
      cwd: process.cwd(),
      now: () => new Date(0),
      stop: stop.signal,
    };
    const running = run(['emulator', '--port', '0', '--token', 'local-demo-token'], io);
    await expect.poll(() => stdout, { timeout: 10_000 }).toContain('CLOUDFLARE_BASE_URL=');
    const url = /CLOUDFLARE_BASE_URL=(\S+)/.exec(stdout)![1]!;
    const verified = await request(`${url}/user/tokens/verify`, {
      headers: { authorization: 'Bearer local-demo-token' },
    });
    expect(verified.statusCode).toBe(200);
    await verified.body.dump();
    stop.abort();
    expect(await running).toBe(0);
    expect(stderr).toContain('press Ctrl-C to stop');
  });

  it('refuses a port that is not a number', async () => {
    let stderr = '';
    const io: CliIo = {
      stdout: { write: () => true },
      stderr: { write: (c: string) => (stderr += c) },
      env: {},
      cwd: process.cwd(),
      now: () => new Date(0),
    };
    expect(await run(['emulator', '--port', 'http'], io)).toBe(2);
    expect(stderr).toContain('--port must be a port number from 0 to 65535; got "http".');
  });
});
