/** Snapshots for the `reach` tests: the demo account, and a small account with Service Auth applications. */
import path from 'node:path';
import { buildDemoAccount } from '../../examples/demo-account/build.js';
import { DEMO_ACCOUNT_DIR } from '../../src/paths.js';
import { makeResourceRecord } from '../../src/snapshot/layout.js';
import { readSnapshot } from '../../src/snapshot/read.js';
import type { ResourceType } from '../../src/catalog/resource-types.js';
import type { ResourceRecord } from '../../src/snapshot/types.js';
import { writeSnapshot } from '../../src/snapshot/write.js';
import { ACCOUNT, snapshotOf } from './fixtures.js';

/**
 * examples/demo-account, or the same account written from its source into `tmp` when the bundled folder
 * cannot be read (for instance while its manifest is being regenerated).
 */
export async function demoSnapshotDir(tmp: string): Promise<string> {
  try {
    await readSnapshot(DEMO_ACCOUNT_DIR);
    return DEMO_ACCOUNT_DIR;
  } catch {
    const dir = path.join(tmp, 'demo-account');
    const { manifest, records } = buildDemoAccount();
    await writeSnapshot(dir, manifest, records);
    return dir;
  }
}

const account = { kind: 'account', id: ACCOUNT } as const;
const rec = (type: ResourceType, data: Record<string, unknown>): ResourceRecord =>
  makeResourceRecord(type, account, data);

/** Policy with the given decision and rules, embedded in an application. */
function policy(id: string, name: string, decision: string, rules: Record<string, unknown>): Record<string, unknown> {
  return { id, name, decision, precedence: 1, include: [], exclude: [], require: [], ...rules };
}

/**
 * Two Okta IdPs and one-time PIN; tokens `ci` (valid) and `old` (expired); applications: `Deploy hook`
 * (Service Auth for `ci`), `Metrics` (Service Auth for any valid token), `Intranet` (emails at example.com
 * over one-time PIN) and `Office` (the same, from 10.0.0.0/8 only).
 */
export async function writeServiceAuthSnapshot(dir: string): Promise<string> {
  const otpOnly = { allowed_idps: ['idp-otp'] };
  const records = [
    rec('identity_provider', { id: 'idp-otp', name: 'One-time PIN', type: 'onetimepin', config: {} }),
    rec('identity_provider', { id: 'idp-okta', name: 'Okta', type: 'okta', config: {} }),
    rec('identity_provider', { id: 'idp-okta-2', name: 'Okta Contractors', type: 'okta', config: {} }),
    rec('service_token', { id: 'st-ci', name: 'ci', client_id: 'ci.access', expires_at: '2030-01-01T00:00:00Z' }),
    rec('service_token', { id: 'st-old', name: 'old', client_id: 'old.access', expires_at: '2025-01-01T00:00:00Z' }),
    rec('access_application', {
      id: 'app-deploy',
      name: 'Deploy hook',
      type: 'self_hosted',
      domain: 'deploy.example.com',
      policies: [
        policy('pol-deploy', 'CI only', 'non_identity', { include: [{ service_token: { token_id: 'st-ci' } }] }),
      ],
    }),
    rec('access_application', {
      id: 'app-metrics',
      name: 'Metrics',
      type: 'self_hosted',
      domain: 'metrics.example.com',
      policies: [policy('pol-metrics', 'Any token', 'non_identity', { include: [{ any_valid_service_token: {} }] })],
    }),
    rec('access_application', {
      id: 'app-intranet',
      name: 'Intranet',
      type: 'self_hosted',
      domain: 'intranet.example.com',
      ...otpOnly,
      policies: [policy('pol-staff', 'Staff', 'allow', { include: [{ email_domain: { domain: 'example.com' } }] })],
    }),
    rec('access_application', {
      id: 'app-office',
      name: 'Office',
      type: 'self_hosted',
      domain: 'office.example.com',
      ...otpOnly,
      policies: [
        policy('pol-office', 'Staff in the office', 'allow', {
          include: [{ email_domain: { domain: 'example.com' } }],
          require: [{ ip: { ip: '10.0.0.0/8' } }],
        }),
      ],
    }),
  ];
  await writeSnapshot(dir, snapshotOf(records).manifest, records);
  return dir;
}
