import { describe, expect, it } from 'vitest';
import { parseCommandArgs } from '../../src/cli/args.js';
import { REACH_SPEC } from '../../src/cli/command-specs.js';
import { UserError } from '../../src/cli/errors.js';
import { resolvePrincipal, type PrincipalLookup } from '../../src/cli/reach-principal.js';

const lookup: PrincipalLookup = {
  identity_provider: [
    { id: 'idp-okta', name: 'Okta Workforce', type: 'okta' },
    { id: 'idp-otp', name: 'One-time PIN', type: 'onetimepin' },
  ],
  service_token: [{ id: 'st-ci', name: 'CI deploy', client_id: 'abc.access' }],
};

const resolve = (...argv: string[]) => resolvePrincipal(parseCommandArgs(REACH_SPEC, ['snap', ...argv]).values, lookup);

function usage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).kind).toBe('usage');
    return (error as UserError).message;
  }
  throw new Error('expected a usage error');
}

describe('resolvePrincipal', () => {
  it('leaves every attribute not given unknown, except groups (none given means none)', () => {
    expect(resolve('--as', 'a@example.com')).toEqual({ email: 'a@example.com', groups: [] });
  });

  it('takes every attribute given', () => {
    expect(
      resolve(
        '--as',
        'a@example.com',
        '--idp',
        'OKTA workforce',
        '--group',
        'eng',
        '--group',
        'ops',
        '--country',
        'de',
        '--ip',
        '2001:db8::1',
        '--auth-method',
        'mfa',
        '--auth-method',
        'hwk',
        '--posture',
        'p1',
        '--service-token',
        'CI deploy',
      ),
    ).toEqual({
      email: 'a@example.com',
      idp: 'idp-okta',
      groups: ['eng', 'ops'],
      country: 'DE',
      ip: '2001:db8::1',
      authMethods: ['mfa', 'hwk'],
      postures: ['p1'],
      serviceToken: 'st-ci',
    });
  });

  it('finds the IdP by id or name (--idp) and by id or type (--login-method); both must agree', () => {
    expect(resolve('--as', 'a@example.com', '--idp', 'idp-otp').idp).toBe('idp-otp');
    expect(resolve('--as', 'a@example.com', '--login-method', 'onetimepin').idp).toBe('idp-otp');
    const both = resolve('--as', 'a@example.com', '--idp', 'One-time PIN', '--login-method', 'onetimepin');
    expect(both.idp).toBe('idp-otp');
    expect(usage(() => resolve('--as', 'a@example.com', '--login-method', 'One-time PIN'))).toContain(
      '--login-method "One-time PIN" matches no identity provider',
    );
    expect(usage(() => resolve('--as', 'a@example.com', '--idp', 'okta'))).toBe(
      '--idp "okta" is an IdP type, not an id or name: use --login-method okta.',
    );
    expect(
      usage(() => resolve('--as', 'a@example.com', '--idp', 'okta workforce', '--login-method', 'onetimepin')),
    ).toContain('name different identity providers');
  });

  it('finds the service token by id, client id or name, and needs no email then', () => {
    expect(resolve('--service-token', 'abc.access')).toEqual({ groups: [], serviceToken: 'st-ci' });
    expect(usage(() => resolve('--service-token', 'ci'))).toBe(
      '--service-token "ci" matches no service token of the snapshot; its service tokens: CI deploy (st-ci).',
    );
  });

  it('refuses a principal without email or token, and login flags without an email', () => {
    expect(usage(() => resolve())).toContain('"reach" needs --as EMAIL');
    expect(usage(() => resolve('--service-token', 'st-ci', '--auth-method', 'mfa'))).toBe(
      '--auth-method describes a login and needs --as EMAIL.',
    );
  });
});
