/**
 * The one declarative catalog of Access (and Cloudflare Tunnel) resource types: how each is listed, keyed and
 * permitted.
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
  'tunnel',
  'tunnel_configuration',
] as const;

export type ResourceType = (typeof RESOURCE_TYPES)[number];

/**
 * How an endpoint returns its data:
 * - `paged`: `result[]` with `page`/`per_page` and `result_info.total_pages` (SDK V4PagePaginationArray)
 * - `list`: one request, `result[]` (SDK SinglePage or a plain array)
 * - `object`: one request, `result` is a single object
 */
export type Paging = 'paged' | 'list' | 'object';

/** A type read as one object per item of another type (its parent), e.g. a tunnel's configuration. */
export interface PerParent {
  /** The parent type; it is listed first, in the same scope. */
  type: ResourceType;
  /** Field of the parent item that fills the `{…}` segment of the child's `path`. */
  key: string;
  /**
   * Which parents have a child: the first of these fields that a parent sets decides (its value must equal
   * `equals`); a parent that sets none of them is asked. A parent whose GET answers 404 has no child.
   */
  onlyWhere?: { field: string; equals: string | boolean }[];
}

export interface ResourceTypeSpec {
  type: ResourceType;
  /** Human label for reports. */
  label: string;
  /**
   * Path below `/accounts/{id}` (or `/zones/{id}` when `zoneScoped`); for `perParent` types one `{…}` segment
   * stands for the parent item's key.
   */
  path: string;
  paging: Paging;
  /** Largest `per_page` the endpoint accepts (paged endpoints only). */
  maxPerPage?: number;
  /** Fixed query parameters of every list request (paged endpoints only), e.g. a filter. */
  query?: Record<string, string>;
  /** Read as one object (`paging: 'object'`) per item of another type, at `path`; never listed. */
  perParent?: PerParent;
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
// https://developers.cloudflare.com/fundamentals/api/reference/permissions/ ("Cloudflare Tunnel Read")
const TUNNEL = 'Cloudflare Tunnel Read';

export const RESOURCE_TYPE_SPECS: Record<ResourceType, ResourceTypeSpec> = {
  access_application: {
    type: 'access_application',
    label: 'Access applications',
    path: '/access/apps',
    paging: 'paged',
    maxPerPage: 1000,
    key: 'id',
    nameField: 'name',
    zoneScoped: true,
    permission: APPS_AND_POLICIES,
    permissionDocumented: true,
    fqnSegment: 'access/apps',
    accountLimit: 500,
  },
  access_policy: {
    type: 'access_policy',
    label: 'Access policies',
    path: '/access/policies',
    paging: 'paged',
    maxPerPage: 1000,
    key: 'id',
    nameField: 'name',
    zoneScoped: false,
    permission: APPS_AND_POLICIES,
    permissionDocumented: true,
    fqnSegment: 'access/policies',
    accountLimit: 500,
  },
  access_group: {
    type: 'access_group',
    label: 'Access groups',
    path: '/access/groups',
    paging: 'paged',
    maxPerPage: 1000,
    key: 'id',
    nameField: 'name',
    zoneScoped: true,
    permission: ORG_IDP_GROUPS,
    permissionDocumented: true,
    fqnSegment: 'access/groups',
    accountLimit: 300,
  },
  identity_provider: {
    type: 'identity_provider',
    label: 'Identity providers',
    path: '/access/identity_providers',
    paging: 'paged',
    maxPerPage: 1000,
    key: 'id',
    nameField: 'name',
    zoneScoped: true,
    permission: ORG_IDP_GROUPS,
    permissionDocumented: true,
    fqnSegment: 'access/identity_providers',
    accountLimit: 50,
  },
  service_token: {
    type: 'service_token',
    label: 'Service tokens',
    path: '/access/service_tokens',
    paging: 'paged',
    maxPerPage: 1000,
    key: 'id',
    nameField: 'name',
    zoneScoped: true,
    permission: 'Access: Service Tokens Read',
    permissionDocumented: true,
    fqnSegment: 'access/service_tokens',
    accountLimit: 50,
  },
  mtls_certificate: {
    type: 'mtls_certificate',
    label: 'mTLS certificates',
    path: '/access/certificates',
    paging: 'paged',
    maxPerPage: 1000,
    key: 'id',
    nameField: 'name',
    zoneScoped: true,
    permission: 'Access: Mutual TLS Certificates Read',
    permissionDocumented: true,
    fqnSegment: 'access/certificates',
    accountLimit: 50,
  },
  mtls_hostname_settings: {
    type: 'mtls_hostname_settings',
    label: 'mTLS hostname settings',
    path: '/access/certificates/settings',
    paging: 'list',
    key: 'hostname',
    nameField: 'hostname',
    zoneScoped: true,
    permission: 'Access: Mutual TLS Certificates Read',
    permissionDocumented: true,
    fqnSegment: 'access/certificates/settings',
  },
  organization: {
    type: 'organization',
    label: 'Zero Trust organization',
    path: '/access/organizations',
    paging: 'object',
    key: null,
    nameField: 'name',
    zoneScoped: true,
    permission: ORG_IDP_GROUPS,
    permissionDocumented: true,
    fqnSegment: 'access/organizations',
  },
  saml_certificate_set: {
    type: 'saml_certificate_set',
    label: 'SAML certificate sets',
    path: '/access/saml_certificates',
    paging: 'paged',
    maxPerPage: 100,
    key: 'uid',
    nameField: 'uid',
    zoneScoped: false,
    permission: ORG_IDP_GROUPS,
    permissionDocumented: false,
    fqnSegment: 'access/saml_certificates',
  },
  idp_federation_grant: {
    type: 'idp_federation_grant',
    label: 'IdP federation grants',
    path: '/access/idp_federation_grants',
    paging: 'list',
    key: 'id',
    nameField: null,
    zoneScoped: false,
    permission: ORG_IDP_GROUPS,
    permissionDocumented: false,
    fqnSegment: 'access/idp_federation_grants',
  },
  gateway_ca: {
    type: 'gateway_ca',
    label: 'SSH gateway CAs',
    path: '/access/gateway_ca',
    paging: 'list',
    key: 'id',
    nameField: null,
    zoneScoped: false,
    permission: 'Access: SSH Auditing Read',
    permissionDocumented: true,
    fqnSegment: 'access/gateway_ca',
  },
  short_lived_ca: {
    type: 'short_lived_ca',
    label: 'Short-lived certificate CAs',
    path: '/access/apps/ca',
    paging: 'paged',
    maxPerPage: 1000,
    key: 'id',
    nameField: null,
    zoneScoped: true,
    permission: APPS_AND_POLICIES,
    permissionDocumented: true,
    fqnSegment: 'access/apps/ca',
  },
  infrastructure_target: {
    type: 'infrastructure_target',
    label: 'Infrastructure targets',
    path: '/infrastructure/targets',
    paging: 'paged',
    maxPerPage: 1000,
    key: 'id',
    nameField: 'hostname',
    zoneScoped: false,
    permission: 'Zero Trust Read',
    permissionDocumented: false,
    fqnSegment: 'infrastructure/targets',
    accountLimit: 5000,
  },
  access_tag: {
    type: 'access_tag',
    label: 'Access tags',
    path: '/access/tags',
    paging: 'paged',
    maxPerPage: 1000,
    key: 'name',
    nameField: 'name',
    zoneScoped: false,
    permission: APPS_AND_POLICIES,
    permissionDocumented: false,
    fqnSegment: 'access/tags',
  },
  custom_page: {
    type: 'custom_page',
    label: 'Access custom pages',
    path: '/access/custom_pages',
    paging: 'paged',
    maxPerPage: 1000,
    key: 'uid',
    nameField: 'name',
    zoneScoped: false,
    permission: 'Access: Custom Pages Read',
    permissionDocumented: true,
    detailFields: ['custom_html'],
    fqnSegment: 'access/custom_pages',
  },
  bookmark: {
    type: 'bookmark',
    label: 'Bookmarks (deprecated API)',
    path: '/access/bookmarks',
    paging: 'list',
    key: 'id',
    nameField: 'name',
    zoneScoped: false,
    permission: APPS_AND_POLICIES,
    permissionDocumented: true,
    fqnSegment: 'access/bookmarks',
  },
  access_keys: {
    type: 'access_keys',
    label: 'Access signing keys',
    path: '/access/keys',
    paging: 'object',
    key: null,
    nameField: null,
    zoneScoped: false,
    permission: ORG_IDP_GROUPS,
    permissionDocumented: true,
    fqnSegment: 'access/keys',
  },
  mcp_server: {
    type: 'mcp_server',
    label: 'MCP servers',
    path: '/access/ai-controls/mcp/servers',
    paging: 'paged',
    maxPerPage: 100,
    key: 'id',
    nameField: 'name',
    zoneScoped: false,
    permission: APPS_AND_POLICIES,
    permissionDocumented: false,
    fqnSegment: 'access/ai-controls/mcp/servers',
    accountLimit: 200, // 10 per portal × 20 portals
  },
  mcp_portal: {
    type: 'mcp_portal',
    label: 'MCP portals',
    path: '/access/ai-controls/mcp/portals',
    paging: 'paged',
    maxPerPage: 100,
    key: 'id',
    nameField: 'name',
    zoneScoped: false,
    permission: APPS_AND_POLICIES,
    permissionDocumented: false,
    fqnSegment: 'access/ai-controls/mcp/portals',
    accountLimit: 20,
  },
  gateway_configuration: {
    type: 'gateway_configuration',
    label: 'Gateway configuration',
    path: '/gateway/configuration',
    paging: 'object',
    key: null,
    nameField: null,
    zoneScoped: false,
    permission: 'Zero Trust Read',
    permissionDocumented: true,
    fqnSegment: 'gateway/configuration',
  },
  // Tunnels and their remote (dashboard/API-managed) ingress rules: the public hostnames a tunnel publishes, see
  // developers.cloudflare.com/cloudflare-one/networks/connectors/cloudflare-tunnel/get-started/create-remote-tunnel-api
  // 1,000 cloudflared tunnels per account: https://developers.cloudflare.com/cloudflare-one/account-limits/
  // List: per_page 1 to 1000, `is_deleted=false` excludes deleted tunnels, see
  // developers.cloudflare.com/api/resources/zero_trust/subresources/tunnels/subresources/cloudflared/methods/list/
  tunnel: {
    type: 'tunnel',
    label: 'Cloudflare Tunnels',
    path: '/cfd_tunnel',
    paging: 'paged',
    maxPerPage: 1000,
    query: { is_deleted: 'false' },
    key: 'id',
    nameField: 'name',
    zoneScoped: false,
    permission: TUNNEL,
    permissionDocumented: true,
    fqnSegment: 'cfd_tunnel',
    accountLimit: 1000,
  },
  // Only remotely-managed tunnels (config_src "cloudflare"; the deprecated remote_config when it is absent)
  // have a configuration here ("Retrieves the configuration for a remotely managed Cloudflare Tunnel", API reference
  // .../tunnels/subresources/cloudflared/subresources/configurations/methods/get/); a locally-managed tunnel's
  // ingress rules live in a file on its origin (.../cloudflare-tunnel/do-more-with-tunnels/local-management/).
  tunnel_configuration: {
    type: 'tunnel_configuration',
    label: 'Cloudflare Tunnel configurations',
    path: '/cfd_tunnel/{tunnel_id}/configurations',
    paging: 'object',
    key: 'tunnel_id',
    nameField: null,
    zoneScoped: false,
    permission: TUNNEL,
    permissionDocumented: true,
    fqnSegment: 'cfd_tunnel',
    accountLimit: 1000,
    perParent: {
      type: 'tunnel',
      key: 'id',
      onlyWhere: [
        { field: 'config_src', equals: 'cloudflare' },
        { field: 'remote_config', equals: true },
      ],
    },
  },
};

export function isResourceType(value: string): value is ResourceType {
  return (RESOURCE_TYPES as readonly string[]).includes(value);
}

/**
 * Types added after snapshot format 1 was first written. A snapshot collected before them has no coverage
 * entry for them: it reads as that type not collected (an error, so rules on it are unknown), not as a
 * damaged snapshot.
 */
export const TYPES_ADDED_LATER: readonly ResourceType[] = ['tunnel', 'tunnel_configuration'];
