/**
 * What a resource opens, for findings on it: an application, target or MCP resource is itself exposed;
 * a policy, Access group, service token or identity provider opens the applications its live ways reach,
 * and through them the targets and MCP resources they carry. And the reach facts messages put in words.
 */
import { idOf, type Data } from '../common/values.js';
import { CLASS_LABELS } from './classes.js';
import { refOf } from './lookups.js';
import type { ReachModel, ResourceRef } from './model.js';

const SELF = new Set(['access_application', 'infrastructure_target', 'mcp_server', 'mcp_portal']);

export function exposedBy(model: ReachModel, type: string, data: Data): ResourceRef[] {
  const id = type === 'tunnel_configuration' ? idOf(data.tunnel_id) : idOf(data.id);
  if (id === undefined) return [];
  if (SELF.has(type)) {
    const own = model.byId.get(id);
    return own ? [refOf(own)] : [];
  }
  const apps = model.opens.get(id) ?? [];
  const carried = new Map<string, ResourceRef>();
  for (const app of apps) for (const r of model.lookups.carried.get(app.id) ?? []) carried.set(`${r.type}/${r.id}`, r);
  return [...apps, ...carried.values()];
}

const LABEL: Record<ResourceRef['type'], string> = {
  access_application: 'application',
  infrastructure_target: 'target',
  mcp_server: 'MCP server',
  mcp_portal: 'MCP portal',
};

/** `application 'Wiki' (id), target 'db-01' (id) and 3 more`. */
export function describeExposed(refs: readonly ResourceRef[], max = 3): string {
  if (refs.length === 0) return 'no application';
  const shown = refs.slice(0, max).map((r) => `${LABEL[r.type]} '${r.name}' (${r.id})`);
  return refs.length > max ? `${shown.join(', ')} and ${refs.length - max} more` : shown.join(', ');
}

/**
 * Why the dead policies of an application (`policy 'X' never applies because …`), or of a policy (`in application
 * 'W', it …`), never apply, in words. The message names the resource itself already.
 */
function deadFacts(model: ReachModel, id: string, decision?: string): string | undefined {
  const lines = (model.lookups.dead.get(id) ?? [])
    .filter(({ dead }) => decision === undefined || dead.decision === decision)
    .map(({ app, dead }) =>
      app.id === id
        ? `policy '${dead.policy_name}' never applies because ${dead.detail}`
        : `in application '${app.name}', ${dead.detail}`,
    );
  if (lines.length === 0) return undefined;
  return lines.length > 1 ? `${lines[0]} (and ${lines.length - 1} more)` : lines[0];
}

function tunnelFacts(model: ReachModel, data: Data): string | undefined {
  const ingress = model.tunnels.get(idOf(data.tunnel_id) ?? '');
  if (!ingress) return undefined;
  const open = ingress.filter((e) => e.apps.length === 0 && !e.origin_requires_access);
  return open.map((e) => `${e.hostname}${e.path ? `/${e.path}` : ''} (${e.service})`).join(', ') || '(none)';
}

/** What `{{$reach.*}}` message placeholders read: the resource's broadest class in words, its policy, … */
export function reachFacts(model: ReachModel, data: Data): Record<string, string> {
  const id = idOf(data.id) ?? '';
  const facts: Record<string, string> = {};
  const dead = deadFacts(model, id);
  if (dead) facts.dead = dead;
  const deadBlock = deadFacts(model, id, 'deny');
  if (deadBlock) facts.dead_block = deadBlock;
  const parent = model.lookups.narrower.get(id);
  if (parent) {
    facts.parent =
      `application '${parent.parent.name}' on ${parent.parent_pattern}, ` +
      `which admits ${CLASS_LABELS[parent.parent_class]}`;
    facts.pattern = parent.pattern;
  }
  const openApps = model.lookups.openThroughIdp.get(id);
  if (openApps) facts.open_to_anyone = describeExposed(openApps);
  const unprotected = tunnelFacts(model, data);
  if (unprotected) facts.unprotected = unprotected;
  const r = model.byId.get(id);
  if (!r) return facts;
  const way = r.ways.find((w) => w.class === r.broadest);
  return {
    ...facts,
    broadest: r.broadest,
    label: CLASS_LABELS[r.broadest],
    policy: way ? `'${way.policy_name}'` : '(none)',
    hosts: r.hosts.join(', ') || '(no hostname)',
    through: way?.through ? `${LABEL[way.through.type]} '${way.through.name}' (${way.through.id})` : '(itself)',
  };
}
