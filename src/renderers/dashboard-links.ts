/**
 * Links into the Cloudflare dashboard. Cloudflare documents no per-resource URL for Access, only "Go to" links to
 * a section, which open it in the account the person picks (`:account`). Only those documented links are used;
 * a type without one gets no link.
 */
import type { ResourceType } from '../catalog/resource-types.js';

const DASHBOARD = 'https://one.dash.cloudflare.com/?to=/:account';

/** Section of the dashboard listing each type, with the Cloudflare page that documents the link. */
const SECTIONS: Partial<Record<ResourceType, { path: string; label: string }>> = {
  // https://developers.cloudflare.com/cloudflare-one/access-controls/service-credentials/service-tokens/
  service_token: { path: '/access/service-auth/service-tokens', label: 'Service Tokens' },
  // https://developers.cloudflare.com/changelog/ (Access: strict service token authentication, "Go to Access settings")
  organization: { path: '/access-controls/settings', label: 'Access settings' },
};

/** `{ url, label }` of the dashboard section that lists resources of `type`, or null when none is documented. */
export function dashboardLink(type: ResourceType): { url: string; label: string } | null {
  const section = SECTIONS[type];
  return section ? { url: `${DASHBOARD}${section.path}`, label: section.label } : null;
}
