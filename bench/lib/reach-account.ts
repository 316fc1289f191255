/**
 * The reach benchmark's account: the generated max-size account (src/emulator/generate-account.ts) with the
 * shapes the reach model walks and the generator does not make (yet):
 * - Access groups nested up to GROUP_DEPTH levels (each chain: a group includes the one before it), some
 *   with an exclude rule;
 * - applications mixing reusable policies (referenced by id) with app-scoped ones;
 * - infrastructure applications that select targets by tags (env and team);
 * - MCP portals that each carry their own servers (200 servers over 20 portals), an `mcp_portal`
 *   application in front of every portal and `mcp` applications that reach servers through portals.
 * Deterministic: the same size gives the same account.
 */
import { generateAccount, MAX_SIZE_ACCOUNT, type GenerateAccountOptions } from '../../src/emulator/generate-account.js';
import type { Snapshot } from '../../src/snapshot/types.js';

type Data = Record<string, unknown>;

/** Cloudflare's limits, and 200 MCP servers (10 per portal). */
export const REACH_ACCOUNT: Required<Omit<GenerateAccountOptions, 'seed'>> = { ...MAX_SIZE_ACCOUNT, mcpServers: 200 };

/** Levels of Access groups below the outermost one. */
export const GROUP_DEPTH = 4;

const ENVS = ['production', 'staging', 'dev'];
const TEAMS = [
  'platform',
  'payments',
  'data',
  'identity',
  'mobile',
  'growth',
  'security',
  'finance',
  'support',
  'research',
];

export interface ReachShape {
  groups: number;
  /** Groups that include another group. */
  nestedGroups: number;
  /** Longest chain of group-in-group inclusions. */
  maxGroupDepth: number;
  /** Application policies that reference a reusable policy. */
  reusableRefs: number;
  /** Application policies defined in the application. */
  appScoped: number;
  infrastructureApps: number;
  portals: number;
  /** Distinct MCP servers some portal carries. */
  carriedServers: number;
}

const dataOf = (s: Snapshot, type: keyof Snapshot['resources']): Data[] => s.resources[type].map((r) => r.data);

/** Reshapes a generated account in place (see the top of the file). */
export function shapeForReach(snapshot: Snapshot): void {
  const groups = dataOf(snapshot, 'access_group');
  groups.forEach((g, i) => {
    const level = i % (GROUP_DEPTH + 1);
    if (level === 0) return;
    g.include = [...(g.include as Data[]), { group: { id: groups[i - 1]!.id } }];
    if (level === 2) g.exclude = [{ email: { email: `contractor-${i}@example.com` } }];
  });

  const reusable = dataOf(snapshot, 'access_policy');
  const apps = dataOf(snapshot, 'access_application');
  apps.forEach((app, i) => {
    const policies = app.policies as Data[];
    if (app.type === 'infrastructure') {
      app.target_criteria = [
        {
          port: 22,
          protocol: 'SSH',
          target_attributes: { env: [ENVS[i % ENVS.length]], team: [TEAMS[i % TEAMS.length]] },
        },
      ];
    } else if (i % 2 === 0 && reusable.length > 0 && policies.length > 1) {
      // The middle policy becomes a reference to a reusable one, at the same place in the order.
      policies[1] = { id: reusable[i % reusable.length]!.id, precedence: 2 };
    }
  });

  const servers = dataOf(snapshot, 'mcp_server');
  const portals = dataOf(snapshot, 'mcp_portal');
  const perPortal = portals.length === 0 ? 0 : Math.ceil(servers.length / portals.length);
  portals.forEach((portal, k) => {
    portal.servers = servers
      .slice(k * perPortal, (k + 1) * perPortal)
      .map((s) => ({ server_id: s.id, id: s.id, name: s.name, on_behalf: true, default_disabled: false }));
  });
  const portalApps = apps.filter((a) => a.type === 'mcp_portal');
  portals.forEach((portal, k) => {
    const app = portalApps[k];
    if (app) app.domain = portal.hostname;
  });
  apps
    .filter((a) => a.type === 'mcp')
    .forEach((app, j) => {
      const server = servers[(j * 7) % Math.max(1, servers.length)];
      if (server) app.destinations = [{ type: 'via_mcp_server_portal', mcp_server_id: server.id }];
    });
}

/** The benchmark account: generated at REACH_ACCOUNT size (or `size`), then reshaped. */
export function reachAccount(size: GenerateAccountOptions = {}): Snapshot {
  const snapshot = generateAccount({ ...REACH_ACCOUNT, ...size, seed: size.seed ?? 'bench' });
  shapeForReach(snapshot);
  return snapshot;
}

/** What the account holds, in the terms of the reach benchmark. */
export function describeShape(snapshot: Snapshot): ReachShape {
  const groups = dataOf(snapshot, 'access_group');
  const byId = new Map(groups.map((g) => [String(g.id), g]));
  const inner = (g: Data): string[] =>
    (g.include as Data[]).flatMap((r) => (r.group ? [String((r.group as Data).id)] : []));
  const depth = (g: Data, seen: Set<string>): number => {
    let best = 0;
    for (const id of inner(g)) {
      const next = byId.get(id);
      if (next && !seen.has(id)) best = Math.max(best, 1 + depth(next, new Set([...seen, id])));
    }
    return best;
  };
  const reusable = new Set(dataOf(snapshot, 'access_policy').map((p) => String(p.id)));
  const policies = dataOf(snapshot, 'access_application').flatMap((a) => a.policies as Data[]);
  const portals = dataOf(snapshot, 'mcp_portal');
  return {
    groups: groups.length,
    nestedGroups: groups.filter((g) => inner(g).length > 0).length,
    maxGroupDepth: Math.max(0, ...groups.map((g) => depth(g, new Set([String(g.id)])))),
    reusableRefs: policies.filter((p) => reusable.has(String(p.id)) && !('include' in p)).length,
    appScoped: policies.filter((p) => 'include' in p).length,
    infrastructureApps: dataOf(snapshot, 'access_application').filter((a) => a.type === 'infrastructure').length,
    portals: portals.length,
    carriedServers: new Set(portals.flatMap((p) => (p.servers as Data[]).map((s) => String(s.server_id)))).size,
  };
}
