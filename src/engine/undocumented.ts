/**
 * Results on data the API does not document. A rule reads some top-level fields of a resource (its
 * `applies_to` fields and the fields its check names; every field when the check hands the resource to a
 * helper). When one of them holds a value of another type than the field schema documents (a string for
 * a boolean, an object for an array, `"ALLOW"` for `allow`), the rule cannot judge the resource: the
 * result is `unknown` naming the field, whatever the check returned. A check that threw is explained the
 * same way, first by the resource (null counted as a mismatch too), then by the resources of the types the
 * rule reads; only an error nothing explains stays an `error` (a bug in the rule).
 */
import type { ResourceType } from '../catalog/resource-types.js';
import type { ResourceRecord } from '../snapshot/types.js';
import type { Budget } from './budget.js';
import { firstOf, firstTypeProblem, resourceTypeProblems, type CheckedType, type Problems } from './field-types.js';
import { describeError, plain, SKIPPED, type Outcome } from './outcome.js';
import { isEmbeddedPolicy } from './policy-records.js';
import { ReachUnavailable } from './snapshot-index.js';

/** An app-scoped policy is documented as an item of `access_application.policies[]`. */
function checkedType(record: ResourceRecord): CheckedType {
  return isEmbeddedPolicy(record) ? 'embedded_policy' : record.type;
}

/** The top-level fields of a resource a rule reads, or null for all of them. */
export function fieldsRead(
  rule: { applies_to?: Record<string, unknown> },
  compiled: { readFields: readonly string[] | null },
  skippedByAppliesTo: boolean,
): readonly string[] | null {
  return skippedByAppliesTo ? Object.keys(rule.applies_to ?? {}) : compiled.readFields;
}

const perList = new WeakMap<readonly ResourceRecord[], (Problems | null)[]>();

/**
 * The fields not as documented of each record of a list (null for a record without any), computed once per
 * list: every rule of a type shares its list, so a rule pays an array read per resource.
 */
export function undocumentedFields(records: readonly ResourceRecord[]): readonly (Problems | null)[] {
  let out = perList.get(records);
  if (!out) {
    out = records.map((r) => {
      const problems = resourceTypeProblems(checkedType(r), r.data, 'lenient');
      return problems.size === 0 ? null : problems;
    });
    perList.set(records, out);
  }
  return out;
}

/** Why a result on a resource with these `problems` cannot be trusted: the first field read not as documented. */
export function undocumentedField(problems: Problems | null, fields: readonly string[] | null): string | null {
  return problems ? firstOf(problems, fields) : null;
}

/** What may explain an error of a check on `record`: its own fields, then the whole resource, null counted. */
export function explainOnResource(record: ResourceRecord, fields: readonly string[] | null): string | null {
  const type = checkedType(record);
  const data = record.data;
  return (
    firstTypeProblem(type, data, fields, 'lenient') ??
    firstTypeProblem(type, data, fields, 'strict') ??
    (fields === null ? null : firstTypeProblem(type, data, null, 'strict'))
  );
}

/** The first resource of `types` with a field that is not as documented, named: `access_policy p-1: …`. */
export function explainOnSnapshot(
  types: readonly ResourceType[],
  recordsOf: (type: ResourceType) => ResourceRecord[],
): string | null {
  for (const mode of ['lenient', 'strict'] as const) {
    for (const type of types) {
      for (const record of recordsOf(type)) {
        const problem = firstTypeProblem(checkedType(record), record.data, null, mode);
        if (problem) return `${type} ${record.key}: ${problem}`;
      }
    }
  }
  return null;
}

export interface Unjudged {
  message: string;
  detail: string;
}

/**
 * Why the result of `rule` on `record` is `unknown` rather than what the check said, or null: a field the
 * rule reads is not as the API documents it (`problems`, from `undocumentedFields`), or the check needed the
 * reach model and it could not be built. An error is explained by the resource, then by `onSnapshot` (the
 * other resources the rule reads); limits of the budget are not explained away.
 */
export function unjudged(
  rule: { id: string; applies_to?: Record<string, unknown> },
  compiled: { readFields: readonly string[] | null },
  record: ResourceRecord,
  name: string,
  problems: Problems | null,
  outcome: Outcome,
  onSnapshot: () => string | null,
  budget: Budget,
): Unjudged | null {
  const judged = outcome.ok && (outcome.value === true || outcome.value === false || outcome.value === undefined);
  if (judged && problems === null) return null;
  const fields = fieldsRead(rule, compiled, outcome === SKIPPED);
  const cannot = `Rule ${rule.id} could not judge '${name}' (${record.key})`;
  if (judged) {
    const problem = undocumentedField(problems, fields);
    if (!problem) return null;
    return { message: `${cannot}: a field it reads does not hold what the API documents.`, detail: problem };
  }
  if (!outcome.ok && budget.describe(outcome.error)) return null;
  if (!outcome.ok && outcome.error instanceof ReachUnavailable) {
    return { message: `${cannot}: the reach model could not be built.`, detail: outcome.error.message };
  }
  const what = outcome.ok
    ? `the check returned ${JSON.stringify(plain(outcome.value))?.slice(0, 200)}`
    : `the ${outcome.where ?? 'check'} threw ${describeError(outcome.error)}`;
  const own = outcome.ok || outcome.where === undefined ? explainOnResource(record, fields) : null;
  const problem = own ?? onSnapshot();
  if (!problem) return null;
  return { message: `${cannot}: data it reads does not hold what the API documents.`, detail: `${problem}; ${what}` };
}
