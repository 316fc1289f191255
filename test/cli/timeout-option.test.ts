import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/cli/duration.js';
import { parseConfig } from '../../src/cli/config/load-config.js';
import { resolveRunOptions } from '../../src/cli/config/resolve-options.js';
import { COLLECT_SPEC, SCAN_SPEC } from '../../src/cli/command-specs.js';

describe('--timeout', () => {
  it('reads durations in ms, s, m and h, and nothing else', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('15m')).toBe(900_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('250ms')).toBe(250);
    for (const bad of ['', '30', '5x', '-1s', '0s', '1.5h', 'soon', '1 h']) expect(parseDuration(bad)).toBeUndefined();
  });

  it('is an option of scan and collect, defaults to 30m, and the flag wins over the configuration', async () => {
    expect(SCAN_SPEC.options['timeout']).toMatchObject({ type: 'string', value: 'DURATION' });
    expect(COLLECT_SPEC.options['timeout']).toMatchObject({ type: 'string', value: 'DURATION' });
    const none = { file: undefined, config: {} };
    expect(resolveRunOptions({}, {}, none, '/w').timeout).toEqual({ label: '30m', ms: 1_800_000 });
    const config = { file: '/w/c.yaml', config: await parseConfig('/w/c.yaml', 'timeout: 15m\n') };
    expect(resolveRunOptions({}, {}, config, '/w').timeout).toEqual({ label: '15m', ms: 900_000 });
    expect(resolveRunOptions({ timeout: '90s' }, {}, config, '/w').timeout).toEqual({ label: '90s', ms: 90_000 });
    expect(() => resolveRunOptions({ timeout: 'later' }, {}, none, '/w')).toThrow(
      /--timeout "later" is not a duration/,
    );
  });

  it('is a configuration key checked against the schema', async () => {
    await expect(parseConfig('/w/c.yaml', 'timeout: soon\n')).rejects.toThrow(/key "timeout"/);
  });
});
