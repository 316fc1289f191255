/**
 * Which Access applications' `target_criteria` select an infrastructure target (`$appsForTarget`).
 *
 * A criterion matches a target when it has at least one of `include`, `require`, `target_attributes` and:
 * - `include`: some listed tag value equals the target's tag, or the target's hostname is listed;
 * - `require`: every listed tag matches, and the hostname is listed when hostnames are given;
 * - `exclude`: nothing in it matches (same test as `include`);
 * - `target_attributes` (legacy map): every attribute matches (`hostname` against the hostname, any other
 *   key against the tag of that name).
 * Values are compared exactly (a single value counts as a one-item list).
 */

type Data = Record<string, unknown>;

function isObject(x: unknown): x is Data {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function list(x: unknown): unknown[] {
  return Array.isArray(x) ? x : x === undefined ? [] : [x];
}

/** `value in values`, JSONata style: nothing is in anything; a single value is a one-item list. */
function listed(value: unknown, values: unknown): boolean {
  if (value === undefined || values === undefined) return false;
  return list(values).some((v) => v === value);
}

function tagOf(target: Data, key: string): unknown {
  return isObject(target.tags) && Object.hasOwn(target.tags, key) ? target.tags[key] : undefined;
}

/** The hostname lists of a selector (`target_attributes.hostname`), or undefined when it gives none. */
function hostnames(selector: Data): unknown {
  return isObject(selector.target_attributes) ? selector.target_attributes.hostname : undefined;
}

/** One boolean per listed tag key: does the target's tag of that name have a listed value? */
function tagHits(selector: Data, target: Data): boolean[] {
  const hits: boolean[] = [];
  for (const tags of list(selector.tags)) {
    if (!isObject(tags)) continue;
    for (const [key, values] of Object.entries(tags)) hits.push(listed(tagOf(target, key), values));
  }
  return hits;
}

function anyMatch(selector: unknown, target: Data): boolean {
  if (!isObject(selector)) return false;
  return tagHits(selector, target).some(Boolean) || listed(target.hostname, hostnames(selector));
}

function allMatch(selector: unknown, target: Data): boolean {
  if (!isObject(selector)) return true;
  const names = hostnames(selector);
  return tagHits(selector, target).every(Boolean) && (names === undefined || listed(target.hostname, names));
}

function legacyMatch(attributes: unknown, target: Data): boolean {
  if (!isObject(attributes)) return true;
  return Object.entries(attributes).every(([key, values]) =>
    listed(key === 'hostname' ? target.hostname : tagOf(target, key), values));
}

export function criterionMatches(criterion: unknown, target: Data): boolean {
  if (!isObject(criterion)) return false;
  const { include, require, exclude, target_attributes: attributes } = criterion;
  if (include === undefined && require === undefined && attributes === undefined) return false;
  return (
    (include === undefined || anyMatch(include, target)) &&
    (require === undefined || allMatch(require, target)) &&
    (exclude === undefined || !anyMatch(exclude, target)) &&
    (attributes === undefined || legacyMatch(attributes, target))
  );
}

/** A matcher over the applications that have `target_criteria` (built once per snapshot). */
export function appsForTargetMatcher(applications: readonly Data[]): (target: unknown) => Data[] {
  const withCriteria = applications
    .filter((app) => app.target_criteria !== undefined)
    .map((app) => ({ app, criteria: list(app.target_criteria) }));
  return (target) => {
    if (!isObject(target)) return [];
    return withCriteria.filter(({ criteria }) => criteria.some((c) => criterionMatches(c, target))).map(({ app }) => app);
  };
}
