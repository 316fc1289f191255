import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT_DIR } from '../../src/paths.js';
import { runCli } from './fixtures.js';

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'cfaa-evaluate-'));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

interface FindingsFile {
  generated_at: string;
  accounts: { results: { rule_id: string; resource_id: string; status: string }[] }[];
}

async function evaluateAt(now: Date, out: string): Promise<FindingsFile> {
  const run = await runCli(
    ['evaluate', DEMO_ACCOUNT_DIR, '--out', out, '--format', 'json', '--quiet', '--fail-on', 'none'],
    { cwd, now },
  );
  expect(run.code).toBe(0);
  return JSON.parse(await readFile(path.join(cwd, out, 'findings.json'), 'utf8')) as FindingsFile;
}

describe('evaluate SNAPSHOT_DIR', () => {
  it('judges the configuration as of its collection time, however late it is evaluated', async () => {
    const soon = await evaluateAt(new Date('2026-11-03T00:00:00Z'), 'soon');
    const years = await evaluateAt(new Date('2031-06-01T00:00:00Z'), 'years');
    expect(years.generated_at).not.toBe(soon.generated_at);
    expect(years.accounts[0]!.results).toEqual(soon.accounts[0]!.results);
    expect(soon.accounts[0]!.results.some((r) => r.status === 'fail')).toBe(true);
  });
});
