/** Small accounts for the reach tests: one application (or a few) with its policies, groups, IdPs and tokens. */
import type { Data } from '../../src/common/values.js';
import { buildReachModel, type AppReach, type ReachInput, type ReachModel } from '../../src/reach/index.js';

/** The scan time of every reach test: tokens expiring before it are expired. */
export const NOW = new Date('2026-01-15T00:00:00.000Z');

export const IDPS: readonly Data[] = [
  { id: 'otp', name: 'One-time PIN', type: 'onetimepin', config: {} },
  { id: 'okta', name: 'Okta Workforce', type: 'okta', config: {} },
  { id: 'gh', name: 'GitHub', type: 'github', config: {} },
];

export const TOKENS: readonly Data[] = [
  { id: 'tok-ci', name: 'CI', expires_at: '2030-01-01T00:00:00Z' },
  { id: 'tok-forever', name: 'Forever', duration: 'forever' },
  { id: 'tok-old', name: 'Expired', expires_at: '2020-01-01T00:00:00Z' },
];

export interface Account {
  apps: Data[];
  policies?: Data[];
  groups?: Data[];
  idps?: readonly Data[];
  tokens?: readonly Data[];
  targets?: Data[];
  servers?: Data[];
  portals?: Data[];
}

export function reachInput(a: Account): ReachInput {
  return {
    access_application: a.apps,
    access_policy: a.policies ?? [],
    access_group: a.groups ?? [],
    identity_provider: [...(a.idps ?? IDPS)],
    service_token: [...(a.tokens ?? TOKENS)],
    infrastructure_target: a.targets ?? [],
    mcp_server: a.servers ?? [],
    mcp_portal: a.portals ?? [],
  };
}

export function modelOf(a: Account): ReachModel {
  return buildReachModel(reachInput(a), NOW);
}

/** The reach of the account's first application. */
export function firstApp(a: Account): AppReach {
  const app = modelOf(a).apps[0];
  if (!app) throw new Error('the account has no application');
  return app;
}
