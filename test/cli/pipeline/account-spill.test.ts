import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AccountSpill, withAccountSpill } from '../../../src/cli/pipeline/account-spill.js';
import { tallyRun } from '../../../src/cli/run-tally.js';
import { RENDERERS, REPORT_FORMATS, type ReportFormat } from '../../../src/renderers/index.js';
import type { AccountReport, ReportInput } from '../../../src/renderers/types.js';
import { makeManifest, makeResult } from '../../renderers/fixtures.js';
import { makeReachInput } from '../../renderers/reach-fixtures.js';

const IDS = ['c'.repeat(32), 'a'.repeat(32), 'b'.repeat(32)];

/** Three accounts (not in id order) with findings, access maps, passing counts, a fixed finding and SARIF regions. */
function threeAccounts(): ReportInput {
  const base = makeReachInput();
  const template = base.accounts[0]!;
  const accounts = IDS.map((id, i): AccountReport => {
    const results = template.results.map((r) => ({ ...r, account_id: id }));
    return {
      ...template,
      accountId: id,
      accountName: `account ${i}`,
      manifest: makeManifest({}, id),
      results,
      snapshotDir: `snapshots/${id}`,
      passing: [
        {
          rule_id: 'access-application-http-only-cookie',
          resource_type: 'access_application',
          pass: 3 + i,
          not_applicable: i,
        },
      ],
      regions: new Map([
        [`${results[0]!.fingerprint}`, { startLine: 2 + i, startColumn: 3, endLine: 2 + i, endColumn: 9 }],
      ]),
      ...(i === 1
        ? { fixedSinceBaseline: [makeResult({ account_id: id, resource_id: 'gone', message: 'Fixed.' })] }
        : {}),
    };
  });
  return { ...base, baseline: { source: 'previous/findings.json' }, accounts };
}

/** Passes over the accounts each format makes: every renderer but the HTML page reads each account once. */
const PASSES: Record<ReportFormat, number> = { sarif: 1, json: 1, markdown: 1, html: 4 };

let spill: AccountSpill | undefined;
afterEach(() => {
  spill?.close();
  spill = undefined;
});

function spilled(input: ReportInput): { input: ReportInput; spill: AccountSpill } {
  spill = new AccountSpill();
  const store = spill;
  return { input: { ...input, accounts: input.accounts.map((a) => store.spill(a)) }, spill: store };
}

describe('AccountSpill', () => {
  it('reads back every field as it was, heavy ones from disk', () => {
    const input = threeAccounts();
    const { input: back, spill: store } = spilled(input);
    expect(back.accounts).toEqual(input.accounts);
    expect(back.accounts[1]!.regions).toBeInstanceOf(Map);
    expect(store.loads).toBeGreaterThan(0);
  });

  it('holds one account at a time: going through the accounts twice reads each twice', () => {
    const { input, spill: store } = spilled(threeAccounts());
    for (let pass = 0; pass < 2; pass++) for (const account of input.accounts) void account.results.length;
    expect(store.loads).toBe(2 * IDS.length);
    const before = store.loads;
    void input.accounts[2]!.reach;
    void input.accounts[2]!.results;
    expect(store.loads).toBe(before);
  });

  it.each(REPORT_FORMATS)('renders %s byte for byte as from memory, within its passes over the accounts', (format) => {
    const input = threeAccounts();
    const expected = RENDERERS[format](input);
    const { input: back, spill: store } = spilled(input);
    const before = store.loads;
    expect(RENDERERS[format](back)).toBe(expected);
    expect(store.loads - before).toBeLessThanOrEqual(PASSES[format] * IDS.length);
  });

  it('tallies the terminal counts in one pass, keeping only the worst findings asked for', () => {
    const input = threeAccounts();
    const { input: back, spill: store } = spilled(input);
    const tally = tallyRun(back.accounts, 2);
    expect(store.loads).toBe(IDS.length);
    expect(tally).toEqual(tallyRun(input.accounts, 2));
    expect(tally.worst).toHaveLength(2);
    expect(tally.fixed).toBe(1);
  });

  it('keeps its files private and removes them when closed', () => {
    const parent = mkdtempSync(path.join(tmpdir(), 'cfaa-spill-test-'));
    try {
      const store = new AccountSpill(parent);
      store.spill(threeAccounts().accounts[0]!);
      const [folder] = readdirSync(parent);
      const dir = path.join(parent, folder!);
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      const [file] = readdirSync(dir);
      expect(statSync(path.join(dir, file!)).mode & 0o777).toBe(0o600);
      store.close();
      expect(existsSync(dir)).toBe(false);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it.each(['SIGTERM', 'SIGINT'] as const)(
    'removes its files when %s ends the process, which still ends',
    async (signal) => {
      const parent = mkdtempSync(path.join(tmpdir(), 'cfaa-spill-test-'));
      const module = fileURLToPath(new URL('../../../src/cli/pipeline/account-spill.ts', import.meta.url));
      const script =
        `const { AccountSpill } = await import(${JSON.stringify(module)});` +
        `new AccountSpill(${JSON.stringify(parent)}).spill({ accountId: 'a', results: [] });` +
        `console.log('ready'); setInterval(() => {}, 1000);`;
      try {
        const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
          stdio: ['ignore', 'pipe', 'inherit'],
        });
        await once(child.stdout, 'data');
        expect(readdirSync(parent)).toHaveLength(1);
        child.kill(signal);
        const [code, ended] = await once(child, 'exit');
        expect([code, ended]).toEqual([null, signal]);
        expect(readdirSync(parent)).toEqual([]);
      } finally {
        rmSync(parent, { recursive: true, force: true });
      }
    },
  );

  it('is used only for several accounts and closed after the run, even when it throws', async () => {
    await withAccountSpill(1, async (none) => expect(none).toBeUndefined());
    let kept: AccountSpill | undefined;
    await expect(
      withAccountSpill(2, async (store) => {
        kept = store;
        store!.spill(threeAccounts().accounts[0]!);
        throw new Error('render failed');
      }),
    ).rejects.toThrow('render failed');
    expect(() => kept!.spill(threeAccounts().accounts[0]!)).toThrow(/ENOENT/);
  });
});
