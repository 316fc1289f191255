import { describe, expect, it } from 'vitest';
import { tallyRun } from '../../src/cli/run-tally.js';
import { findingsTable, TERMINAL_ROWS, verdictLine, type VerdictFacts } from '../../src/cli/findings-table.js';
import { missingTypes } from '../../src/cli/exit-code.js';
import type { Result, Severity } from '../../src/engine/types.js';
import { makeAccount, makeInput, makeManifest, makeResult } from '../renderers/fixtures.js';

const SEVERITY_ORDER: Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

function results(count: number): Result[] {
  return Array.from({ length: count }, (_, i) =>
    makeResult({
      resource_id: `app-${String(i).padStart(2, '0')}`,
      resource_name: `app ${i}`,
      severity: SEVERITY_ORDER[i % 5]!,
    }),
  );
}

const facts = (overrides: Partial<VerdictFacts> = {}): VerdictFacts => ({
  exitCode: 0,
  failOn: 'high',
  allowPartial: false,
  missing: [],
  ...overrides,
});

describe('findingsTable', () => {
  it('lists open findings most severe first, capped with where the rest is', () => {
    const all = [...results(25), makeResult({ status: 'pass', resource_id: 'ok' })];
    const input = makeInput({ accounts: [makeAccount({ results: all })] });
    const text = findingsTable(input, tallyRun(input.accounts, TERMINAL_ROWS), {
      limit: TERMINAL_ROWS,
      morePath: 'out/report.html',
      color: false,
    });
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SEVERITY\s+RULE\s+RESOURCE\s+MESSAGE$/);
    expect(lines).toHaveLength(1 + TERMINAL_ROWS + 1);
    expect(lines[1]).toMatch(/^critical\s+access-application-http-only-cookie\s+app 4\s+Access application 'app 4'/);
    expect(lines.slice(1, -1).map((l) => l.split(' ')[0])).toEqual([
      ...Array(5).fill('critical'),
      ...Array(5).fill('high'),
      ...Array(5).fill('medium'),
      ...Array(5).fill('low'),
    ]);
    expect(lines.at(-1)).toBe('… and 5 more in out/report.html');
    expect(text).not.toContain('\u001b[');
  });

  it('colours the severity only when asked, keeping the columns aligned', () => {
    const input = makeInput({ accounts: [makeAccount({ results: results(2) })] });
    const plain = findingsTable(input, tallyRun(input.accounts), { color: false }).split('\n');
    const coloured = findingsTable(input, tallyRun(input.accounts), { color: true }).split('\n');
    expect(coloured[1]).toBe(`\u001b[36mlow\u001b[0m${plain[1]!.slice('low'.length)}`);
    expect(coloured[2]).toBe(`\u001b[2minfo\u001b[0m${plain[2]!.slice('info'.length)}`);
  });

  it('cuts messages to the terminal width and makes control characters visible', () => {
    const input = makeInput({
      accounts: [
        makeAccount({
          results: [
            makeResult({
              resource_name: 'evil\u001b[2Jname',
              message: `${'x'.repeat(300)}\nnext`,
            }),
          ],
        }),
      ],
    });
    const row = findingsTable(input, tallyRun(input.accounts), { color: false, columns: 100 }).split('\n')[1]!;
    expect(row).toContain('evil\\x1b[2Jname');
    expect(row.length).toBeLessThanOrEqual(100);
    expect(row.endsWith('x…')).toBe(true);
  });

  it('says when there is nothing open, and counts fixed findings against a baseline', () => {
    const account = makeAccount({ fixedSinceBaseline: [makeResult()] });
    const input = makeInput({ baseline: { source: 'prev' }, accounts: [account] });
    expect(findingsTable(input, tallyRun(input.accounts), { color: false })).toBe(
      'No open findings.\n1 finding fixed since the baseline.\n',
    );
  });
});

describe('verdictLine', () => {
  const input = makeInput({ accounts: [makeAccount({ results: results(10) })] });

  it('names the findings that crossed --fail-on for exit 1', () => {
    expect(verdictLine(input, tallyRun(input.accounts), facts({ exitCode: 1 }))).toBe(
      'exit 1: 4 findings at or above --fail-on high (2 critical, 2 high)',
    );
  });

  it('says nothing reached the threshold for exit 0, and what is below it', () => {
    const below = makeInput({ accounts: [makeAccount({ results: results(3) })] });
    expect(verdictLine(below, tallyRun(below.accounts), facts())).toBe(
      'exit 0: no findings at or above high; 3 below it (1 medium, 1 low, 1 info)',
    );
    expect(verdictLine(makeInput(), tallyRun([]), facts())).toBe('exit 0: no findings at or above high');
    expect(verdictLine(input, tallyRun(input.accounts), facts({ failOn: 'none' }))).toBe(
      'exit 0: --fail-on none (10 open findings)',
    );
  });

  it('names the unreadable types for exit 3, and the findings too', () => {
    const manifest = makeManifest({ service_token: { status: 'forbidden', http_status: 403 } });
    const partial = makeInput({ accounts: [makeAccount({ manifest, results: results(10) })] });
    const missing = missingTypes(manifest);
    expect(verdictLine(partial, tallyRun(partial.accounts), facts({ exitCode: 3, missing }))).toBe(
      'exit 3: 1 resource type could not be read: ' +
        'service_token (account 023e105f4ecef8ad9ca31a8372d0c353, forbidden); ' +
        'also 4 findings at or above --fail-on high (2 critical, 2 high)',
    );
    expect(
      verdictLine(partial, tallyRun(partial.accounts), facts({ exitCode: 1, missing, allowPartial: true })),
    ).toContain('exit 1: 4 findings');
    const failed = makeInput({ failedAccounts: [{ accountId: 'acc-2', stage: 'collect', message: 'boom' }] });
    expect(verdictLine(failed, tallyRun(failed.accounts), facts({ exitCode: 3 }))).toBe(
      'exit 3: 1 account could not be reported: acc-2 (collect)',
    );
  });
});
