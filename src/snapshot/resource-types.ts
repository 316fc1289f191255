/**
 * The one declarative catalog of Access resource types: how each is listed, keyed and permitted.
 * Collectors, the emulator, the engine and the renderers all read it; nothing else names endpoints.
 */

export const RESOURCE_TYPES = [
  'access_application',
  'access_policy',
  'access_group',
  'identity_provider',
  'service_token',
  'mtls_certificate',
  'mtls_hostname_settings',
  'organization',
  'saml_certificate_set',
  'idp_federation_grant',
  'gateway_ca',
  'short_lived_ca',
  'infrastructure_target',
  'access_tag',
  'custom_page',
  'bookmark',
  'access_keys',
  'mcp_server',
  'mcp_portal',
  'gateway_configuration',
] as const;

export type ResourceType = (typeof RESOURCE_TYPES)[number];

/**
 * How an endpoint returns its data:
 * - `paged`: `result[]` with `page`/`per_page` and `result_info.total_pages` (SDK V4PagePaginationArray)
 * - `list`: one request, `result[]` (SDK SinglePage or a plain array)
 * - `object`: one request, `result` is a single object
 */
export type Paging = 'paged' | 'list' | 'object';

export interface ResourceTypeSpec {
  type: ResourceType;
  /** Human label for reports. */
  label: string;
  /** Path below `/accounts/{id}` (or `/zones/{id}` when `zoneScoped`). */
  path: string;
  paging: Paging;
  /** Largest `per_page` the endpoint accepts (paged endpoints only). */
  maxPerPage?: number;
  /** Field that identifies an item; `null` for single objects (file named after the type). */
  key: string | null;
  /** Field holding the human name shown in messages, when the type has one. */
  nameField: string | null;
  /** Also exists at `/zones/{id}/…`. */
  zoneScoped: boolean;
  /** Token permission that grants read access (any matching Write also works). */
  permission: string;
  /** False when Cloudflare documents no permission for the endpoint and `permission` is our best reading. */
  permissionDocumented: boolean;
  /**
   * The list omits fields that only the per-item GET returns (`{path}/{key}`);
   * the collector fetches each item once. Used only where a rule needs such a field.
   */
  detailFields?: string[];
  /**
   * Cloudflare's documented object-count limit per account (cloudflare-one/account-limits), when there is
   * one: how many pages a full listing can take.
   */
  accountLimit?: number;
  /** Path segment used in fully qualified names in reports (`accounts/<id>/<fqnSegment>/<key>`). */
  fqnSegment: string;
}

const APPS_AND_POLICIES = 'Access: Apps and Policies Read';
const ORG_IDP_GROUPS = 'Access: Organizations, Identity Providers, and Groups Read';

export const RESOURCE_TYPE_SPECS: Record<ResourceType, ResourceTypeSpec> = {
  access_application: {
    type: 'access_application', label: 'Access applications', path: '/access/apps', paging: 'paged',
    maxPerPage: 1000, key: 'id', nameField: 'name', zoneScoped: true, permission: APPS_AND_POLICIES,
    permissionDocumented: true, fqnSegment: 'access/apps', accountLimit: 500,
  },
  access_policy: {
    type: 'access_policy', label: 'Access policies', path: '/access/policies', paging: 'paged',
    maxPerPage: 1000, key: 'id', nameField: 'name', zoneScoped: false, permission: APPS_AND_POLICIES,
    permissionDocumented: true, fqnSegment: 'access/policies', accountLimit: 500,
  },
  access_group: {
    type: 'access_group', label: 'Access groups', path: '/access/groups', paging: 'paged',
    maxPerPage: 1000, key: 'id', nameField: 'name', zoneScoped: true, permission: ORG_IDP_GROUPS,
    permissionDocumented: true, fqnSegment: 'access/groups', accountLimit: 300,
  },
  identity_provider: {
    type: 'identity_provider', label: 'Identity providers', path: '/access/identity_providers', paging: 'paged',
    maxPerPage: 1000, key: 'id', nameField: 'name', zoneScoped: true, permission: ORG_IDP_GROUPS,
    permissionDocumented: true, fqnSegment: 'access/identity_providers', accountLimit: 50,
  },
  service_token: {
    type: 'service_token', label: 'Service tokens', path: '/access/service_tokens', paging: 'paged',
    maxPerPage: 1000, key: 'id', nameField: 'name', zoneScoped: true, permission: 'Access: Service Tokens Read',
    permissionDocumented: true, fqnSegment: 'access/service_tokens', accountLimit: 50,
  },
  mtls_certificate: {
    type: 'mtls_certificate', label: 'mTLS certificates', path: '/access/certificates', paging: 'paged',
    maxPerPage: 1000, key: 'id', nameField: 'name', zoneScoped: true,
    permission: 'Access: Mutual TLS Certificates Read', permissionDocumented: true, fqnSegment: 'access/certificates',
    accountLimit: 50,
  },
  mtls_hostname_settings: {
    type: 'mtls_hostname_settings', label: 'mTLS hostname settings', path: '/access/certificates/settings',
    paging: 'list', key: 'hostname', nameField: 'hostname', zoneScoped: true,
    permission: 'Access: Mutual TLS Certificates Read', permissionDocumented: true,
    fqnSegment: 'access/certificates/settings',
  },
  organization: {
    type: 'organization', label: 'Zero Trust organization', path: '/access/organizations', paging: 'object',
    key: null, nameField: 'name', zoneScoped: true, permission: ORG_IDP_GROUPS, permissionDocumented: true,
    fqnSegment: 'access/organizations',
  },
  saml_certificate_set: {
    type: 'saml_certificate_set', label: 'SAML certificate sets', path: '/access/saml_certificates', paging: 'paged',
    maxPerPage: 100, key: 'uid', nameField: 'uid', zoneScoped: false, permission: ORG_IDP_GROUPS,
    permissionDocumented: false, fqnSegment: 'access/saml_certificates',
  },
  idp_federation_grant: {
    type: 'idp_federation_grant', label: 'IdP federation grants', path: '/access/idp_federation_grants',
    paging: 'list', key: 'id', nameField: null, zoneScoped: false, permission: ORG_IDP_GROUPS,
    permissionDocumented: false, fqnSegment: 'access/idp_federation_grants',
  },
  gateway_ca: {
    type: 'gateway_ca', label: 'SSH gateway CAs', path: '/access/gateway_ca', paging: 'list', key: 'id',
    nameField: null, zoneScoped: false, permission: 'Access: SSH Auditing Read', permissionDocumented: true,
    fqnSegment: 'access/gateway_ca',
  },
  short_lived_ca: {
    type: 'short_lived_ca', label: 'Short-lived certificate CAs', path: '/access/apps/ca', paging: 'paged',
    maxPerPage: 1000, key: 'id', nameField: null, zoneScoped: true, permission: APPS_AND_POLICIES,
    permissionDocumented: true, fqnSegment: 'access/apps/ca',
  },
  infrastructure_target: {
    type: 'infrastructure_target', label: 'Infrastructure targets', path: '/infrastructure/targets',
    paging: 'paged', maxPerPage: 1000, key: 'id', nameField: 'hostname', zoneScoped: false,
    permission: 'Zero Trust Read', permissionDocumented: false, fqnSegment: 'infrastructure/targets',
    accountLimit: 5000,
  },
  access_tag: {
    type: 'access_tag', label: 'Access tags', path: '/access/tags', paging: 'paged', maxPerPage: 1000,
    key: 'name', nameField: 'name', zoneScoped: false, permission: APPS_AND_POLICIES, permissionDocumented: false,
    fqnSegment: 'access/tags',
  },
  custom_page: {
    type: 'custom_page', label: 'Access custom pages', path: '/access/custom_pages', paging: 'paged',
    maxPerPage: 1000, key: 'uid', nameField: 'name', zoneScoped: false, permission: 'Access: Custom Pages Read',
    permissionDocumented: true, detailFields: ['custom_html'], fqnSegment: 'access/custom_pages',
  },
  bookmark: {
    type: 'bookmark', label: 'Bookmarks (deprecated API)', path: '/access/bookmarks', paging: 'list', key: 'id',
    nameField: 'name', zoneScoped: false, permission: APPS_AND_POLICIES, permissionDocumented: true,
    fqnSegment: 'access/bookmarks',
  },
  access_keys: {
    type: 'access_keys', label: 'Access signing keys', path: '/access/keys', paging: 'object', key: null,
    nameField: null, zoneScoped: false, permission: ORG_IDP_GROUPS, permissionDocumented: true,
    fqnSegment: 'access/keys',
  },
  mcp_server: {
    type: 'mcp_server', label: 'MCP servers', path: '/access/ai-controls/mcp/servers', paging: 'paged',
    maxPerPage: 100, key: 'id', nameField: 'name', zoneScoped: false, permission: APPS_AND_POLICIES,
    permissionDocumented: false, fqnSegment: 'access/ai-controls/mcp/servers',
    accountLimit: 200, // 10 per portal × 20 portals
  },
  mcp_portal: {
    type: 'mcp_portal', label: 'MCP portals', path: '/access/ai-controls/mcp/portals', paging: 'paged',
    maxPerPage: 100, key: 'id', nameField: 'name', zoneScoped: false, permission: APPS_AND_POLICIES,
    permissionDocumented: false, fqnSegment: 'access/ai-controls/mcp/portals', accountLimit: 20,
  },
  gateway_configuration: {
    type: 'gateway_configuration', label: 'Gateway configuration', path: '/gateway/configuration',
    paging: 'object', key: null, nameField: null, zoneScoped: false, permission: 'Zero Trust Read',
    permissionDocumented: true, fqnSegment: 'gateway/configuration',
  },
};

export function isResourceType(value: string): value is ResourceType {
  return (RESOURCE_TYPES as readonly string[]).includes(value);
}
