/** Per-rule result counts, and the compliance view built on them: framework → control → rules → counts. */
import type { LoadedRule, Result, ResultStatus, RuleFrameworks } from '../engine/types.js';
import { anchorFor } from './anchors.js';
import { FRAMEWORK_KEYS, FRAMEWORK_LABELS } from './rule-text.js';

/** Results of one rule over every account; `unknown` counts error results too (neither can be judged). */
export interface RuleCounts {
  fail: number;
  suppressed: number;
  unknown: number;
  pass: number;
  notApplicable: number;
}

export type ControlVerdict = 'fail' | 'unknown' | 'pass' | 'none';

export interface ControlRuleView extends RuleCounts {
  id: string;
  anchor: string;
  title: string;
}
export interface ControlView extends RuleCounts {
  control: string;
  verdict: ControlVerdict;
  rules: ControlRuleView[];
}
export interface FrameworkView {
  key: keyof RuleFrameworks;
  label: string;
  controls: ControlView[];
  /** Controls by verdict. */
  failing: number;
  unknown: number;
  passing: number;
  untested: number;
}

export function emptyCounts(): RuleCounts {
  return { fail: 0, suppressed: 0, unknown: 0, pass: 0, notApplicable: 0 };
}

function add(into: RuleCounts, from: RuleCounts): void {
  into.fail += from.fail;
  into.suppressed += from.suppressed;
  into.unknown += from.unknown;
  into.pass += from.pass;
  into.notApplicable += from.notApplicable;
}

/**
 * Counts per rule id, over every result given and every result `counted` (src/renderers/passing.ts), added to
 * `byRule` (one account after another) or to a new map.
 */
export function countsByRule(
  results: Iterable<Result>,
  counted: Iterable<{ ruleId: string; status: ResultStatus; count: number }> = [],
  byRule = new Map<string, RuleCounts>(),
): Map<string, RuleCounts> {
  const add = (ruleId: string, status: ResultStatus, n: number): void => {
    let counts = byRule.get(ruleId);
    if (!counts) byRule.set(ruleId, (counts = emptyCounts()));
    if (status === 'fail') counts.fail += n;
    else if (status === 'suppressed') counts.suppressed += n;
    else if (status === 'unknown' || status === 'error') counts.unknown += n;
    else if (status === 'pass') counts.pass += n;
    else counts.notApplicable += n;
  };
  for (const r of results) add(r.rule_id, r.status, 1);
  for (const c of counted) add(c.ruleId, c.status, c.count);
  return byRule;
}

/** A control fails when any of its rules fails; else it is unknown when any could not be judged. */
export function controlVerdict(c: RuleCounts): ControlVerdict {
  if (c.fail > 0) return 'fail';
  if (c.unknown > 0) return 'unknown';
  return c.pass + c.suppressed > 0 ? 'pass' : 'none';
}

/** `AC-2` before `AC-12`; locale-independent. */
function compareControls(a: string, b: string): number {
  const split = (s: string) => s.split(/(\d+)/).map((p, i) => (i % 2 ? Number(p) : p));
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  }
  return x.length - y.length;
}

/** Every framework a rule of the catalog maps to, its controls in order, each with its rules and their counts. */
export function complianceView(rules: readonly LoadedRule[], counts: ReadonlyMap<string, RuleCounts>): FrameworkView[] {
  return FRAMEWORK_KEYS.flatMap((key) => {
    const controls = new Map<string, ControlView>();
    for (const rule of rules) {
      for (const control of rule.frameworks?.[key] ?? []) {
        let view = controls.get(control);
        if (!view) controls.set(control, (view = { control, verdict: 'none', rules: [], ...emptyCounts() }));
        const ruleCounts = counts.get(rule.id) ?? emptyCounts();
        view.rules.push({ id: rule.id, anchor: anchorFor('rule', rule.id), title: rule.title, ...ruleCounts });
        add(view, ruleCounts);
      }
    }
    if (controls.size === 0) return [];
    const list = [...controls.values()].sort((a, b) => compareControls(a.control, b.control));
    for (const c of list) c.verdict = controlVerdict(c);
    const tally = (v: ControlVerdict) => list.filter((c) => c.verdict === v).length;
    return [
      {
        key,
        label: FRAMEWORK_LABELS[key],
        controls: list,
        failing: tally('fail'),
        unknown: tally('unknown'),
        passing: tally('pass'),
        untested: tally('none'),
      },
    ];
  });
}
