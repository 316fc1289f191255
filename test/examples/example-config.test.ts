/**
 * The example configuration works when copied as is (with the example suppressions file it references), and
 * every example suppression matches a finding of the demo account (or has expired by the snapshot's time).
 */
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT_DIR, PACKAGE_ROOT } from '../../src/paths.js';
import { loadSuppressions, parseExpiry } from '../../src/engine/suppressions.js';
import { runCli } from '../cli/fixtures.js';

const EXAMPLES = path.join(PACKAGE_ROOT, 'examples');
let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'cfaa-example-config-'));
  await copyFile(path.join(EXAMPLES, 'cf-access-audit.config.yaml'), path.join(cwd, 'cf-access-audit.config.yaml'));
  await copyFile(path.join(EXAMPLES, 'suppressions.yaml'), path.join(cwd, 'suppressions.yaml'));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

interface Findings {
  accounts: {
    snapshot: { collected_at: string };
    results: { rule_id: string; resource_id: string; status: string }[];
  }[];
}

describe('examples/cf-access-audit.config.yaml', () => {
  it('copied as is, evaluates the demo snapshot with its settings and suppressions', async () => {
    const run = await runCli(['evaluate', DEMO_ACCOUNT_DIR, '--quiet'], { cwd });
    expect(run.stderr).not.toMatch(/^(error|warning)/m);
    expect(run.code).toBe(1); // the demo account has findings at or above the example's fail_on: high
    const text = await readFile(path.join(cwd, 'cf-access-audit-report', 'findings.json'), 'utf8');
    const findings = JSON.parse(text) as Findings;
    const [account] = findings.accounts;
    const disabled = account!.results.filter((r) => r.rule_id === 'access-application-binding-cookie-enabled');
    expect(disabled).toEqual([]);
    const collected = Date.parse(account!.snapshot.collected_at);
    const entries = await loadSuppressions(path.join(EXAMPLES, 'suppressions.yaml'));
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      const expired = entry.expires !== undefined && parseExpiry(entry.expires)! <= collected;
      const status = account!.results.find((r) => r.rule_id === entry.rule && r.resource_id === entry.resource)?.status;
      expect(status, `${entry.rule} on ${entry.resource}`).toBe(expired ? 'fail' : 'suppressed');
    }
  });
});
