/**
 * What a resource opens, for findings on it: an application, target or MCP resource is itself exposed;
 * a policy, Access group, service token or identity provider opens the applications its live ways reach,
 * and through them the targets and MCP resources they carry.
 */
import { idOf, type Data } from '../common/values.js';
import { CLASS_LABELS } from './classes.js';
import type { ReachModel, ResourceRef } from './model.js';

const SELF = new Set(['access_application', 'infrastructure_target', 'mcp_server', 'mcp_portal']);

export function exposedBy(model: ReachModel, type: string, data: Data): ResourceRef[] {
  const id = type === 'tunnel_configuration' ? idOf(data.tunnel_id) : idOf(data.id);
  if (id === undefined) return [];
  if (SELF.has(type)) {
    const own = model.byId.get(id);
    return own ? [{ type: own.type, id: own.id, name: own.name }] : [];
  }
  const apps = model.opens.get(id) ?? [];
  if (apps.length === 0) return [];
  const ids = new Set(apps.map((a) => a.id));
  const carried = model.resources.filter((r) => r.type !== 'access_application' && r.through.some((t) => ids.has(t.id)));
  return [...apps, ...carried.map((r) => ({ type: r.type, id: r.id, name: r.name }))];
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

/** Dead-policy entries of a policy across applications, in words. */
function deadFacts(model: ReachModel, id: string, decision?: string): string | undefined {
  const lines: string[] = [];
  for (const app of model.apps) {
    for (const d of app.dead) {
      if ((d.policy !== id && app.id !== id) || (decision !== undefined && d.decision !== decision)) continue;
      lines.push(`in application '${app.name}' (${app.id}), policy '${d.policy_name}' never applies because ${d.detail}`);
    }
  }
  if (lines.length === 0) return undefined;
  return lines.length > 1 ? `${lines[0]} (and ${lines.length - 1} more)` : lines[0];
}

/** What `{{$reach.*}}` message placeholders read: the resource's broadest class in words, its policy, … */
export function reachFacts(model: ReachModel, data: Data): Record<string, string> {
  const id = idOf(data.id) ?? '';
  const facts: Record<string, string> = {};
  const dead = deadFacts(model, id);
  if (dead) facts.dead = dead;
  const deadBlock = deadFacts(model, id, 'deny');
  if (deadBlock) facts.dead_block = deadBlock;
  const parent = model.narrower.find((n) => n.app.id === id);
  if (parent) {
    facts.parent = `application '${parent.parent.name}' (${parent.parent.id}) on ${parent.parent_pattern}, which admits ` +
      `${CLASS_LABELS[parent.parent_class]}`;
    facts.pattern = parent.pattern;
  }
  const openApps = model.apps.filter((a) => a.ways.some((w) => w.class === 'any_email' && w.idps.includes(id)));
  if (openApps.length > 0) facts.open_to_anyone = describeExposed(openApps);
  const ingress = model.tunnels.get(idOf(data.tunnel_id) ?? '');
  if (ingress) {
    const open = ingress.filter((e) => e.apps.length === 0 && !e.origin_requires_access);
    facts.unprotected = open.map((e) => `${e.hostname}${e.path ? `/${e.path}` : ''} (${e.service})`).join(', ') || '(none)';
  }
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
