import { describe, expect, it } from 'vitest';
import * as fn from '../../src/engine/functions.js';
import { buildSnapshotIndex, snapshotHelpers } from '../../src/engine/snapshot-index.js';
import { caseSnapshot } from '../../src/engine/rule-cases.js';
import type { LoadedRule } from '../../src/engine/types.js';

const NOW = new Date('2026-01-15T00:00:00Z');

/** Self-signed P-256 test certificate, notAfter Dec 27 15:39:24 2026 GMT. */
const TEST_PEM = `-----BEGIN CERTIFICATE-----
MIIBYDCCAQagAwIBAgIBATAKBggqhkjOPQQDAjAPMQ0wCwYDVQQDDAR0ZXN0MB4X
DTI2MTEyNzE1MzkyNFoXDTI2MTIyNzE1MzkyNFowDzENMAsGA1UEAwwEdGVzdDBZ
MBMGByqGSM49AgEGCCqGSM49AwEHA0IABHiDDEWjBrTXYFskj4UxCEVvwvPXPfwN
yOYpD925CgcS3AIyEi4uAkjaRSmwptChzGb/Ve3Bo6EBF6v29RuqSW6jUzBRMB0G
A1UdDgQWBBQloaDdJGpxXLQugEs6lCf2DsVmQTAfBgNVHSMEGDAWgBQloaDdJGpx
XLQugEs6lCf2DsVmQTAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUC
IGbBp3yx9mXee0NciKuZkNA986NNmNkf0O5evQ6kCUR+AiEAmO6yAlHmHeZkF1Qm
R1L0KPcBL8W7mLEH6bZ8M0w+Epg=
-----END CERTIFICATE-----`;

describe('pure helpers', () => {
  it('isKnown', () => {
    expect(fn.isKnown(0)).toBe(true);
    expect(fn.isKnown('')).toBe(true);
    expect(fn.isKnown(false)).toBe(true);
    expect(fn.isKnown(null)).toBe(false);
    expect(fn.isKnown(undefined)).toBe(false);
  });

  it('durationHours parses Go durations', () => {
    expect(fn.durationHours('24h')).toBe(24);
    expect(fn.durationHours('2h45m')).toBeCloseTo(2.75);
    expect(fn.durationHours('300ms')).toBeCloseTo(300 / 3.6e6);
    expect(fn.durationHours('1.5h')).toBe(1.5);
    expect(fn.durationHours('30m')).toBe(0.5);
    expect(fn.durationHours('90s')).toBeCloseTo(0.025);
    expect(fn.durationHours('1h30m15s')).toBeCloseTo(1.5 + 15 / 3600);
    expect(fn.durationHours('0')).toBe(0);
    expect(fn.durationHours('-1h')).toBe(-1);
    expect(fn.durationHours('forever')).toBe(fn.FOREVER_HOURS);
    for (const bad of ['', '24', 'h', '1d', 'two days', '1h 30m', null, undefined, 24, {}])
      expect(fn.durationHours(bad)).toBeUndefined();
  });

  it('daysUntil / daysSince', () => {
    expect(fn.daysUntil('2026-01-25T00:00:00Z', NOW)).toBe(10);
    expect(fn.daysUntil('2026-01-14T12:00:00Z', NOW)).toBe(-0.5);
    expect(fn.daysSince('2026-01-05T00:00:00Z', NOW)).toBe(10);
    expect(fn.daysSince('2026-01-25', NOW)).toBe(-10);
    for (const bad of [undefined, null, '', 'yesterday', {}]) {
      expect(fn.daysUntil(bad, NOW)).toBeUndefined();
      expect(fn.daysSince(bad, NOW)).toBeUndefined();
    }
  });

  it('ruleKeys / hasRule / rulesOf', () => {
    const rules = [{ everyone: {} }, { email: { email: 'a@b.c' } }];
    expect(fn.ruleKeys(rules)).toEqual(['everyone', 'email']);
    expect(fn.ruleKeys(undefined)).toEqual([]);
    expect(fn.ruleKeys({ ip: { ip: '1.2.3.4' } })).toEqual(['ip']);
    expect(fn.ruleKeys([null, 3, 'x'])).toEqual([]);
    expect(fn.hasRule(rules, 'email')).toBe(true);
    expect(fn.hasRule(rules, 'ip')).toBe(false);
    expect(fn.hasRule(undefined, 'ip')).toBe(false);
    expect(fn.hasRule(rules, undefined)).toBe(false);
    expect(fn.rulesOf({ include: [{ a: {} }], exclude: [{ b: {} }], require: [{ c: {} }] })).toEqual([
      { a: {} },
      { c: {} },
    ]);
    expect(fn.rulesOf(undefined)).toEqual([]);
    expect(fn.rulesOf({})).toEqual([]);
  });

  it('cidrPrefix / isIPv6 / isPrivateIp', () => {
    expect(fn.cidrPrefix('10.0.0.0/8')).toBe(8);
    expect(fn.cidrPrefix('0.0.0.0/0')).toBe(0);
    expect(fn.cidrPrefix('192.0.2.1')).toBe(32);
    expect(fn.cidrPrefix('2001:db8::/32')).toBe(32);
    expect(fn.cidrPrefix('::1')).toBe(128);
    for (const bad of ['10.0.0.0/33', '300.1.1.1', 'abc', '10.0.0.0/8/9', '', undefined, 5])
      expect(fn.cidrPrefix(bad)).toBeUndefined();
    expect(fn.isIPv6('2001:db8::1')).toBe(true);
    expect(fn.isIPv6('::/0')).toBe(true);
    expect(fn.isIPv6('10.0.0.1')).toBe(false);
    expect(fn.isIPv6(undefined)).toBe(false);
    for (const ip of [
      '10.1.2.3',
      '172.16.0.0/12',
      '192.168.1.0/24',
      '127.0.0.1',
      '169.254.1.1',
      '100.64.0.1',
      'fd00::1',
      'fe80::1',
      '::1',
    ])
      expect(fn.isPrivateIp(ip)).toBe(true);
    for (const ip of ['8.8.8.8', '10.0.0.0/7', '172.32.0.1', '0.0.0.0/0', '2001:db8::1', '::/0', 'nope', undefined])
      expect(fn.isPrivateIp(ip)).toBe(false);
  });

  it('urlScheme / urlHost / isLoopbackHost', () => {
    expect(fn.urlScheme('HTTPS://example.com')).toBe('https');
    expect(fn.urlScheme('http://x')).toBe('http');
    expect(fn.urlScheme('example.com/path')).toBeUndefined();
    expect(fn.urlScheme(undefined)).toBeUndefined();
    expect(fn.urlHost('https://user@Example.COM:8443/a?b')).toBe('example.com');
    expect(fn.urlHost('app.example.com/admin')).toBe('app.example.com');
    expect(fn.urlHost('*.example.com/*')).toBe('*.example.com');
    expect(fn.urlHost('http://[::1]:8080/')).toBe('::1');
    expect(fn.urlHost('')).toBeUndefined();
    expect(fn.urlHost(null)).toBeUndefined();
    for (const h of ['localhost', 'LOCALHOST', 'a.localhost', '127.0.0.1', '127.5.5.5', '::1', '[::1]'])
      expect(fn.isLoopbackHost(h)).toBe(true);
    for (const h of ['example.com', '10.0.0.1', '127.0.0.0/8', '', undefined]) expect(fn.isLoopbackHost(h)).toBe(false);
  });

  it('isPublicEmailDomain', () => {
    expect(fn.isPublicEmailDomain('gmail.com')).toBe(true);
    expect(fn.isPublicEmailDomain('@Outlook.com')).toBe(true);
    expect(fn.isPublicEmailDomain('example.com')).toBe(false);
    expect(fn.isPublicEmailDomain(undefined)).toBe(false);
  });

  it('isBrowserApp', () => {
    for (const type of ['self_hosted', 'ssh', 'vnc', 'rdp', 'mcp', 'mcp_portal'])
      expect(fn.isBrowserApp({ type })).toBe(true);
    for (const type of ['saas', 'warp', 'bookmark', 'infrastructure', undefined])
      expect(fn.isBrowserApp({ type })).toBe(false);
    expect(fn.isBrowserApp(undefined)).toBe(false);
  });

  it('pemNotAfter', () => {
    expect(fn.pemNotAfter(TEST_PEM)).toBe('2026-12-27T15:39:24.000Z');
    expect(fn.pemNotAfter('not a pem')).toBeUndefined();
    expect(fn.pemNotAfter('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----')).toBeUndefined();
    expect(fn.pemNotAfter(undefined)).toBeUndefined();
  });
});

describe('snapshot helpers', () => {
  const rule = { id: 'x', resource: 'access_policy' } as LoadedRule;
  const { snapshot } = caseSnapshot(rule, {
    name: 'h',
    resource: { id: 'p0', include: [] },
    snapshot: {
      identity_provider: [
        { id: 'otp', type: 'onetimepin' },
        { id: 'okta', type: 'okta', saml_certificate_set_id: 'set-1' },
      ],
      access_group: [
        { id: 'g-all', include: [{ everyone: {} }] },
        { id: 'g-nested', include: [{ group: { id: 'g-all' } }] },
        { id: 'g-narrow', include: [{ everyone: {} }], require: [{ email_domain: { domain: 'example.com' } }] },
        { id: 'g-otp', include: [{ login_method: { id: 'otp' } }] },
        { id: 'g-loop', include: [{ group: { id: 'g-loop' } }] },
      ],
      access_policy: [
        {
          id: 'reusable-1',
          name: 'R1',
          decision: 'allow',
          include: [{ service_token: { token_id: 'tok-1' } }],
          app_count: 1,
        },
      ],
      access_application: [
        {
          id: 'app-1',
          custom_pages: ['page-1'],
          tags: ['prod'],
          allowed_idps: ['okta'],
          policies: [
            { id: 'reusable-1', precedence: 1 },
            { id: 'inline', include: [{ group: { id: 'g-all' } }] },
          ],
        },
      ],
      mcp_portal: [{ id: 'portal', servers: [{ server_id: 'srv-1' }] }],
      organization: [{ name: 'org', custom_pages: { forbidden: 'page-2' } }],
    },
  });
  const h = snapshotHelpers(buildSnapshotIndex(snapshot), NOW);

  it('resource and idpType', () => {
    expect(h.resource!('identity_provider', 'otp')).toEqual({ id: 'otp', type: 'onetimepin' });
    expect(h.resource!('identity_provider', 'missing')).toBeUndefined();
    expect(h.resource!('not_a_type', 'otp')).toBeUndefined();
    expect(h.resource!(undefined, undefined)).toBeUndefined();
    expect(h.idpType!('okta')).toBe('okta');
    expect(h.idpType!('missing')).toBeUndefined();
    expect(h.idpType!(undefined)).toBeUndefined();
  });

  it('includesEveryone resolves groups and respects require', () => {
    expect(h.includesEveryone!({ include: [{ everyone: {} }] })).toBe(true);
    expect(h.includesEveryone!({ include: [{ everyone: {} }], require: [{ email: {} }] })).toBe(false);
    expect(h.includesEveryone!({ include: [{ group: { id: 'g-nested' } }] })).toBe(true);
    expect(h.includesEveryone!({ include: [{ group: { id: 'g-narrow' } }] })).toBe(false);
    expect(h.includesEveryone!({ include: [{ group: { id: 'g-loop' } }] })).toBe(false);
    expect(h.includesEveryone!({ include: [{ group: { id: 'missing' } }] })).toBe(false);
    expect(h.includesEveryone!(undefined)).toBe(false);
    expect(h.includesEveryone!({ include: [{ email: { email: 'a@b.c' } }] })).toBe(false);
  });

  it('allowsAllOtpEmails', () => {
    expect(h.allowsAllOtpEmails!({ include: [{ login_method: { id: 'otp' } }] })).toBe(true);
    expect(h.allowsAllOtpEmails!({ include: [{ group: { id: 'g-otp' } }] })).toBe(true);
    expect(h.allowsAllOtpEmails!({ include: [{ login_method: { id: 'okta' } }] })).toBe(false);
    expect(h.allowsAllOtpEmails!({ include: [{ login_method: { id: 'otp' } }], require: [{ geo: {} }] })).toBe(false);
    expect(h.allowsAllOtpEmails!(null)).toBe(false);
  });

  it('isReferenced covers every kind', () => {
    expect(h.isReferenced!('group', 'g-all')).toBe(true);
    expect(h.isReferenced!('group', 'g-otp')).toBe(false);
    expect(h.isReferenced!('service_token', 'tok-1')).toBe(true);
    expect(h.isReferenced!('identity_provider', 'otp')).toBe(true);
    expect(h.isReferenced!('identity_provider', 'okta')).toBe(true);
    expect(h.isReferenced!('custom_page', 'page-1')).toBe(true);
    expect(h.isReferenced!('custom_page', 'page-2')).toBe(true);
    expect(h.isReferenced!('custom_page', 'page-3')).toBe(false);
    expect(h.isReferenced!('tag', 'prod')).toBe(true);
    expect(h.isReferenced!('mcp_server', 'srv-1')).toBe(true);
    expect(h.isReferenced!('saml_certificate_set', 'set-1')).toBe(true);
    expect(h.isReferenced!('reusable_policy', 'reusable-1')).toBe(true);
    expect(h.isReferenced!('nonsense', 'x')).toBe(false);
    expect(h.isReferenced!('group', undefined)).toBe(false);
  });

  it('policiesOf merges reusable policies', () => {
    const policies = h.policiesOf!(snapshot.resources.access_application[0]!.data) as Record<string, unknown>[];
    expect(policies.map((p) => p.id)).toEqual(['reusable-1', 'inline']);
    expect(policies[0]).toMatchObject({ name: 'R1', decision: 'allow', precedence: 1 });
    expect(h.policiesOf!(undefined)).toEqual([]);
    expect(h.policiesOf!({})).toEqual([]);
  });

  it('date helpers use the scan clock', () => {
    expect(h.daysUntil!('2026-01-16T00:00:00Z')).toBe(1);
    expect(h.daysSince!('2026-01-14T00:00:00Z')).toBe(1);
  });
});
