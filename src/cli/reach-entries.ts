/**
 * What one principal gets into: every application's decision (`decide`), and every target, MCP server and
 * portal through the best of the applications (or portals) that carry it.
 */
import { compareText } from '../common/order.js';
import {
  REACH_TYPES,
  decide,
  type AppReach,
  type Assumption,
  type GrantDecision,
  type Principal,
  type ReachModel,
  type ReachType,
  type ResourceReach,
  type ResourceRef,
} from '../reach/index.js';

export interface ReachEntry {
  type: ReachType;
  id: string;
  name: string;
  decision: GrantDecision;
  /** Id of the deciding policy. */
  policy: string;
  policyName: string;
  assumes: Assumption[];
  /** The identity provider the login goes through, when one is needed. */
  idp?: string;
  /** The application or portal that carries a target or MCP resource. */
  through?: ResourceRef;
}

type Grant = Omit<ReachEntry, 'type' | 'id' | 'name' | 'through'>;

function appGrant(app: AppReach, principal: Principal): Grant | undefined {
  const d = decide(app.policies, principal, app.context);
  if (d.decision === 'deny' || d.decision === 'none' || d.policy === undefined) return undefined;
  const policyName = app.policies.find((p) => p.id === d.policy)?.name ?? d.policy;
  return {
    decision: d.decision,
    policy: d.policy,
    policyName,
    assumes: d.assumptions,
    ...(d.idp === undefined ? {} : { idp: d.idp }),
  };
}

const key = (r: ResourceRef): string => `${r.type}\n${r.id}`;

/** Every resource the principal reaches, sorted by type (REACH_TYPES order), name, id. */
export function reachableFor(model: ReachModel, principal: Principal): ReachEntry[] {
  const grants = new Map<string, Grant | undefined>();
  for (const app of model.apps) grants.set(key(app), appGrant(app, principal));
  const resources = new Map(model.resources.map((r) => [key(r), r]));

  /** The grant through the carrier with the fewest assumptions (the first one on a tie). */
  const carried = (r: ResourceReach, seen: Set<string>): { grant: Grant; through: ResourceRef } | undefined => {
    let best: { grant: Grant; through: ResourceRef } | undefined;
    for (const carrier of r.through) {
      const k = key(carrier);
      if (seen.has(k)) continue;
      const inner = resources.get(k);
      const grant =
        carrier.type === 'access_application' ? grants.get(k) : inner && carried(inner, new Set([...seen, k]))?.grant;
      if (grant && (!best || grant.assumes.length < best.grant.assumes.length)) {
        best = { grant, through: { type: carrier.type, id: carrier.id, name: carrier.name } };
      }
    }
    return best;
  };

  const entries: ReachEntry[] = [];
  for (const r of model.resources) {
    const base = { type: r.type, id: r.id, name: r.name };
    if (r.type === 'access_application') {
      const grant = grants.get(key(r));
      if (grant) entries.push({ ...base, ...grant });
      continue;
    }
    const via = carried(r, new Set([key(r)]));
    if (via) entries.push({ ...base, ...via.grant, through: via.through });
  }
  return entries.sort(compareEntries);
}

function compareEntries(a: ReachEntry, b: ReachEntry): number {
  const byType = REACH_TYPES.indexOf(a.type) - REACH_TYPES.indexOf(b.type);
  if (byType !== 0) return byType;
  return compareText(a.name, b.name) || compareText(a.id, b.id);
}

/** The `--format json` view of an entry: `assumes`, `idp` and `through` only when set. */
export function publicEntry(e: ReachEntry): Record<string, unknown> {
  return {
    type: e.type,
    id: e.id,
    name: e.name,
    decision: e.decision,
    policy: e.policy,
    ...(e.assumes.length > 0 ? { assumes: e.assumes.map((a) => ({ attribute: a.attribute, holds: a.holds })) } : {}),
    ...(e.idp === undefined ? {} : { idp: e.idp }),
    ...(e.through === undefined ? {} : { through: e.through }),
  };
}
