import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyBaseline, loadBaseline, type Baseline } from '../../src/engine/baseline.js';
import { renderFindingsJson } from '../../src/renderers/findings-json.js';
import { renderSarif } from '../../src/renderers/sarif.js';
import { ACCOUNT_ID, makeAccount, makeInput, makeResult, makeRichInput } from '../renderers/fixtures.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cfaa-baseline-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

describe('loadBaseline', () => {
  it('reads the findings (fail and suppressed only) of a previous findings.json', async () => {
    const file = write('findings.json', renderFindingsJson(makeRichInput()));
    const baseline = await loadBaseline(file);
    expect(baseline.source).toBe(file);
    expect(baseline.fingerprints.size).toBe(6);
    const fp = makeResult({ rule_id: 'access-application-session-duration', resource_id: 'app-9' }).fingerprint;
    expect(baseline.fingerprints.get(fp)).toEqual({
      rule_id: 'access-application-session-duration',
      account_id: ACCOUNT_ID,
      resource_type: 'access_application',
      resource_id: 'app-9',
      resource_name: 'legacy admin',
      severity: 'high',
      message: "Access application 'legacy admin' (app-9) allows sessions of 168h; the limit is 24h.",
      file: 'access_application/app-9.json',
    });
  });

  it(
    'reads the same findings from a trimmed findings.json, ' + 'one with --include-passing and a version 1 file',
    async () => {
      const trimmed = await loadBaseline(write('t/findings.json', renderFindingsJson(makeRichInput())));
      const full = await loadBaseline(
        write('f/findings.json', renderFindingsJson({ ...makeRichInput(), includePassing: true })),
      );
      const v1 = JSON.parse(renderFindingsJson({ ...makeRichInput(), includePassing: true })) as Record<
        string,
        unknown
      >;
      v1.schema_version = 1;
      const old = await loadBaseline(write('v1/findings.json', JSON.stringify(v1)));
      expect([...trimmed.fingerprints]).toEqual([...full.fingerprints]);
      expect([...old.fingerprints]).toEqual([...full.fingerprints]);
      const results = makeRichInput().accounts[0]!.results;
      expect(applyBaseline(results, trimmed, ACCOUNT_ID)).toEqual(applyBaseline(results, full, ACCOUNT_ID));
    },
  );

  it('reads the same findings from a previous report.sarif', async () => {
    const input = makeRichInput();
    input.accounts[0]!.snapshotDir = 'snapshots/main';
    const fromJson = await loadBaseline(write('a/findings.json', renderFindingsJson(input)));
    // findings.json lists suppressed findings; report.sarif only with --sarif-suppressed.
    const fromSarif = await loadBaseline(write('b/report.sarif', renderSarif({ ...input, sarifSuppressed: true })));
    const normalise = (b: Baseline) =>
      [...b.fingerprints.entries()].map(([k, v]) => [k, { ...v, message: v.message.replace(/\.$/, '') }]).sort();
    expect(normalise(fromSarif)).toEqual(normalise(fromJson));
  });

  it('takes a report folder, preferring findings.json over report.sarif', async () => {
    write('out/report.sarif', renderSarif(makeInput()));
    expect((await loadBaseline(path.join(dir, 'out'))).source).toBe(path.join(dir, 'out', 'report.sarif'));
    write('out/findings.json', renderFindingsJson(makeRichInput()));
    const baseline = await loadBaseline(path.join(dir, 'out'));
    expect(baseline.source).toBe(path.join(dir, 'out', 'findings.json'));
    expect(baseline.fingerprints.size).toBe(6);
  });

  it('fails with a clear message naming the file and what to pass', async () => {
    await expect(loadBaseline(path.join(dir, 'missing.json'))).rejects.toThrow(
      /missing\.json does not exist; pass a previous report folder/,
    );
    mkdirSync(path.join(dir, 'empty'));
    await expect(loadBaseline(path.join(dir, 'empty'))).rejects.toThrow(
      /holds neither findings\.json nor report\.sarif/,
    );
    await expect(loadBaseline(write('bad.json', '{ nope'))).rejects.toThrow(/bad\.json is not readable JSON/);
    await expect(loadBaseline(write('v3.json', '{"schema_version": 3, "accounts": []}'))).rejects.toThrow(
      /schema_version 3 is not supported \(expected 1 or 2\)/,
    );
    await expect(
      loadBaseline(
        write('other.sarif', JSON.stringify({ runs: [{ results: [{ ruleId: 'x', partialFingerprints: {} }] }] })),
      ),
    ).rejects.toThrow(/runs\[0\]\.results\[0\] has no partialFingerprints\."cfAccessAudit\/v1"/);
  });
});

describe('applyBaseline', () => {
  it('marks findings new or unchanged and returns baseline findings that are gone as fixed', async () => {
    const before = [
      makeResult({ resource_id: 'app-1' }),
      makeResult({ resource_id: 'app-2' }),
      makeResult({ resource_id: 'app-3', status: 'suppressed' }),
    ];
    const baseline = await loadBaseline(
      write('findings.json', renderFindingsJson(makeInput({ accounts: [makeAccount({ results: before })] }))),
    );
    const now = [
      makeResult({ resource_id: 'app-1' }),
      makeResult({ resource_id: 'app-4' }),
      makeResult({ resource_id: 'app-5', status: 'pass' }),
      makeResult({ resource_id: 'app-3', status: 'suppressed' }),
    ];
    const { results, fixed } = applyBaseline(now, baseline, ACCOUNT_ID);
    expect(results.map((r) => [r.resource_id, r.baseline_state])).toEqual([
      ['app-1', 'unchanged'],
      ['app-4', 'new'],
      ['app-5', undefined],
      ['app-3', 'unchanged'],
    ]);
    expect(fixed.map((r) => [r.resource_id, r.status, r.baseline_state])).toEqual([['app-2', 'fail', 'absent']]);
  });

  it('does not call a finding fixed when its rule could not be evaluated this time', async () => {
    const before = [
      makeResult({ rule_id: 'access-policy-no-everyone', resource_type: 'access_policy', resource_id: 'pol-1' }),
      makeResult({ resource_id: 'app-2' }),
    ];
    const baseline = await loadBaseline(
      write('findings.json', renderFindingsJson(makeInput({ accounts: [makeAccount({ results: before })] }))),
    );
    const now = [
      makeResult({
        rule_id: 'access-policy-no-everyone',
        resource_type: 'access_policy',
        resource_id: '*',
        status: 'unknown',
        file: null,
      }),
      makeResult({ resource_id: 'app-2', status: 'error' }),
    ];
    expect(applyBaseline(now, baseline).fixed).toEqual([]);
  });

  it('ignores baseline findings of other accounts when an account is given', async () => {
    const other = 'b'.repeat(32);
    const baseline = await loadBaseline(
      write(
        'findings.json',
        renderFindingsJson(
          makeInput({
            accounts: [makeAccount({ accountId: other, results: [makeResult({ account_id: other })] })],
          }),
        ),
      ),
    );
    expect(applyBaseline([], baseline, ACCOUNT_ID).fixed).toEqual([]);
    expect(applyBaseline([], baseline, other).fixed).toHaveLength(1);
  });
});
