import { describe, expect, it } from 'vitest';
import { commandHelp, parseCommandArgs } from '../../src/cli/args.js';
import { SCAN_SPEC, EVALUATE_SPEC, COMMAND_SPECS } from '../../src/cli/command-specs.js';
import { UserError } from '../../src/cli/errors.js';
import { closest } from '../../src/cli/did-you-mean.js';

function usage(fn: () => unknown): UserError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).kind).toBe('usage');
    return error as UserError;
  }
  throw new Error('expected a usage error');
}

describe('parseCommandArgs', () => {
  it('parses repeated and boolean options', () => {
    const { values } = parseCommandArgs(SCAN_SPEC, [
      '--account',
      'a1',
      '--account=a2',
      '--zone',
      'z1',
      '--allow-partial',
      '--fail-on',
      'medium',
    ]);
    expect(values.account).toEqual(['a1', 'a2']);
    expect(values.zone).toEqual(['z1']);
    expect(values['allow-partial']).toBe(true);
    expect(values['fail-on']).toBe('medium');
  });

  it('suggests the closest option for an unknown one', () => {
    const error = usage(() => parseCommandArgs(SCAN_SPEC, ['--acount', 'x']));
    expect(error.message).toBe('unknown option "--acount" for "scan". Did you mean "--account"?');
    expect(error.fix).toBe('Run "cf-access-audit scan --help" for usage.');
  });

  it('rejects a value outside the choices with a hint', () => {
    const error = usage(() => parseCommandArgs(SCAN_SPEC, ['--fail-on', 'hihg']));
    expect(error.message).toContain(
      '--fail-on must be one of critical, high, medium, low, info, none; got "hihg". Did you mean "high"?',
    );
  });

  it('names the missing value of a string option', () => {
    const error = usage(() => parseCommandArgs(SCAN_SPEC, ['--out']));
    expect(error.message).toBe('--out needs a value: --out DIR.');
  });

  it('rejects a value given to a boolean option', () => {
    const error = usage(() => parseCommandArgs(SCAN_SPEC, ['--allow-partial=yes']));
    expect(error.message).toBe('--allow-partial takes no value.');
  });

  it('demands required positionals and refuses extra ones', () => {
    expect(usage(() => parseCommandArgs(EVALUATE_SPEC, [])).message).toContain('"evaluate" needs SNAPSHOT_DIR');
    expect(usage(() => parseCommandArgs(EVALUATE_SPEC, ['a', 'b'])).message).toBe(
      'unexpected argument "b" for "evaluate".',
    );
    expect(usage(() => parseCommandArgs(SCAN_SPEC, ['oops'])).message).toBe('unexpected argument "oops" for "scan".');
  });

  it('skips validation when --help is given', () => {
    expect(parseCommandArgs(EVALUATE_SPEC, ['--help']).values.help).toBe(true);
  });
});

describe('commandHelp', () => {
  it('lists every option of every command', () => {
    for (const spec of COMMAND_SPECS) {
      const help = commandHelp(spec);
      expect(help.startsWith(`Usage: cf-access-audit ${spec.name}`)).toBe(true);
      for (const name of Object.keys(spec.options)) expect(help).toContain(`--${name}`);
    }
  });
});

describe('closest', () => {
  it('finds near misses and ignores unrelated words', () => {
    expect(closest('scna', ['scan', 'collect'])).toBe('scan');
    expect(closest('xyzzy', ['scan', 'collect'])).toBeUndefined();
  });
});
