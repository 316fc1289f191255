import { describe, expect, it } from 'vitest';
import { exitCodeFor, meetsThreshold } from '../../src/cli/exit-code.js';
import type { Result } from '../../src/engine/types.js';

function result(status: Result['status'], severity: Result['severity']): Result {
  return {
    rule_id: 'r',
    status,
    severity,
    account_id: 'a',
    resource_type: 'access_application',
    resource_id: 'x',
    resource_name: null,
    file: null,
    fingerprint: 'f',
    message: 'm.',
    evidence: [],
  };
}

describe('exitCodeFor', () => {
  it('is 1 only for unsuppressed failures at or above --fail-on', () => {
    const results = [result('fail', 'medium'), result('suppressed', 'critical'), result('error', 'critical')];
    expect(exitCodeFor({ results, failOn: 'high', incomplete: false, allowPartial: false })).toBe(0);
    expect(exitCodeFor({ results, failOn: 'medium', incomplete: false, allowPartial: false })).toBe(1);
    expect(exitCodeFor({ results, failOn: 'info', incomplete: false, allowPartial: false })).toBe(1);
    expect(exitCodeFor({ results, failOn: 'none', incomplete: false, allowPartial: false })).toBe(0);
  });

  it('puts an incomplete collection (3) before findings (1), unless partial is allowed', () => {
    const results = [result('fail', 'critical')];
    expect(exitCodeFor({ results, failOn: 'high', incomplete: true, allowPartial: false })).toBe(3);
    expect(exitCodeFor({ results, failOn: 'high', incomplete: true, allowPartial: true })).toBe(1);
    expect(exitCodeFor({ results: [], failOn: 'high', incomplete: true, allowPartial: true })).toBe(0);
  });

  it('orders severities critical > high > medium > low > info', () => {
    expect(meetsThreshold('critical', 'high')).toBe(true);
    expect(meetsThreshold('high', 'high')).toBe(true);
    expect(meetsThreshold('low', 'medium')).toBe(false);
    expect(meetsThreshold('info', 'info')).toBe(true);
  });
});
