import { createHash } from 'node:crypto';
import type { LoadedRule, Result, Severity } from '../../src/engine/types.js';
import type { AccountReport, ReportInput } from '../../src/renderers/types.js';
import { RESOURCE_TYPES, RESOURCE_TYPE_SPECS, type ResourceType } from '../../src/catalog/resource-types.js';
import type { CoverageEntry, SnapshotManifest } from '../../src/snapshot/types.js';

export const GENERATED_AT = '2026-01-15T06:00:00.000Z';
export const COLLECTED_AT = '2026-01-15T05:59:30.000Z';
export const ACCOUNT_ID = '023e105f4ecef8ad9ca31a8372d0c353';
export const XSS = '<img src=x onerror=alert(1)>';

export function makeRule(overrides: Partial<LoadedRule> = {}): LoadedRule {
  const id = overrides.id ?? 'access-application-http-only-cookie';
  return {
    id,
    resource: 'access_application',
    title: 'Access application cookies are HttpOnly',
    severity: 'medium',
    description:
      'Checks that the CF_Authorization cookie of a browser-facing Access application has the HttpOnly attribute.',
    risk: 'Without HttpOnly, script injected into the application can read the session cookie and replay it.',
    remediation: {
      dashboard:
        'Zero Trust › Access › Applications › *app* › Advanced settings › Cookie settings › enable **HttpOnly**.',
      api: '`PUT /accounts/{account_id}/access/apps/{app_id}` with `http_only_cookie_attribute: true`.',
      terraform: '`cloudflare_zero_trust_access_application.http_only_cookie_attribute = true`',
    },
    references: ['https://developers.cloudflare.com/cloudflare-one/identity/authorization-cookie/'],
    frameworks: { 'nist-800-53': ['SC-23'], 'cis-controls-v8': ['16.1'], 'iso-27001': ['A.8.26'], soc2: ['CC6.1'] },
    tags: ['cookies', 'session'],
    check: 'http_only_cookie_attribute != false',
    message:
      "Access application '{{$name}}' ({{$id}}) sets http_only_cookie_attribute to {{http_only_cookie_attribute}}.",
    aliases: [],
    sourceFile: `/rules/access_application/${id}.yaml`,
    builtin: true,
    ...overrides,
  };
}

/** A small catalog: one rule per severity, across three resource types. */
export function makeRules(): LoadedRule[] {
  return [
    makeRule(),
    makeRule({
      id: 'access-policy-no-everyone',
      resource: 'access_policy',
      severity: 'critical',
      title: 'Reusable Access policies do not allow everyone',
      frameworks: { 'nist-800-53': ['AC-3'], soc2: ['CC6.1'] },
      tags: ['authorization'],
      aliases: ['access-policy-everyone-allowed'],
    }),
    makeRule({
      id: 'access-application-session-duration',
      severity: 'high',
      title: 'Access application sessions last 24 hours or less',
      frameworks: { 'nist-800-53': ['AC-12'], 'iso-27001': ['A.8.5'] },
      tags: ['session'],
    }),
    makeRule({
      id: 'service-token-expiry',
      resource: 'service_token',
      severity: 'low',
      title: 'Service tokens expire within a year',
      frameworks: { 'cis-controls-v8': ['5.3'] },
      tags: ['credentials'],
    }),
    makeRule({
      id: 'access-application-logo-https',
      severity: 'info',
      title: 'Access application logos load over HTTPS',
      frameworks: {},
      tags: [],
    }),
  ];
}

export function fingerprint(ruleId: string, accountId: string, type: string, resourceId: string): string {
  return createHash('sha256').update(`${ruleId}\u0000${accountId}\u0000${type}\u0000${resourceId}`).digest('hex');
}

export function makeResult(overrides: Partial<Result> & { rule_id?: string } = {}): Result {
  const type: ResourceType = overrides.resource_type ?? 'access_application';
  const resourceId = overrides.resource_id ?? 'app-1';
  const ruleId = overrides.rule_id ?? 'access-application-http-only-cookie';
  const accountId = overrides.account_id ?? ACCOUNT_ID;
  const name = overrides.resource_name === undefined ? 'wiki' : overrides.resource_name;
  return {
    rule_id: ruleId,
    status: 'fail',
    severity: 'medium' as Severity,
    account_id: accountId,
    resource_type: type,
    resource_id: resourceId,
    resource_name: name,
    file: resourceId === '*' ? null : `${type}/${resourceId}.json`,
    fingerprint: fingerprint(ruleId, accountId, type, resourceId),
    message: `Access application '${name}' (${resourceId}) sets http_only_cookie_attribute to false.`,
    evidence: [{ path: 'http_only_cookie_attribute', value: false }],
    ...overrides,
  };
}

export function makeManifest(
  coverage: Partial<Record<ResourceType, Partial<CoverageEntry>>> = {},
  accountId = ACCOUNT_ID,
): SnapshotManifest {
  const full = Object.fromEntries(
    RESOURCE_TYPES.map((t) => [t, { status: 'ok', count: 1, requests: 1, ...coverage[t] }]),
  ) as Record<ResourceType, CoverageEntry>;
  return {
    format_version: 1,
    tool: { name: 'cf-access-audit', version: '0.1.0' },
    account_id: accountId,
    zone_ids: [],
    collected_at: COLLECTED_AT,
    base_url: 'http://127.0.0.1:8787/client/v4',
    coverage: full,
    zone_coverage: {},
    requests: { total: 20, retries: 0, rate_limited: 0, server_errors: 0, timeouts: 0, bytes: 12345, duration_ms: 800 },
  };
}

export function makeAccount(overrides: Partial<AccountReport> = {}): AccountReport {
  const accountId = overrides.accountId ?? ACCOUNT_ID;
  return {
    accountId,
    accountName: 'Example Corp',
    manifest: makeManifest({}, accountId),
    results: [],
    suppressions: { expired: [], unmatched: [] },
    snapshotDir: 'snapshot',
    ...overrides,
  };
}

export function makeInput(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    generatedAt: GENERATED_AT,
    toolVersion: '0.1.0',
    accounts: [makeAccount()],
    rules: makeRules(),
    ...overrides,
  };
}

/**
 * A realistic account: findings of every severity and status, an XSS-laden application name,
 * a suppressed finding, an unknown type (access_policy forbidden) and a rule error.
 */
export function makeRichInput(): ReportInput {
  const results: Result[] = [
    makeResult({ resource_id: 'app-1', resource_name: 'wiki' }),
    makeResult({
      resource_id: 'app-xss',
      resource_name: XSS,
      message: `Access application '${XSS}' (app-xss) sets http_only_cookie_attribute to false.`,
    }),
    makeResult({ resource_id: 'app-2', resource_name: 'grafana', status: 'pass', message: '', evidence: [] }),
    makeResult({ resource_id: 'app-3', resource_name: 'billing', status: 'not_applicable', message: '', evidence: [] }),
    makeResult({
      rule_id: 'access-application-session-duration',
      severity: 'high',
      resource_id: 'app-1',
      resource_name: 'wiki',
      message: "Access application 'wiki' (app-1) allows sessions of 720h; the limit is 24h.",
      evidence: [{ path: 'session_duration', value: '720h' }],
    }),
    makeResult({
      rule_id: 'access-application-session-duration',
      severity: 'high',
      resource_id: 'app-9',
      resource_name: 'legacy admin',
      status: 'suppressed',
      message: "Access application 'legacy admin' (app-9) allows sessions of 168h; the limit is 24h.",
      evidence: [{ path: 'session_duration', value: '168h' }],
      suppression: {
        reason: 'Kiosk app, replaced in Q2 (JIRA SEC-42)',
        expires: '2026-06-30',
        original_status: 'fail',
      },
    }),
    makeResult({
      rule_id: 'access-policy-no-everyone',
      severity: 'critical',
      resource_type: 'access_policy',
      resource_id: '*',
      resource_name: null,
      file: null,
      status: 'unknown',
      message: '',
      evidence: [],
      detail: 'access_policy was not collected (forbidden).',
    }),
    makeResult({
      rule_id: 'service-token-expiry',
      severity: 'low',
      resource_type: 'service_token',
      resource_id: 'tok-1',
      resource_name: 'ci deploy',
      message: "Service token 'ci deploy' (tok-1) expires on 2030-01-01, more than 365 days away.",
      evidence: [{ path: 'expires_at', value: '2030-01-01T00:00:00Z' }],
    }),
    makeResult({
      rule_id: 'service-token-expiry',
      severity: 'low',
      resource_type: 'service_token',
      resource_id: 'tok-2',
      resource_name: 'broken',
      status: 'error',
      message: '',
      evidence: [],
      detail: 'T2001: The left side of the "-" operator must evaluate to a number.',
    }),
    makeResult({
      rule_id: 'access-application-logo-https',
      severity: 'info',
      resource_id: 'app-1',
      resource_name: 'wiki',
      message: "Access application 'wiki' (app-1) loads its logo from http://cdn.example.com/logo.png.",
      evidence: [{ path: 'logo_url', value: 'http://cdn.example.com/logo.png' }],
    }),
  ];
  const manifest = makeManifest({
    access_policy: {
      status: 'forbidden',
      count: 0,
      requests: 1,
      http_status: 403,
      endpoint: `/accounts/${ACCOUNT_ID}/access/policies`,
      message: 'The token lacks access to reusable policies.',
      permission: RESOURCE_TYPE_SPECS.access_policy.permission,
    },
  });
  return makeInput({
    accounts: [
      makeAccount({
        manifest,
        results,
        suppressions: {
          expired: [{ rule: 'service-token-expiry', resource: 'tok-9', reason: 'rotation', expires: '2025-12-31' }],
          unmatched: [],
        },
      }),
    ],
  });
}
