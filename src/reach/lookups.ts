/**
 * Indexes over a built reach model, so that what a finding names (what a resource opens, why a policy is
 * dead, which applications an IdP opens to anyone) is a map lookup, not a scan per result.
 */
import type { DeadPolicy } from './ways.js';
import type { AppReach, NarrowerApp, ResourceReach, ResourceRef } from './model.js';

export interface ReachLookups {
  /** Application or portal id → the targets, MCP servers and portals reached through it (transitively). */
  carried: Map<string, ResourceRef[]>;
  /** Policy id, and application id → dead policies with the application they are dead in. */
  dead: Map<string, { app: ResourceRef; dead: DeadPolicy }[]>;
  /** Identity provider id → applications that admit anyone with an email address through it. */
  openThroughIdp: Map<string, ResourceRef[]>;
  /** Application id → how it is weaker than the application it carves out of. */
  narrower: Map<string, NarrowerApp>;
}

export function refOf(r: ResourceRef): ResourceRef {
  return { type: r.type, id: r.id, name: r.name };
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function carriedBy(resources: readonly ResourceReach[]): Map<string, ResourceRef[]> {
  const direct = new Map<string, ResourceRef[]>();
  for (const r of resources) for (const t of r.through) push(direct, t.id, refOf(r));
  const out = new Map<string, ResourceRef[]>();
  for (const [id, refs] of direct) {
    const seen = new Map(refs.map((r) => [`${r.type}/${r.id}`, r]));
    for (const r of refs) for (const next of direct.get(r.id) ?? []) seen.set(`${next.type}/${next.id}`, next);
    out.set(id, [...seen.values()]);
  }
  return out;
}

export function buildLookups(
  resources: readonly ResourceReach[],
  apps: readonly AppReach[],
  narrower: readonly NarrowerApp[],
): ReachLookups {
  const dead = new Map<string, { app: ResourceRef; dead: DeadPolicy }[]>();
  const openThroughIdp = new Map<string, ResourceRef[]>();
  for (const app of apps) {
    const ref = refOf(app);
    for (const d of app.dead) {
      push(dead, d.policy, { app: ref, dead: d });
      push(dead, app.id, { app: ref, dead: d });
    }
    const idps = new Set(app.ways.filter((w) => w.class === 'any_email').flatMap((w) => w.idps));
    for (const idp of idps) push(openThroughIdp, idp, ref);
  }
  return {
    carried: carriedBy(resources),
    dead,
    openThroughIdp,
    narrower: new Map(narrower.map((n) => [n.app.id, n])),
  };
}
