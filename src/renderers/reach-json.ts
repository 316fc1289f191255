/** Reach and `exposes` as findings.json writes them: fixed key order, documented keys only. */
import type { ExposedResource } from '../engine/types.js';
import type { PublicReach, ReachWay, ResourceRef } from '../reach/model.js';
import type { DeadPolicy } from '../reach/ways.js';

export function refJson(r: ResourceRef | ExposedResource): Record<string, unknown> {
  return { type: r.type, id: r.id, name: r.name };
}

function wayJson(w: ReachWay): Record<string, unknown> {
  return {
    policy: w.policy,
    policy_name: w.policy_name,
    decision: w.decision,
    class: w.class,
    identity: [...w.identity],
    idps: [...w.idps],
    credentials: [...w.credentials],
    conditions: [...w.conditions],
    unknown: [...w.unknown],
    groups: [...w.groups],
    has_exceptions: w.has_exceptions,
    ...(w.through ? { through: refJson(w.through) } : {}),
  };
}

function deadJson(d: DeadPolicy): Record<string, unknown> {
  return {
    policy: d.policy,
    policy_name: d.policy_name,
    decision: d.decision,
    reason: d.reason,
    detail: d.detail,
    ...(d.shadowed_by !== undefined ? { shadowed_by: d.shadowed_by } : {}),
  };
}

export function reachJson(r: PublicReach): Record<string, unknown> {
  return {
    type: r.type,
    id: r.id,
    name: r.name,
    hosts: [...r.hosts],
    broadest: r.broadest,
    ways: r.ways.map(wayJson),
    dead: r.dead.map(deadJson),
    through: r.through.map(refJson),
    notes: [...r.notes],
  };
}
