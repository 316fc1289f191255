/**
 * The reach model of one snapshot: for every application, infrastructure target, MCP server and MCP portal,
 * who gets in and how, the policies that never take effect, narrower applications weaker than the
 * application they carve out of, and tunnel hostnames with no Access application in front of them.
 */
import { asArray, idOf, isObject, str, type Data, plainText } from '../common/values.js';
import { appsForTargetMatcher } from '../engine/target-match.js';
import { broadestOf, classRank, type PrincipalClass } from './classes.js';
import { effectivePolicies, type EffectivePolicy } from './policies.js';
import type { SelectorContext } from './selectors.js';
import { appPatterns, coveringApps, isBroaderThan, parsePattern, type HostPattern } from './hosts.js';
import { ANY_IDP, analysePolicies, type AppContext, type DeadPolicy, type WayIn } from './ways.js';
import { buildLookups, refOf, type ReachLookups } from './lookups.js';

export const REACH_TYPES = ['access_application', 'infrastructure_target', 'mcp_server', 'mcp_portal'] as const;
export type ReachType = (typeof REACH_TYPES)[number];

export interface ResourceRef {
  type: ReachType;
  id: string;
  name: string;
}

export interface ReachWay extends WayIn {
  /** The application the way belongs to, when the resource is reached through one. */
  through?: ResourceRef;
}

export interface ResourceReach extends ResourceRef {
  /** Hostnames and paths (applications, portals) or the hostname (targets, servers). */
  hosts: string[];
  broadest: PrincipalClass;
  ways: ReachWay[];
  dead: DeadPolicy[];
  /** Applications or portals that carry the reach (targets and MCP servers). */
  through: ResourceRef[];
  /** What limits the answer (unresolved groups, policy expansion cut short, no gate found). */
  notes: string[];
}

export interface AppReach extends ResourceReach {
  type: 'access_application';
  app: Data;
  patterns: HostPattern[];
  policies: EffectivePolicy[];
  context: AppContext;
}

export interface NarrowerApp {
  app: ResourceRef;
  parent: ResourceRef;
  pattern: string;
  parent_pattern: string;
  class: PrincipalClass;
  parent_class: PrincipalClass;
}

export interface TunnelIngress {
  tunnel: string;
  hostname: string;
  path: string;
  service: string;
  /** Applications in front of the hostname, most specific first. */
  apps: ResourceRef[];
  /** The origin checks the Access token itself (`originRequest.access.required`). */
  origin_requires_access: boolean;
  /** Who reaches the hostname: the covering application's reach, or the internet. */
  class: PrincipalClass;
}

export interface ReachModel {
  resources: ResourceReach[];
  byId: Map<string, ResourceReach>;
  apps: AppReach[];
  narrower: NarrowerApp[];
  tunnels: Map<string, TunnelIngress[]>;
  /** Where an object leads: policy, group, service token or IdP id → resources its live ways open. */
  opens: Map<string, ResourceRef[]>;
  lookups: ReachLookups;
}

export interface ReachInput {
  access_application: readonly Data[];
  access_policy: readonly Data[];
  access_group: readonly Data[];
  identity_provider: readonly Data[];
  service_token: readonly Data[];
  infrastructure_target: readonly Data[];
  mcp_server: readonly Data[];
  mcp_portal: readonly Data[];
  tunnel_configuration?: readonly Data[];
}

/** Application types that are a catalog entry, not a gate. */
const NOT_A_GATE = new Set(['bookmark']);
/** Application types whose hostnames and paths the account chooses (others live on Cloudflare's own hosts). */
const HOSTED_TYPES = new Set(['self_hosted', 'ssh', 'vnc', 'rdp', 'mcp', 'mcp_portal']);

function byId(items: readonly Data[], field = 'id'): Map<string, Data> {
  const map = new Map<string, Data>();
  for (const item of items) {
    const id = idOf(item[field]);
    if (id !== undefined && !map.has(id)) map.set(id, item);
  }
  return map;
}

function ref(type: ReachType, data: Data, nameField = 'name'): ResourceRef {
  const id = idOf(data.id) ?? '';
  return { type, id, name: str(data[nameField]) ?? str(data.name) ?? id };
}

function notesOf(policies: readonly EffectivePolicy[]): string[] {
  const notes = new Set<string>();
  for (const p of policies) {
    for (const u of p.expansion.unresolved) notes.add(`policy '${p.name}' names Access group ${u.id} (${u.reason})`);
    if (p.expansion.truncated) {
      notes.add(`policy '${p.name}' expands to too many combinations; only the first are shown`);
    }
  }
  return [...notes];
}

function appReach(app: Data, input: ReachInput, maps: Maps): AppReach {
  const allowed = asArray(app.allowed_idps)
    .map(idOf)
    .filter((x): x is string => x !== undefined);
  const every = maps.selector.idps.size > 0 ? [...maps.selector.idps.keys()] : [ANY_IDP];
  const context: AppContext = { ...maps.selector, loginIdps: allowed.length > 0 ? allowed : every };
  const policies = effectivePolicies(app, maps.reusable, maps.groups);
  const { ways, dead } = analysePolicies(policies, context);
  const patterns = appPatterns(app);
  const notes = notesOf(policies);
  if (context.loginIdps.includes(ANY_IDP)) {
    notes.push('the snapshot holds no identity provider, so logins cannot be traced');
  }
  return {
    ...ref('access_application', app),
    type: 'access_application',
    hosts: patterns.map((p) => p.text),
    broadest: broadestOf(ways.map((w) => w.class)),
    ways,
    dead,
    through: [],
    notes,
    app,
    patterns,
    policies,
    context,
  };
}

interface Maps {
  selector: SelectorContext;
  reusable: Map<string, Data>;
  groups: Map<string, Data>;
}

function combined(
  base: ResourceRef,
  hosts: string[],
  carriers: readonly AppReach[],
  extraNotes: string[] = [],
): ResourceReach {
  const ways: ReachWay[] = [];
  for (const c of carriers) for (const w of c.ways) ways.push({ ...w, through: refOf(c) });
  return {
    ...base,
    hosts,
    broadest: broadestOf(ways.map((w) => w.class)),
    ways,
    dead: [],
    through: carriers.map(refOf),
    notes: [...extraNotes, ...carriers.flatMap((c) => c.notes)],
  };
}

function narrowerApps(apps: readonly AppReach[]): NarrowerApp[] {
  const out: NarrowerApp[] = [];
  const withHosts = apps.filter((a) => HOSTED_TYPES.has(plainText(a.app.type)) && a.patterns.length > 0);
  for (const inner of withHosts) {
    for (const p of inner.patterns) {
      const parents = coveringApps(withHosts, p.host, p.path).filter(
        ({ app, pattern }) => app !== inner && isBroaderThan(pattern, p),
      );
      const parent = parents[0];
      if (!parent || classRank(inner.broadest) >= classRank(parent.app.broadest)) continue;
      out.push({
        app: refOf(inner),
        parent: refOf(parent.app),
        pattern: p.text,
        parent_pattern: parent.pattern.text,
        class: inner.broadest,
        parent_class: parent.app.broadest,
      });
    }
  }
  return out;
}

function tunnelIngress(configs: readonly Data[], gates: readonly AppReach[]): Map<string, TunnelIngress[]> {
  const out = new Map<string, TunnelIngress[]>();
  for (const cfg of configs) {
    const tunnel = idOf(cfg.tunnel_id) ?? idOf(cfg.id) ?? '';
    const entries: TunnelIngress[] = [];
    const ingress = isObject(cfg.config) ? asArray(cfg.config.ingress) : [];
    for (const rule of ingress) {
      if (!isObject(rule)) continue;
      const pattern = parsePattern(rule.hostname);
      if (!pattern) continue;
      const path =
        str(rule.path)
          ?.replace(/^\^?\/?/, '')
          .replace(/\$$/, '') ?? pattern.path;
      const apps = coveringApps(gates, pattern.host, path);
      const origin = rule.originRequest;
      const access = isObject(origin) && isObject(origin.access) ? origin.access : undefined;
      entries.push({
        tunnel,
        hostname: pattern.host,
        path,
        service: str(rule.service) ?? '',
        apps: apps.map(({ app }) => refOf(app)),
        origin_requires_access: access?.required === true,
        class: apps[0] ? apps[0].app.broadest : access?.required === true ? 'nobody' : 'internet',
      });
    }
    out.set(tunnel, entries);
  }
  return out;
}

function addOpen(opens: Map<string, ResourceRef[]>, key: string, r: ResourceRef): void {
  const list = opens.get(key) ?? [];
  if (!list.some((x) => x.id === r.id && x.type === r.type)) list.push(r);
  opens.set(key, list);
}

function openings(apps: readonly AppReach[], tokens: readonly string[]): Map<string, ResourceRef[]> {
  const opens = new Map<string, ResourceRef[]>();
  for (const app of apps) {
    const r = refOf(app);
    for (const p of app.policies) addOpen(opens, p.id, r);
    for (const w of app.ways) {
      for (const g of w.groups) addOpen(opens, g, r);
      for (const idp of w.idps) addOpen(opens, idp, r);
    }
    for (const p of app.policies) {
      if (app.dead.some((d) => d.policy === p.id)) continue;
      for (const t of p.expansion.terms) {
        for (const a of t.atoms) {
          if (a.selector === 'service_token') addOpen(opens, plainText(a.body.token_id), r);
          if (a.selector === 'any_valid_service_token') for (const token of tokens) addOpen(opens, token, r);
        }
      }
    }
  }
  return opens;
}

export function buildReachModel(input: ReachInput, now: Date): ReachModel {
  const maps: Maps = {
    selector: { idps: byId(input.identity_provider), tokens: byId(input.service_token), now },
    reusable: byId(input.access_policy),
    groups: byId(input.access_group),
  };
  const apps = input.access_application
    .filter((a) => !NOT_A_GATE.has(plainText(a.type)))
    .map((a) => appReach(a, input, maps));
  const appById = new Map(apps.map((a) => [a.id, a]));
  const resources: ResourceReach[] = [...apps];

  const matcher = appsForTargetMatcher(input.access_application as Data[]);
  for (const target of input.infrastructure_target) {
    const carriers = matcher(target)
      .map((a) => appById.get(idOf(a.id) ?? ''))
      .filter((a): a is AppReach => !!a);
    const host = str(target.hostname) ?? '';
    resources.push(combined(ref('infrastructure_target', target, 'hostname'), host ? [host] : [], carriers));
  }

  const portalGates = apps.filter((a) => a.app.type === 'mcp_portal');
  const portals = new Map<string, ResourceReach>();
  for (const portal of input.mcp_portal) {
    const host = parsePattern(portal.hostname);
    const gates = host ? coveringApps(portalGates, host.host, host.path).map((c) => c.app) : [];
    const notes = gates.length === 0 ? ['no Access application of type mcp_portal covers this portal hostname'] : [];
    const r = combined(ref('mcp_portal', portal), host ? [host.text] : [], gates.slice(0, 1), notes);
    portals.set(r.id, r);
    resources.push(r);
  }

  const hostGates = apps.filter((a) => a.app.type === 'self_hosted' || a.app.type === 'mcp');
  for (const server of input.mcp_server) {
    const id = idOf(server.id) ?? '';
    const viaPortal = (d: unknown): boolean =>
      isObject(d) && d.type === 'via_mcp_server_portal' && d.mcp_server_id === id;
    const direct = apps.filter((a) => asArray(a.app.destinations).some(viaPortal));
    const host = parsePattern(server.hostname);
    const byHost = host
      ? coveringApps(hostGates, host.host, host.path)
          .slice(0, 1)
          .map((c) => c.app)
      : [];
    const carriers = [...new Set([...direct, ...byHost])];
    const r = combined(ref('mcp_server', server), host ? [host.text] : [], carriers);
    for (const portal of input.mcp_portal) {
      const carried = asArray(portal.servers).some((s) => isObject(s) && (idOf(s.server_id) ?? idOf(s.id)) === id);
      const pr = carried ? portals.get(idOf(portal.id) ?? '') : undefined;
      if (!pr) continue;
      r.through.push(refOf(pr));
      for (const w of pr.ways) r.ways.push({ ...w, through: w.through ?? refOf(pr) });
      r.notes.push(...pr.notes);
    }
    r.broadest = broadestOf(r.ways.map((w) => w.class));
    resources.push(r);
  }

  const narrower = narrowerApps(apps);
  const hosted = apps.filter((a) => HOSTED_TYPES.has(plainText(a.app.type)));
  return {
    resources,
    byId: new Map(resources.map((r) => [r.id, r])),
    apps,
    narrower,
    tunnels: tunnelIngress(input.tunnel_configuration ?? [], hosted),
    opens: openings(apps, [...maps.selector.tokens.keys()]),
    lookups: buildLookups(resources, apps, narrower),
  };
}

/** The plain-JSON view of a resource's reach (what rules, findings.json and the CLI see). */
export type PublicReach = Pick<
  ResourceReach,
  'type' | 'id' | 'name' | 'hosts' | 'broadest' | 'ways' | 'dead' | 'through' | 'notes'
>;

export function publicReach(r: ResourceReach): PublicReach {
  return {
    type: r.type,
    id: r.id,
    name: r.name,
    hosts: r.hosts,
    broadest: r.broadest,
    ways: r.ways,
    dead: r.dead,
    through: r.through,
    notes: r.notes,
  };
}
