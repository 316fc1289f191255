import { describe, expect, it } from 'vitest';
import { exitCodeFor, meetsThreshold } from '../../src/cli/exit-code.js';
import { tallyRun } from '../../src/cli/run-tally.js';
import type { Result } from '../../src/engine/types.js';
import { makeAccount, makeResult } from '../renderers/fixtures.js';

/** Open findings per severity of `results`, as the CLI counts them. */
function open(...results: Pick<Result, 'status' | 'severity'>[]) {
  return tallyRun([makeAccount({ results: results.map((r) => makeResult(r)) })]).open;
}

describe('exitCodeFor', () => {
  it('is 1 only for unsuppressed failures at or above --fail-on', () => {
    const counts = open(
      { status: 'fail', severity: 'medium' },
      { status: 'suppressed', severity: 'critical' },
      { status: 'error', severity: 'critical' },
    );
    expect(exitCodeFor({ open: counts, failOn: 'high', incomplete: false, allowPartial: false })).toBe(0);
    expect(exitCodeFor({ open: counts, failOn: 'medium', incomplete: false, allowPartial: false })).toBe(1);
    expect(exitCodeFor({ open: counts, failOn: 'info', incomplete: false, allowPartial: false })).toBe(1);
    expect(exitCodeFor({ open: counts, failOn: 'none', incomplete: false, allowPartial: false })).toBe(0);
  });

  it('puts an incomplete collection (3) before findings (1), unless partial is allowed', () => {
    const counts = open({ status: 'fail', severity: 'critical' });
    expect(exitCodeFor({ open: counts, failOn: 'high', incomplete: true, allowPartial: false })).toBe(3);
    expect(exitCodeFor({ open: counts, failOn: 'high', incomplete: true, allowPartial: true })).toBe(1);
    expect(exitCodeFor({ open: open(), failOn: 'high', incomplete: true, allowPartial: true })).toBe(0);
  });

  it('orders severities critical > high > medium > low > info', () => {
    expect(meetsThreshold('critical', 'high')).toBe(true);
    expect(meetsThreshold('high', 'high')).toBe(true);
    expect(meetsThreshold('low', 'medium')).toBe(false);
    expect(meetsThreshold('info', 'info')).toBe(true);
  });
});
