import { describe, expect, it } from 'vitest';
import { SEVERITIES as ACTION_SEVERITIES } from '../../scripts/action-outputs.mjs';
import {
  atLeastAsSevere,
  compareSeverity,
  SEVERITIES,
  severityRank,
  type Severity,
} from '../../src/common/severity.js';

describe('severity order', () => {
  it('ranks critical first and info last', () => {
    expect(SEVERITIES.map(severityRank)).toEqual([0, 1, 2, 3, 4]);
    const shuffled: Severity[] = ['info', 'critical', 'low', 'high', 'medium'];
    expect(shuffled.sort(compareSeverity)).toEqual(['critical', 'high', 'medium', 'low', 'info']);
  });

  it('meets a threshold at that severity or above, never below', () => {
    expect(atLeastAsSevere('critical', 'high')).toBe(true);
    expect(atLeastAsSevere('high', 'high')).toBe(true);
    expect(atLeastAsSevere('medium', 'high')).toBe(false);
    expect(atLeastAsSevere('info', 'critical')).toBe(false);
  });

  it('is the order the GitHub Action script (plain JavaScript, no build) copies', () => {
    expect(ACTION_SEVERITIES).toEqual(SEVERITIES);
  });
});
