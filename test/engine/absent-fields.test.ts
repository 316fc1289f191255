import { describe, expect, it } from 'vitest';
import jsonata from 'jsonata';
import { absentFieldWarnings, fieldComparisons } from '../../src/engine/absent-fields.js';
import type { LabelledCase } from '../../src/engine/rule-cases.js';
import { rule } from './helpers.js';

const fields = (expr: string) => fieldComparisons(jsonata(expr).ast()).map((c) => `${c.field} ${c.operator}`);

describe('comparisons whose undefined is the result', () => {
  it('finds ordering comparisons on resource fields where undefined reaches the result', () => {
    expect(fields('nope <= 1')).toEqual(['nope <=']);
    expect(fields('$durationHours(session_duration) <= $options.max')).toEqual(['session_duration <=']);
    expect(fields('$not(saas_app.access_token_lifetime > 2)')).toEqual(['saas_app.access_token_lifetime >']);
    expect(fields("type = 'ssh' ? ($a := 1; b >= $a) : undefined")).toEqual(['b >=']);
  });

  it('ignores comparisons under and/or, in conditions, guarded by a condition on the field, or not on a field', () => {
    expect(fields('x <= 1 and y = true')).toEqual([]);
    expect(fields('$count(servers) > 0 ? true : undefined')).toEqual([]);
    expect(fields('$isKnown(x) ? x <= 1 : false')).toEqual([]);
    expect(fields('$exists(a.b) ? $durationHours(a.b) <= 1 : true')).toEqual([]);
    expect(fields('x = 1')).toEqual([]);
    expect(fields('$count(policies[precedence > 1]) = 0')).toEqual([]);
  });
});

describe('absentFieldWarnings', () => {
  const r = rule({ check: '$durationHours(session_duration) <= 1', message: `"App '{{$name}}' ({{$id}})."` });
  const labelled = (kind: LabelledCase['kind'], resource: Record<string, unknown>): LabelledCase => ({
    kind,
    index: 0,
    case: { name: `${kind} case`, resource },
  });
  const pass = labelled('pass', { id: 'a', session_duration: '30m' });
  const fail = labelled('fail', { id: 'b', session_duration: '24h' });

  it('warns when no case leaves the field out and dropping it gives not_applicable', async () => {
    const [warning, ...rest] = await absentFieldWarnings(r, [pass, fail]);
    expect(rest).toEqual([]);
    expect(warning).toMatch(/^the check compares `session_duration` with <=; .* not_applicable, not fail\./);
    expect(warning).toMatch(/`\$isKnown\(session_duration\) \? … : false`/);
    expect(warning).toMatch(/\(case "pass case" without session_duration is not_applicable\)$/);
  });

  it('is silent once a case shows the field absent, or when the check decides absence', async () => {
    expect(await absentFieldWarnings(r, [pass, fail, labelled('not_applicable', { id: 'c' })])).toEqual([]);
    const decided = rule({ check: '"$isKnown(session_duration) ? $durationHours(session_duration) <= 1 : false"' });
    expect(await absentFieldWarnings(decided, [pass, fail])).toEqual([]);
  });

  it('names every such comparison of a rule without a test file', async () => {
    const noTestFile = /session_duration.*\(the rule has no test file\)$/;
    expect(await absentFieldWarnings(r, undefined)).toEqual([expect.stringMatching(noTestFile)]);
  });
});
