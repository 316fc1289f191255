/**
 * For the failing test case of every built-in rule: the SARIF region names the line of the snapshot file (as the
 * writer prints it) that holds the field the finding's evidence names, or spans the whole resource.
 */
import { describe, expect, it } from 'vitest';
import { loadAllRules } from '../../src/engine/load-rules.js';
import { caseSnapshot, loadRuleCases, runRuleCase, type RuleCase } from '../../src/engine/rule-cases.js';
import type { LoadedRule, Result } from '../../src/engine/types.js';
import { snapshotDocuments } from '../../src/renderers/locations.js';
import { buildSarifLog } from '../../src/renderers/sarif.js';
import { formatJson } from '../../src/snapshot/write.js';
import { makeAccount, makeInput } from './fixtures.js';

type Segment = string | number;

/** The test's own reading of an evidence path: `a.b[2].c` → ['a', 'b', 2, 'c']. */
function segmentsOf(path: string): Segment[] | undefined {
  if (!/^[^.[\]]+(\[\d+\]|\.[^.[\]]+)*$/.test(path)) return undefined;
  return path.split(/\.|(?=\[)/).map((s) => (s.startsWith('[') ? Number(s.slice(1, -1)) : s));
}

function resolves(root: unknown, path: Segment[]): boolean {
  let value = root;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value) !== (typeof segment === 'number'))
      return false;
    if (!Object.hasOwn(value, segment)) return false;
    value = (value as Record<Segment, unknown>)[segment];
  }
  return value !== undefined;
}

interface FailCase {
  label: string;
  rule: LoadedRule;
  case: RuleCase;
}

const rules = await loadAllRules();
const failCases: FailCase[] = [];
for (const rule of rules) {
  for (const { kind, case: c } of (await loadRuleCases(rule)).cases) {
    if (kind === 'fail') failCases.push({ label: `${rule.id} › ${c.name}`, rule, case: c });
  }
}

async function sarifRegion({
  rule,
  case: c,
}: FailCase): Promise<{ result: Result; region: Record<string, number>; text: string }> {
  const outcome = await runRuleCase(rule, 'fail', c);
  const result = outcome.result!;
  const { snapshot } = caseSnapshot(rule, c);
  const account = makeAccount({
    accountId: snapshot.manifest.account_id,
    manifest: snapshot.manifest,
    results: [result],
    documents: snapshotDocuments(snapshot),
  });
  const log = buildSarifLog(makeInput({ accounts: [account], rules: [rule] })) as Record<string, any>;
  const region = log.runs[0].results[0].locations[0].physicalLocation.region as Record<string, number>;
  const data = Object.values(snapshot.resources)
    .flat()
    .find((r) => r.file === result.file)!.data;
  return { result, region, text: formatJson(data) };
}

const pointed = { field: 0, whole: 0 };

describe("SARIF regions of every rule's failing cases", () => {
  it('covers every rule', () => {
    expect(new Set(failCases.map((f) => f.rule.id)).size).toBe(rules.length);
  });

  for (const failCase of failCases) {
    it(failCase.label, async () => {
      const { result, region, text } = await sarifRegion(failCase);
      expect(result.status).toBe('fail');
      const lines = text.split('\n');
      const data = JSON.parse(text) as unknown;
      // An embedded policy is the last of its application's `policies` (rule-cases.ts appends it).
      const application = failCase.case.application;
      const resource: Segment[] = application
        ? ['policies', ((application.policies as unknown[] | undefined) ?? []).length]
        : [];
      const field = result.evidence
        .map((e) => segmentsOf(e.path))
        .find((s) => s && resolves(data, [...resource, ...s]));
      const at = field ? [...resource, ...field] : resource;
      if (at.length === 0) {
        pointed.whole += 1;
        expect(region).toEqual({ startLine: 1, startColumn: 1, endLine: lines.length - 1, endColumn: 2 });
        return;
      }
      if (field) pointed.field += 1;
      else pointed.whole += 1;
      const indent = ' '.repeat(at.length * 2);
      const first = lines[region.startLine! - 1]!;
      const key = at[at.length - 1]!;
      const value = at.reduce<any>((v, k) => v[k], data);
      const printed = JSON.stringify(value, null, 2).split('\n');
      const opening =
        typeof key === 'string' ? `${indent}${JSON.stringify(key)}: ${printed[0]}` : `${indent}${printed[0]}`;
      expect(first.startsWith(opening), `line ${region.startLine}: ${first}`).toBe(true);
      expect(region.startColumn).toBe(indent.length + 1);
      expect(region.endLine! - region.startLine! + 1).toBe(printed.length);
      expect(
        lines[region.endLine! - 1]!.trimEnd()
          .replace(/,$/, '')
          .endsWith(printed[printed.length - 1]!),
      ).toBe(true);
    });
  }

  it('points most findings at a single field', () => {
    expect(pointed.field + pointed.whole).toBe(failCases.length);
    expect(pointed.field).toBeGreaterThan(pointed.whole);
  });
});
