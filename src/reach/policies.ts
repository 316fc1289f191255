/**
 * The policies of an application as Access runs them: reusable policies referenced by id resolved from
 * the snapshot, ordered by precedence, then Bypass and Service Auth before Allow and Block.
 * "Bypass and Service Auth policies are evaluated first, from top to bottom as shown in the UI. Then,
 * Block and Allow policies are evaluated based on their order from top to bottom."
 * https://developers.cloudflare.com/cloudflare-one/access-controls/policies/
 *   #cloudflare-access-policy-order-of-execution
 */
import { asArray, idOf, isObject, str, type Data, plainText } from '../common/values.js';
import { expand, type Expansion } from './terms.js';

export const DECISIONS = ['allow', 'deny', 'bypass', 'non_identity'] as const;
export type PolicyDecision = (typeof DECISIONS)[number];

export interface EffectivePolicy {
  id: string;
  name: string;
  /** `undefined` when the policy's decision is not one Access knows (it is then never evaluated). */
  decision: PolicyDecision | undefined;
  rawDecision: unknown;
  /** 1: Bypass and Service Auth; 2: Allow and Block. */
  phase: 1 | 2;
  /** Position in evaluation order (0 first). */
  order: number;
  reusable: boolean;
  data: Data;
  expansion: Expansion;
}

function decisionOf(x: unknown): PolicyDecision | undefined {
  return (DECISIONS as readonly unknown[]).includes(x) ? (x as PolicyDecision) : undefined;
}

/** The policy objects of an application with reusable references merged from the snapshot. */
export function resolvedPolicies(app: Data, reusable: ReadonlyMap<string, Data>): { data: Data; reusable: boolean }[] {
  const out: { data: Data; reusable: boolean }[] = [];
  asArray(app.policies).forEach((p, i) => {
    if (!isObject(p)) return;
    const id = idOf(p.id);
    const shared = id !== undefined ? reusable.get(id) : undefined;
    const data = shared && !Object.hasOwn(p, 'include') ? { ...shared, ...p } : p;
    out.push({ data: id ? data : { ...data, id: `${idOf(app.id) ?? '?'}/policies[${i}]` }, reusable: Boolean(shared) });
  });
  return out;
}

/** The application's policies in the order Access evaluates them. */
export function effectivePolicies(
  app: Data,
  reusable: ReadonlyMap<string, Data>,
  groups: ReadonlyMap<string, Data>,
): EffectivePolicy[] {
  const resolved = resolvedPolicies(app, reusable).map((p, index) => ({ ...p, index }));
  const precedence = (d: Data): number => (typeof d.precedence === 'number' ? d.precedence : Number.POSITIVE_INFINITY);
  resolved.sort((a, b) => precedence(a.data) - precedence(b.data) || a.index - b.index);
  const withPhase = resolved.map((p) => {
    const decision = decisionOf(p.data.decision);
    const phase: 1 | 2 = decision === 'bypass' || decision === 'non_identity' ? 1 : 2;
    return { ...p, decision, phase };
  });
  const ordered = [...withPhase.filter((p) => p.phase === 1), ...withPhase.filter((p) => p.phase === 2)];
  return ordered.map((p, order) => ({
    id: plainText(p.data.id),
    name: str(p.data.name) ?? plainText(p.data.id),
    decision: p.decision,
    rawDecision: p.data.decision,
    phase: p.phase,
    order,
    reusable: p.reusable,
    data: p.data,
    expansion: expand(p.data, groups),
  }));
}
