/**
 * Lookup indexes built once per snapshot, and the JSONata bindings (helpers included) built on them.
 */
import { asArray, idOf, isObject, str, type Data } from '../common/values.js';
import { RESOURCE_TYPES, RESOURCE_TYPE_SPECS, isResourceType, type ResourceType } from '../catalog/resource-types.js';
import type { Snapshot } from '../snapshot/types.js';
import * as fn from './functions.js';
import { describeError } from './outcome.js';
import { appsForTargetMatcher } from './target-match.js';
import { embeddedPolicyRecords, type EmbeddingApplication } from './policy-records.js';
import {
  buildReachModel,
  classRank,
  exposedBy,
  isPrincipalClass,
  publicReach,
  type ReachInput,
  type ReachModel,
} from '../reach/index.js';

export const REFERENCE_KINDS = [
  'group',
  'service_token',
  'identity_provider',
  'custom_page',
  'tag',
  'mcp_server',
  'saml_certificate_set',
  'reusable_policy',
] as const;
export type ReferenceKind = (typeof REFERENCE_KINDS)[number];

export interface SnapshotIndex {
  /** Raw resource data by type (the `$snapshot` binding). */
  data: Record<ResourceType, Data[]>;
  byKey: Record<ResourceType, Map<string, Data>>;
  /** Ids referenced anywhere, per reference kind. */
  referenced: Record<ReferenceKind, Set<string>>;
  /** App-scoped policy id → the application that embeds it. */
  embeddedIn: Map<string, EmbeddingApplication>;
  /** App-scoped policy object → the application that embeds it (tells copies under one id apart). */
  embeddedObjects: WeakMap<object, EmbeddingApplication>;
}

/** Record every id an Access rule array (include/exclude/require) points at. */
function collectRuleRefs(rules: unknown, refs: Record<ReferenceKind, Set<string>>): void {
  for (const rule of asArray(rules)) {
    if (!isObject(rule)) continue;
    for (const [selector, body] of Object.entries(rule)) {
      if (!isObject(body)) continue;
      if (selector === 'group') add(refs.group, body.id);
      if (selector === 'service_token') add(refs.service_token, body.token_id);
      if (selector === 'login_method') add(refs.identity_provider, body.id);
      add(refs.identity_provider, body.identity_provider_id);
    }
  }
}

function add(set: Set<string>, value: unknown): void {
  const s = str(value);
  if (s) set.add(s);
}

function collectPolicyRefs(policy: unknown, refs: Record<ReferenceKind, Set<string>>): void {
  if (!isObject(policy)) return;
  for (const field of ['include', 'exclude', 'require']) collectRuleRefs(policy[field], refs);
}

export function buildSnapshotIndex(snapshot: Snapshot): SnapshotIndex {
  const data = {} as Record<ResourceType, Data[]>;
  const byKey = {} as Record<ResourceType, Map<string, Data>>;
  for (const type of RESOURCE_TYPES) {
    const records = snapshot.resources[type] ?? [];
    data[type] = records.map((r) => r.data);
    const map = new Map<string, Data>();
    for (const r of records) if (!map.has(r.key)) map.set(r.key, r.data);
    byKey[type] = map;
  }
  const referenced = Object.fromEntries(REFERENCE_KINDS.map((k) => [k, new Set<string>()])) as Record<
    ReferenceKind,
    Set<string>
  >;
  for (const policy of data.access_policy) collectPolicyRefs(policy, referenced);
  for (const group of data.access_group) collectPolicyRefs(group, referenced);
  for (const app of data.access_application) {
    for (const policy of asArray(app.policies)) {
      collectPolicyRefs(policy, referenced);
      if (isObject(policy) && (policy.reusable === true || byKey.access_policy.has(idOf(policy.id) ?? ''))) {
        add(referenced.reusable_policy, policy.id);
      }
    }
    for (const idp of asArray(app.allowed_idps)) add(referenced.identity_provider, idp);
    for (const page of asArray(app.custom_pages)) add(referenced.custom_page, page);
    for (const tag of asArray(app.tags)) add(referenced.tag, tag);
    if (isObject(app.scim_config)) add(referenced.identity_provider, app.scim_config.idp_uid);
  }
  for (const policy of data.access_policy) {
    if (typeof policy.app_count === 'number' && policy.app_count > 0) add(referenced.reusable_policy, policy.id);
  }
  for (const org of data.organization) {
    if (isObject(org.custom_pages)) for (const uid of Object.values(org.custom_pages)) add(referenced.custom_page, uid);
  }
  for (const idp of data.identity_provider) add(referenced.saml_certificate_set, idp.saml_certificate_set_id);
  for (const portal of data.mcp_portal) {
    for (const server of asArray(portal.servers)) {
      if (isObject(server)) add(referenced.mcp_server, server.server_id ?? server.id);
    }
  }
  const embedded = embeddedPolicyRecords(snapshot);
  const embeddedIn = new Map(embedded.map((r) => [r.key, r.application]));
  const embeddedObjects = new WeakMap<object, EmbeddingApplication>(embedded.map((r) => [r.data, r.application]));
  return { data, byKey, referenced, embeddedIn, embeddedObjects };
}

const GROUP_DEPTH_LIMIT = 10;

/** The reach model could not be built from this snapshot: rules that need it cannot judge (never `error`). */
export class ReachUnavailable extends Error {
  constructor(cause: unknown) {
    const why = cause instanceof Error ? `${cause.name}: ${cause.message}` : describeError(cause);
    super(`the reach model could not be built from this snapshot (${why})`);
    this.name = 'ReachUnavailable';
  }
}

/** The reach model of the snapshot, built on first use; a build that throws throws `ReachUnavailable` on every use. */
export function lazyReach(index: SnapshotIndex, now: Date): () => ReachModel {
  let model: ReachModel | null = null;
  let failure: ReachUnavailable | null = null;
  return () => {
    if (failure) throw failure;
    if (!model) {
      try {
        model = buildReachModel(index.data as unknown as ReachInput, now);
      } catch (err) {
        throw (failure = new ReachUnavailable(err));
      }
    }
    return model;
  };
}

/** The reach helpers of docs/writing-rules.md ($reach, $waysIn, $deadPolicies, …). */
function reachHelpers(model: () => ReachModel): Record<string, (...args: unknown[]) => unknown> {
  const idOfResource = (x: unknown): string | undefined => (isObject(x) ? str(x.id) : str(x));
  const reach = (x: unknown): unknown => {
    const r = model().byId.get(idOfResource(x) ?? '');
    return r ? publicReach(r) : undefined;
  };
  const deadPolicies = (x: unknown): unknown[] => {
    const id = idOfResource(x) ?? '';
    const own = model().byId.get(id);
    if (own) return own.dead;
    const entries = model().lookups.dead.get(id) ?? [];
    return entries.map(({ app, dead }) => ({ ...dead, application: { id: app.id, name: app.name } }));
  };
  return {
    reach,
    waysIn: (x: unknown) => model().byId.get(idOfResource(x) ?? '')?.ways ?? [],
    deadPolicies,
    narrowerThanParent: (x: unknown) => {
      const n = model().lookups.narrower.get(idOfResource(x) ?? '');
      return n ? [n] : [];
    },
    tunnelIngress: (x: unknown) => (isObject(x) ? (model().tunnels.get(str(x.tunnel_id) ?? '') ?? []) : []),
    opens: (x: unknown) => {
      const id = idOfResource(x);
      if (!id) return [];
      return exposedBy(model(), model().byId.has(id) ? 'access_application' : 'other', { id });
    },
    classRank: (c: unknown) => (isPrincipalClass(c) ? classRank(c) : undefined),
  };
}

/** The snapshot-aware helpers of docs/writing-rules.md. */
export function snapshotHelpers(
  index: SnapshotIndex,
  now: Date,
  reachModel: () => ReachModel = lazyReach(index, now),
): Record<string, (...args: unknown[]) => unknown> {
  const resource = (type: unknown, id: unknown): Data | undefined =>
    typeof type === 'string' && isResourceType(type) && (typeof id === 'string' || typeof id === 'number')
      ? index.byKey[type].get(String(id))
      : undefined;

  const idpType = (id: unknown): string | undefined => {
    const idp = resource('identity_provider', id);
    return idp && typeof idp.type === 'string' ? idp.type : undefined;
  };

  /** True if some include rule (directly or through groups, resolved recursively) satisfies `test`. */
  const includeMatches = (
    holder: unknown,
    test: (rule: Data) => boolean,
    depth: number,
    seen: Set<string>,
  ): boolean => {
    if (!isObject(holder) || depth > GROUP_DEPTH_LIMIT) return false;
    for (const rule of asArray(holder.include)) {
      if (!isObject(rule)) continue;
      if (test(rule)) return true;
      const group = isObject(rule.group) ? str(rule.group.id) : undefined;
      if (group && !seen.has(group)) {
        seen.add(group);
        const target = index.byKey.access_group.get(group);
        const open = target && asArray(target.require).length === 0;
        if (open && includeMatches(target, test, depth + 1, seen)) return true;
      }
    }
    return false;
  };

  const grantsVia = (policy: unknown, test: (rule: Data) => boolean): boolean =>
    isObject(policy) && asArray(policy.require).length === 0 && includeMatches(policy, test, 0, new Set());

  const includesEveryone = (policy: unknown): boolean => grantsVia(policy, (rule) => Object.hasOwn(rule, 'everyone'));

  const allowsAllOtpEmails = (policy: unknown): boolean =>
    grantsVia(policy, (rule) => isObject(rule.login_method) && idpType(rule.login_method.id) === 'onetimepin');

  const isReferenced = (kind: unknown, id: unknown): boolean =>
    typeof kind === 'string' &&
    (REFERENCE_KINDS as readonly string[]).includes(kind) &&
    (typeof id === 'string' || typeof id === 'number') &&
    index.referenced[kind as ReferenceKind].has(String(id));

  const policiesOf = (app: unknown): Data[] => {
    if (!isObject(app)) return [];
    const out: Data[] = [];
    for (const p of asArray(app.policies)) {
      if (!isObject(p)) continue;
      const reusable = str(p.id) ? index.byKey.access_policy.get(String(p.id)) : undefined;
      out.push(reusable && !Object.hasOwn(p, 'include') ? { ...reusable, ...p } : p);
    }
    return out;
  };

  const applicationOf = (policy: unknown): EmbeddingApplication | undefined => {
    const own = isObject(policy) ? index.embeddedObjects.get(policy) : undefined;
    if (own) return own;
    const id = isObject(policy) ? policy.id : policy;
    return typeof id === 'string' || typeof id === 'number' ? index.embeddedIn.get(String(id)) : undefined;
  };

  let appsForTarget: ((target: unknown) => Data[]) | null = null;

  return {
    isKnown: fn.isKnown,
    durationHours: fn.durationHours,
    daysUntil: (date: unknown) => fn.daysUntil(date, now),
    daysSince: (date: unknown) => fn.daysSince(date, now),
    ruleKeys: fn.ruleKeys,
    hasRule: fn.hasRule,
    rulesOf: fn.rulesOf,
    includesEveryone,
    allowsAllOtpEmails,
    cidrPrefix: fn.cidrPrefix,
    isIPv6: fn.isIPv6,
    isPrivateIp: fn.isPrivateIp,
    urlScheme: fn.urlScheme,
    urlHost: fn.urlHost,
    isLoopbackHost: fn.isLoopbackHost,
    isPublicEmailDomain: fn.isPublicEmailDomain,
    isBrowserApp: fn.isBrowserApp,
    resource,
    idpType,
    isReferenced,
    policiesOf,
    applicationOf,
    appsForTarget: (target: unknown) => (appsForTarget ??= appsForTargetMatcher(index.data.access_application))(target),
    pemNotAfter: fn.pemNotAfter,
    ...reachHelpers(reachModel),
  };
}

/** Names of every helper, for the catalog checker (a helper is not a field). */
export const HELPER_NAMES: readonly string[] = Object.keys(
  snapshotHelpers(
    buildSnapshotIndex({ manifest: {} as Snapshot['manifest'], resources: {} as Snapshot['resources'] }),
    new Date(0),
  ),
);

/**
 * The resource fields a helper reads when a check hands it the resource (`$isBrowserApp($)`); a helper not
 * listed (the reach helpers, whose model reads the whole snapshot) may read every field.
 */
export const HELPER_RESOURCE_FIELDS: Readonly<Record<string, readonly string[]>> = {
  isKnown: [],
  isBrowserApp: ['type'],
  policiesOf: ['policies'],
  rulesOf: ['include', 'require'],
  includesEveryone: ['include', 'require'],
  allowsAllOtpEmails: ['include', 'require'],
  ruleKeys: [],
  hasRule: [],
  applicationOf: ['id'],
  appsForTarget: ['hostname', 'tags'],
};

/** Helpers that return resources of another type (for field-path checking). */
export const HELPER_RESULT_TYPES: Readonly<Record<string, ResourceType | 'arg0'>> = {
  resource: 'arg0',
  policiesOf: 'access_policy',
  appsForTarget: 'access_application',
};

export interface Bindings {
  [name: string]: unknown;
}

/** All JSONata bindings for one rule on one snapshot (helpers shared, options per rule). */
export function ruleBindings(
  helpers: Record<string, unknown>,
  index: SnapshotIndex,
  ctx: { now: Date; account: string; options: Record<string, unknown> },
): Bindings {
  return { ...helpers, options: ctx.options, now: ctx.now.toISOString(), account: ctx.account, snapshot: index.data };
}

export function keyOf(type: ResourceType, data: Data): string {
  const key = RESOURCE_TYPE_SPECS[type].key;
  if (key === null) return type;
  const v = data[key];
  return typeof v === 'string' || typeof v === 'number' ? String(v) : '';
}
