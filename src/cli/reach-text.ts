/** `reach --format text`: a line describing the principal, a table of what it reaches, a count. */
import { idOf, str, type Data } from '../common/values.js';
import type { Principal, ReachType } from '../reach/index.js';
import type { ReachEntry } from './reach-entries.js';
import { textTable } from './text-table.js';

const TYPE_LABELS: Record<ReachType, string> = {
  access_application: 'application',
  infrastructure_target: 'target',
  mcp_server: 'mcp server',
  mcp_portal: 'mcp portal',
};

export interface NameLookup {
  identity_provider: readonly Data[];
  service_token: readonly Data[];
}

function nameOf(items: readonly Data[], id: string): string {
  return str(items.find((item) => idOf(item.id) === id)?.name) ?? id;
}

/** One line: who is asking, with what, and which attributes are unknown. */
export function describePrincipal(p: Principal, names: NameLookup): string {
  const who = p.email ?? `service token '${nameOf(names.service_token, p.serviceToken ?? '?')}'`;
  const known: string[] = [];
  const unknown: string[] = [];
  if (p.email !== undefined) {
    if (p.idp === undefined) unknown.push('identity provider');
    else known.push(`via ${nameOf(names.identity_provider, p.idp)}`);
    known.push(p.groups && p.groups.length > 0 ? `groups ${p.groups.join(', ')}` : 'no groups');
    if (p.authMethods === undefined) unknown.push('authentication method');
    else known.push(`authentication ${p.authMethods.join(', ')}`);
    if (p.serviceToken !== undefined) known.push(`service token '${nameOf(names.service_token, p.serviceToken)}'`);
  }
  for (const [value, what] of [
    [p.country, 'country'],
    [p.ip, 'IP'],
  ] as const) {
    if (value === undefined) unknown.push(what);
    else known.push(`${what} ${value}`);
  }
  if (p.postures === undefined) unknown.push('device posture');
  else known.push(`device posture ${p.postures.join(', ')}`);
  const details = [...known, ...(unknown.length > 0 ? [`unknown: ${unknown.join(', ')}`] : [])];
  return `Reach of ${who} (${details.join('; ')})`;
}

export function reachText(principal: Principal, entries: readonly ReachEntry[], names: NameLookup): string {
  const lines = [describePrincipal(principal, names), ''];
  const assumed = entries.filter((e) => e.assumes.length > 0).length;
  if (entries.length > 0) {
    const rows = entries.map((e) => [
      TYPE_LABELS[e.type],
      e.name,
      e.decision,
      e.policyName,
      e.through?.name ?? '',
      e.assumes.map((a) => a.holds).join('; '),
    ]);
    lines.push(textTable([['TYPE', 'NAME', 'DECISION', 'POLICY', 'THROUGH', 'ASSUMES'], ...rows]).trimEnd(), '');
  }
  const count = `${entries.length} ${entries.length === 1 ? 'resource' : 'resources'} reachable`;
  lines.push(assumed > 0 ? `${count} (${assumed} only under assumptions).` : `${count}.`);
  return lines.join('\n') + '\n';
}
