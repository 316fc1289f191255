import { describe, expect, it } from 'vitest';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { accountIds, actionOutputs, countFindings, exitReason, formatOutputs } from '../../scripts/action-outputs.mjs';
import { parseCommandFile } from './runner.js';

const account = (critical: number, high: number, unknown: number): unknown => ({
  counts: {
    by_status: { pass: 1, fail: critical + high, not_applicable: 0, unknown, error: 0, suppressed: 2 },
    findings_by_severity: { critical, high, medium: 0, low: 0, info: 0 },
  },
});

describe('scripts/action-outputs.mjs', () => {
  it('sums open findings by severity and unknown results over every account', () => {
    expect(countFindings({ accounts: [account(1, 2, 3), account(4, 0, 1)] })).toEqual({
      findings: 7,
      critical: 5,
      high: 2,
      medium: 0,
      low: 0,
      info: 0,
      unknown: 4,
    });
  });

  it('names the accounts of findings.json, reported ones first, else the requested ones', async () => {
    const report = {
      accounts: [{ account_id: 'b'.repeat(32) }, { account_id: 'a'.repeat(32) }],
      failed_accounts: [{ account_id: 'c'.repeat(32) }],
    };
    expect(accountIds(report)).toEqual(['b'.repeat(32), 'a'.repeat(32), 'c'.repeat(32)]);
    const dir = await mkdtemp(path.join(tmpdir(), 'cfaa-outputs-'));
    try {
      expect(actionOutputs(dir, 2, 'x,y').accounts).toBe('x,y');
      await writeFile(path.join(dir, 'findings.json'), JSON.stringify(report));
      expect(actionOutputs(dir, 3, 'x,y').accounts).toBe(accountIds(report).join(','));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names every exit code by the README, anything else as incomplete', () => {
    expect([0, 1, 2, 3, 130].map(exitReason)).toEqual(['ok', 'findings', 'usage', 'incomplete', 'incomplete']);
  });

  it('gives absolute paths of what exists and empty counts without findings.json', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cfaa-outputs-'));
    try {
      await writeFile(path.join(dir, 'report.sarif'), '{}');
      await mkdir(path.join(dir, 'snapshots'));
      const outputs = actionOutputs(dir, 2);
      expect(outputs).toMatchObject({ sarif: path.join(dir, 'report.sarif'), html: '', json: '', markdown: '' });
      expect(outputs).toMatchObject({ snapshot: path.join(dir, 'snapshots'), findings: '', critical: '' });
      expect(outputs).toMatchObject({ 'exit-code': '2', 'exit-reason': 'usage' });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('writes GitHub output syntax, with a delimiter block for values holding line breaks', () => {
    const text = formatOutputs({ a: '1', b: 'two\nlines', c: '/x y/z' });
    expect(text).toBe('a=1\nb<<CF_ACCESS_AUDIT_EOF\ntwo\nlines\nCF_ACCESS_AUDIT_EOF\nc=/x y/z\n');
    expect(parseCommandFile(text)).toEqual({ a: '1', b: 'two\nlines', c: '/x y/z' });
  });
});
