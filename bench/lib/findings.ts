/**
 * Synthetic findings for the render benchmark: `count` failed (and a few suppressed) results spread over
 * the real rule catalog, each on its own resource of the rule's type. Deterministic: the same count and
 * rules give the same results.
 */
import { fingerprint } from '../../src/engine/evaluate.js';
import type { LoadedRule, Result } from '../../src/engine/types.js';

/** One result in this many is suppressed (with a reason and an expiry). */
const SUPPRESSED_EVERY = 50;

export function generateFindings(rules: readonly LoadedRule[], count: number, accountId: string): Result[] {
  if (rules.length === 0) throw new Error('generateFindings needs at least one rule (is rules/ empty?)');
  const results: Result[] = [];
  for (let i = 0; i < count; i++) {
    const rule = rules[i % rules.length]!;
    const n = Math.floor(i / rules.length);
    const resourceId = `${rule.resource.replace(/_/g, '-')}-${n.toString(16).padStart(8, '0')}`;
    const name = `${rule.resource.split('_').pop()} ${n} of team ${n % 37}`;
    const base: Result = {
      rule_id: rule.id,
      status: 'fail',
      severity: rule.severity,
      account_id: accountId,
      resource_type: rule.resource,
      resource_id: resourceId,
      resource_name: name,
      file: `${rule.resource}/${resourceId}.json`,
      fingerprint: fingerprint(rule.id, accountId, rule.resource, resourceId),
      message: `'${name}' (${resourceId}) does not meet: ${rule.title}.`,
      evidence: [
        { path: 'session_duration', value: `${(n % 30) * 24}h` },
        { path: `policies[${n % 3}].include[0]`, value: { everyone: {} } },
      ],
    };
    results.push(
      i % SUPPRESSED_EVERY === SUPPRESSED_EVERY - 1
        ? {
            ...base,
            status: 'suppressed',
            suppression: { reason: 'Accepted risk for the benchmark', expires: '2027-01-01', original_status: 'fail' },
          }
        : base,
    );
  }
  return results;
}
