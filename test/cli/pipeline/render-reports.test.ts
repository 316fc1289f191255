import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderReports } from '../../../src/cli/pipeline/render-reports.js';
import { boundAccountReport } from '../../../src/cli/pipeline/bound-report.js';
import { makeAccount, makeInput, makeResult } from '../../renderers/fixtures.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'cfaa-render-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const GOOD = ['a'.repeat(32), 'c'.repeat(32)];
const BAD = 'b'.repeat(32);

/** Three accounts; the middle one has a result of a rule the catalog does not hold, which SARIF refuses. */
function input() {
  return makeInput({
    accounts: [
      makeAccount({ accountId: GOOD[0], results: [makeResult({ account_id: GOOD[0] })] }),
      makeAccount({ accountId: BAD, results: [makeResult({ account_id: BAD, rule_id: 'no-such-rule' })] }),
      makeAccount({ accountId: GOOD[1], results: [makeResult({ account_id: GOOD[1] })] }),
    ],
  });
}

describe('renderReports', () => {
  it('reports the account a renderer fails on as failed, and every other account in full', async () => {
    const formats = ['sarif', 'json', 'markdown', 'html'] as const;
    const { files, input: reported } = await renderReports(dir, input(), formats, (t) => t);
    expect(files.map((f) => path.basename(f))).toEqual(['report.sarif', 'report.html', 'findings.json', 'summary.md']);
    expect(reported.accounts.map((a) => a.accountId)).toEqual(GOOD);
    expect(reported.failedAccounts).toEqual([
      {
        accountId: BAD,
        accountName: 'Example Corp',
        stage: 'render',
        message: expect.stringContaining('no-such-rule'),
      },
    ]);
    const findings = JSON.parse(await readFile(path.join(dir, 'findings.json'), 'utf8')) as {
      accounts: { account_id: string }[];
      failed_accounts: { account_id: string }[];
    };
    expect(findings.accounts.map((a) => a.account_id)).toEqual(GOOD);
    expect(findings.failed_accounts.map((a) => a.account_id)).toEqual([BAD]);
    expect(await readFile(path.join(dir, 'summary.md'), 'utf8')).toContain(`| Example Corp (\`${BAD}\`) | rendered |`);
  });

  it('with a single account, the error stops the run', async () => {
    const single = makeInput({ accounts: [makeAccount({ results: [makeResult({ rule_id: 'no-such-rule' })] })] });
    await expect(renderReports(dir, single, ['sarif'], (t) => t)).rejects.toThrow(/no-such-rule/);
  });

  it('replaces no report when a later format fails: all are written in full before any takes its place', async () => {
    await writeFile(path.join(dir, 'report.sarif'), 'old sarif\n');
    const account = makeAccount({ results: [makeResult()] });
    // findings.json (written after report.sarif and report.html) cannot list the zones of this manifest.
    const broken = makeInput({ accounts: [{ ...account, manifest: { ...account.manifest, zone_ids: undefined! } }] });
    await expect(renderReports(dir, broken, ['sarif', 'html', 'json'], (t) => t)).rejects.toThrow();
    expect(await readFile(path.join(dir, 'report.sarif'), 'utf8')).toBe('old sarif\n');
    expect(await readdir(dir)).toEqual(['report.sarif']);
  });

  it('scrubs what it writes', async () => {
    const results = [makeResult({ message: 'token TOPSECRET123 leaked' })];
    const secret = makeInput({ accounts: [makeAccount({ results })] });
    await renderReports(dir, secret, ['json'], (t) => t.split('TOPSECRET123').join('[REDACTED]'));
    expect(await readFile(path.join(dir, 'findings.json'), 'utf8')).toContain('token [REDACTED] leaked');
  });
});

describe('boundAccountReport', () => {
  it('cuts names to 200 characters and other repeated text to 2,000, copying nothing else', () => {
    const long = 'n'.repeat(1_000_000);
    const result = makeResult({
      resource_name: long,
      message: long,
      application: { id: 'app', name: long },
      evidence: [{ path: 'x', value: { deep: long } }],
      exposes: [{ type: 'access_application', id: 'a', name: long }],
    });
    const plain = makeResult();
    const [cut, same] = boundAccountReport(makeAccount({ results: [result, plain] })).results;
    expect(cut!.resource_name).toHaveLength(200);
    expect(cut!.application!.name).toHaveLength(200);
    expect(cut!.exposes![0]!.name).toHaveLength(200);
    expect(cut!.message).toMatch(/^n{2000}…\[TRUNCATED: 1000000 chars\]$/);
    expect((cut!.evidence[0]!.value as { deep: string }).deep.length).toBeLessThan(2100);
    expect(same).toBe(plain);
  });
});
