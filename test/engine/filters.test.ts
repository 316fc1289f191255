import { describe, expect, it } from 'vitest';
import {
  NO_FILTER,
  resultSelected,
  ruleSelected,
  unmatchedRulePatterns,
  type ReportFilter,
} from '../../src/engine/filters.js';
import { makeResult, makeRule } from '../renderers/fixtures.js';

const rule = makeRule({
  id: 'access-application-http-only-cookie',
  aliases: ['app-httponly'],
  catalog_id: 'ZTA-APP-009',
  frameworks: { 'nist-800-53': ['SC-23', 'AC-3(7)'], soc2: ['CC6.1'] },
});
const filter = (overrides: Partial<ReportFilter>): ReportFilter => ({ ...NO_FILTER, ...overrides });

describe('report filters', () => {
  it('select rules by id, alias or catalog id, with * as a wildcard', () => {
    const patterns = ['access-application-http-only-cookie', 'access-application-*', 'app-httponly', 'ZTA-APP-*'];
    for (const pattern of patterns) {
      expect(ruleSelected(rule, filter({ rules: [pattern] }))).toBe(true);
    }
    expect(ruleSelected(rule, filter({ rules: ['access-policy-*'] }))).toBe(false);
    expect(ruleSelected(rule, filter({ rules: ['access-policy-*', 'ZTA-APP-009'] }))).toBe(true);
    expect(unmatchedRulePatterns([rule], filter({ rules: ['nope-*', 'app-*'] }))).toEqual(['nope-*']);
  });

  it('select rules by framework, or by a control glob regardless of case', () => {
    expect(ruleSelected(rule, filter({ frameworks: [{ framework: 'soc2' }] }))).toBe(true);
    expect(ruleSelected(rule, filter({ frameworks: [{ framework: 'iso-27001' }] }))).toBe(false);
    expect(ruleSelected(rule, filter({ frameworks: [{ framework: 'nist-800-53', control: 'ac-3*' }] }))).toBe(true);
    expect(ruleSelected(rule, filter({ frameworks: [{ framework: 'nist-800-53', control: 'AC-2' }] }))).toBe(false);
  });

  it('keep results at or above the minimum severity, and fixed findings of unknown rules by id only', () => {
    const byId = new Map([[rule.id, rule]]);
    const high = makeResult({ severity: 'high' });
    expect(resultSelected(high, filter({ minSeverity: 'high' }), byId)).toBe(true);
    expect(resultSelected(makeResult({ severity: 'medium' }), filter({ minSeverity: 'high' }), byId)).toBe(false);
    const orphan = makeResult({ rule_id: 'custom-gone' });
    expect(resultSelected(orphan, NO_FILTER, byId)).toBe(true);
    expect(resultSelected(orphan, filter({ rules: ['custom-*'] }), byId)).toBe(true);
    expect(resultSelected(orphan, filter({ frameworks: [{ framework: 'soc2' }] }), byId)).toBe(false);
  });
});
