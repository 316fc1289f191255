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
import { isObject, type Data } from '../common/values.js';

/** A value as JSONata sees a list: absent is empty, anything else (null too) a one-item list unless an array. */
function jsonataList(x: unknown): unknown[] {
  return Array.isArray(x) ? x : x === undefined ? [] : [x];
}

/** `value in values`, JSONata style: nothing is in anything; a single value is a one-item list. */
function listed(value: unknown, values: unknown): boolean {
  if (value === undefined || values === undefined) return false;
  return jsonataList(values).some((v) => v === value);
}

function tagOf(target: Data, key: string): unknown {
  return isObject(target.tags) && Object.hasOwn(target.tags, key) ? target.tags[key] : undefined;
}

/** The hostname lists of a selector (`target_attributes.hostname`), or undefined when it gives none. */
function hostnames(selector: Data): unknown {
  return isObject(selector.target_attributes) ? selector.target_attributes.hostname : undefined;
}

type Test = (target: Data) => boolean;

/** Per listed tag key: its name and the values it accepts (built once per criterion). */
function tagTests(selector: Data): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const tags of jsonataList(selector.tags)) {
    if (isObject(tags)) for (const [key, values] of Object.entries(tags)) out.push([key, values]);
  }
  return out;
}

function anyMatch(selector: unknown): Test {
  if (!isObject(selector)) return () => false;
  const tags = tagTests(selector);
  const names = hostnames(selector);
  return (t) => tags.some(([key, values]) => listed(tagOf(t, key), values)) || listed(t.hostname, names);
}

function allMatch(selector: unknown): Test {
  if (!isObject(selector)) return () => true;
  const tags = tagTests(selector);
  const names = hostnames(selector);
  return (t) =>
    tags.every(([key, values]) => listed(tagOf(t, key), values)) && (names === undefined || listed(t.hostname, names));
}

function legacyMatch(attributes: unknown): Test {
  if (!isObject(attributes)) return () => true;
  const entries = Object.entries(attributes);
  return (t) => entries.every(([key, values]) => listed(key === 'hostname' ? t.hostname : tagOf(t, key), values));
}

/** The test of one `target_criteria` item (see the top of this file). */
export function criterionTest(criterion: unknown): Test {
  if (!isObject(criterion)) return () => false;
  const { include, require, exclude, target_attributes: attributes } = criterion;
  if (include === undefined && require === undefined && attributes === undefined) return () => false;
  const tests: Test[] = [];
  if (include !== undefined) tests.push(anyMatch(include));
  if (require !== undefined) tests.push(allMatch(require));
  if (exclude !== undefined) {
    const excluded = anyMatch(exclude);
    tests.push((t) => !excluded(t));
  }
  if (attributes !== undefined) tests.push(legacyMatch(attributes));
  return (t) => tests.every((test) => test(t));
}

export function criterionMatches(criterion: unknown, target: Data): boolean {
  return criterionTest(criterion)(target);
}

/** A matcher over the applications that have `target_criteria` (criteria prepared once per snapshot). */
export function appsForTargetMatcher(applications: readonly Data[]): (target: unknown) => Data[] {
  const withCriteria = applications
    .filter((app) => app.target_criteria !== undefined)
    .map((app) => ({ app, tests: jsonataList(app.target_criteria).map(criterionTest) }));
  return (target) => {
    if (!isObject(target)) return [];
    const out: Data[] = [];
    for (const { app, tests } of withCriteria) if (tests.some((test) => test(target))) out.push(app);
    return out;
  };
}
