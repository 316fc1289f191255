/**
 * App-scoped (legacy) Access policies exist only inside `access_application.policies[]`; reusable ones are
 * also listed by `/access/policies`. The access_policy rules evaluate both: every embedded policy that is
 * not a reusable policy becomes an `access_policy` record of its own, held by its application's file.
 */
import type { ResourceType } from '../catalog/resource-types.js';
import type { ResourceRecord, Snapshot } from '../snapshot/types.js';
import { canonicalJson } from '../common/content-key.js';
import { idOf, isObject } from '../common/values.js';

/** The application an app-scoped policy belongs to. */
export interface EmbeddingApplication {
  id: string;
  name: string;
}

export interface EmbeddedPolicyRecord extends ResourceRecord {
  type: 'access_policy';
  application: EmbeddingApplication;
}

/** Types whose coverage a rule on the key type also depends on (its records are derived from them). */
export const DERIVED_FROM: Partial<Record<ResourceType, readonly ResourceType[]>> = {
  access_policy: ['access_application'],
};

/** A policy's content for telling copies apart: canonical JSON without `precedence` (its place in one app). */
function sameness(policy: Record<string, unknown>): string {
  const { precedence: _ignored, ...rest } = policy;
  return canonicalJson(rest);
}

/**
 * One record per app-scoped policy: embedded in an application, not `reusable: true` and not a reusable
 * policy of the snapshot. A policy id seen in several applications with the same content (`precedence`
 * aside) is one record (the first application by file wins), so nothing is counted twice; a copy whose
 * content differs is a record of its own, keyed `<policy id>@<application id>`, so it is judged too.
 */
export function embeddedPolicyRecords(snapshot: Snapshot): EmbeddedPolicyRecord[] {
  const reusable = new Set((snapshot.resources.access_policy ?? []).map((r) => r.key));
  // Per id: the first policy object, then (once a second copy turns up) the contents seen.
  const first = new Map<string, Record<string, unknown>>();
  const seen = new Map<string, Set<string>>();
  const keys = new Set<string>();
  const out: EmbeddedPolicyRecord[] = [];
  for (const app of snapshot.resources.access_application ?? []) {
    const policies = app.data.policies;
    if (!Array.isArray(policies)) continue;
    const application = {
      id: app.key,
      name: typeof app.data.name === 'string' && app.data.name !== '' ? app.data.name : app.key,
    };
    policies.forEach((policy: unknown, i) => {
      if (!isObject(policy) || policy.reusable === true) return;
      const id = idOf(policy.id) ?? `${app.key}/policies[${i}]`;
      if (reusable.has(id)) return;
      const earlier = first.get(id);
      let key = id;
      if (earlier === undefined) {
        first.set(id, policy);
      } else {
        let contents = seen.get(id);
        if (!contents) seen.set(id, (contents = new Set([sameness(earlier)])));
        const content = sameness(policy);
        if (contents.has(content)) return;
        contents.add(content);
        key = `${id}@${app.key}`;
      }
      if (keys.has(key)) key = `${key}/policies[${i}]`;
      keys.add(key);
      out.push({ type: 'access_policy', key, scope: app.scope, file: app.file, data: policy, application });
    });
  }
  return out;
}

export function isEmbeddedPolicy(record: ResourceRecord): record is EmbeddedPolicyRecord {
  return record.type === 'access_policy' && 'application' in record;
}

/** The records rules of each type evaluate: the snapshot's own, plus app-scoped policies for access_policy. */
export function ruleRecordsOf(snapshot: Snapshot): (type: ResourceType) => ResourceRecord[] {
  let policies: ResourceRecord[] | null = null;
  return (type) => {
    const own = snapshot.resources[type] ?? [];
    if (type !== 'access_policy') return own;
    policies ??= [...own, ...embeddedPolicyRecords(snapshot)];
    return policies;
  };
}

/** Text of the `{{$scope}}` message placeholder: where the resource lives when its file is not its own. */
export function scopePhrase(record: ResourceRecord): string {
  return isEmbeddedPolicy(record) ? ` in application '${record.application.name}' (${record.application.id})` : '';
}
