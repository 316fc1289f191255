import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { filesContaining, listFiles, runCli } from './fixtures.js';

// Records the throwaway token the demo generates, to prove it is never printed or written.
const issued = vi.hoisted(() => [] as string[]);
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return {
    ...actual,
    randomBytes: (size: number) => {
      const bytes = actual.randomBytes(size);
      issued.push(bytes.toString('base64url'));
      return bytes;
    },
  };
});

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'cfaa-demo-'));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('demo', () => {
  it('runs the whole pipeline over HTTP, writes the four reports and the snapshot, exits 0', async () => {
    // The user's own credentials and endpoint must not be used (nor printed).
    const userToken = 'users-real-token-must-not-be-used-4711';
    const result = await runCli(['demo', '--out', 'demo-report'], {
      cwd,
      env: {
        CLOUDFLARE_API_TOKEN: userToken,
        CLOUDFLARE_BASE_URL: 'http://127.0.0.1:9/client/v4',
        CLOUDFLARE_ACCOUNT_ID: 'someone-else',
      },
    });
    expect(result.stderr).toMatch(/account \w+: \d+ findings \(/);
    expect(result.code).toBe(0);
    const out = path.join(cwd, 'demo-report');
    for (const file of ['report.sarif', 'report.html', 'findings.json', 'summary.md']) {
      expect(result.stdout).toContain(`  ${path.join(out, file)}\n`);
    }
    const files = await listFiles(out);
    expect(files).toEqual(
      expect.arrayContaining(['report.sarif', 'report.html', 'findings.json', 'summary.md', 'snapshot/manifest.json']),
    );
    expect(files.filter((f) => f.startsWith('snapshot/access_application/')).length).toBeGreaterThan(1);

    const tokens = issued.filter((token) => token.length >= 24);
    expect(tokens.length).toBeGreaterThan(0);
    for (const secret of [...tokens, userToken]) {
      expect(result.stdout + result.stderr).not.toContain(secret);
      expect(await filesContaining(out, secret)).toEqual([]);
    }
  });
});
