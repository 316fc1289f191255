/** Turns source.ts into the snapshot records, manifest and planted.yaml text the build script writes. */
import { stringify } from 'yaml';
import { makeResourceRecord } from '../../src/snapshot/layout.js';
import { RESOURCE_TYPES, RESOURCE_TYPE_SPECS, type ResourceType } from '../../src/catalog/resource-types.js';
import {
  SNAPSHOT_FORMAT_VERSION,
  type CoverageEntry,
  type ResourceRecord,
  type SnapshotManifest,
} from '../../src/snapshot/types.js';
import { TOOL_NAME, TOOL_VERSION } from '../../src/paths.js';
import * as source from './source.js';

const ITEMS: Record<ResourceType, readonly object[]> = {
  access_application: source.applications,
  access_policy: source.reusablePolicies,
  access_group: source.groups,
  identity_provider: source.identityProviders,
  service_token: source.serviceTokens,
  mtls_certificate: source.mtlsCertificates,
  mtls_hostname_settings: source.mtlsHostnameSettings,
  organization: [source.organization],
  saml_certificate_set: source.samlCertificateSets,
  idp_federation_grant: source.idpFederationGrants,
  gateway_ca: source.gatewayCAs,
  short_lived_ca: source.shortLivedCAs,
  infrastructure_target: source.infrastructureTargets,
  access_tag: source.accessTags,
  custom_page: source.customPages,
  bookmark: source.bookmarks,
  access_keys: [source.accessKeys],
  mcp_server: source.mcpServers,
  mcp_portal: source.mcpPortals,
  gateway_configuration: [source.gatewayConfiguration],
  tunnel: source.tunnels,
  tunnel_configuration: source.tunnelConfigurations,
};

export interface DemoAccount {
  manifest: SnapshotManifest;
  records: ResourceRecord[];
}

/** The demo account as a snapshot: one record per source object, coverage as a full collection would report. */
export function buildDemoAccount(): DemoAccount {
  const scope = { kind: 'account', id: source.DEMO_ACCOUNT_ID } as const;
  const records: ResourceRecord[] = [];
  const coverage = {} as Record<ResourceType, CoverageEntry>;
  let bytes = 0;
  for (const type of RESOURCE_TYPES) {
    const items = ITEMS[type].map((item) => structuredClone(item) as Record<string, unknown>);
    for (const item of items) {
      records.push(makeResourceRecord(type, scope, item));
      bytes += Buffer.byteLength(JSON.stringify(item));
    }
    const spec = RESOURCE_TYPE_SPECS[type];
    // One list request (every demo list fits in one page) plus one per item for detail-only fields; one per
    // item for a type read per parent item.
    const requests = spec.perParent ? items.length : 1 + (spec.detailFields ? items.length : 0);
    coverage[type] = { status: 'ok', count: items.length, requests };
  }
  const total = Object.values(coverage).reduce((sum, entry) => sum + entry.requests, 0);
  const manifest: SnapshotManifest = {
    format_version: SNAPSHOT_FORMAT_VERSION,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    account_id: source.DEMO_ACCOUNT_ID,
    zone_ids: [],
    collected_at: source.DEMO_COLLECTED_AT,
    base_url: source.DEMO_BASE_URL,
    coverage,
    zone_coverage: {},
    requests: { total, retries: 0, rate_limited: 0, server_errors: 0, timeouts: 0, bytes, duration_ms: 1840 },
  };
  return { manifest, records };
}

/** planted.yaml: the planted misconfigurations and the resources that must stay clean. */
export function plantedYaml(): string {
  const header = [
    '# Generated from examples/demo-account/source.ts by `npx tsx scripts/build-demo-account.ts`; do not edit.',
    '# planted: misconfigurations a scan of the demo account must report (catalog ids as in docs/rules.md).',
    '# clean: resources that must raise nothing at medium severity or above.',
    '',
  ].join('\n');
  return header + stringify({ planted: source.planted, clean: source.clean }, { lineWidth: 0 });
}
