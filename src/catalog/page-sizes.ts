import type { ResourceType } from './resource-types.js';

/**
 * Page size a paged endpoint uses when the request names none (Cloudflare's API documentation; MCP lists:
 * not documented, 20 assumed). The maximum is the catalog's `maxPerPage`.
 */
export const DEFAULT_PER_PAGE: Partial<Record<ResourceType, number>> = {
  access_application: 1000,
  access_policy: 100,
  access_group: 1000,
  identity_provider: 200,
  service_token: 1000,
  mtls_certificate: 50,
  saml_certificate_set: 25,
  short_lived_ca: 100,
  infrastructure_target: 1000,
  access_tag: 50,
  custom_page: 50,
  mcp_server: 20,
  mcp_portal: 20,
  tunnel: 20, // not documented; assumed as for the MCP lists
};
