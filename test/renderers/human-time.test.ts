import { describe, expect, it } from 'vitest';
import { humanAge, humanDuration, humanTime } from '../../src/renderers/human-time.js';

describe('humanTime', () => {
  it('writes a day, an English month and the UTC time, whatever the time zone of the input', () => {
    expect(humanTime('2026-12-02T20:28:41Z')).toBe('2 Dec 2026, 20:28 UTC');
    expect(humanTime('2026-12-02T21:28:41+01:00')).toBe('2 Dec 2026, 20:28 UTC');
    expect(humanTime('2026-01-05T03:04:00.000Z')).toBe('5 Jan 2026, 03:04 UTC');
  });

  it('keeps a date without a time as a date, and text that is no date as it is', () => {
    expect(humanTime('2025-12-31')).toBe('31 Dec 2025');
    expect(humanTime('next week')).toBe('next week');
  });
});

describe('humanDuration', () => {
  it('uses the two largest units', () => {
    expect(humanDuration(850)).toBe('850 ms');
    expect(humanDuration(2_340)).toBe('2.3 s');
    expect(humanDuration(245_000)).toBe('4m 05s');
    expect(humanDuration(24 * 3_600_000)).toBe('24h');
    expect(humanDuration(90 * 60_000)).toBe('1h 30m');
    expect(humanDuration(76 * 3_600_000)).toBe('3d 4h');
    expect(humanDuration(Number.NaN)).toBe('—');
  });

  it('gives the age of one time before another, or nothing when it is not before', () => {
    expect(humanAge('2026-01-14T06:00:00Z', '2026-01-15T06:00:00Z')).toBe('24h');
    expect(humanAge('2026-01-15T06:00:00Z', '2026-01-14T06:00:00Z')).toBe('');
    expect(humanAge('unknown', '2026-01-14T06:00:00Z')).toBe('');
  });
});
