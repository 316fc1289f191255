import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateSnapshot } from '../../src/engine/evaluate.js';
import { loadAllRules } from '../../src/engine/load-rules.js';
import type { LoadedRule, Result } from '../../src/engine/types.js';
import { DEMO_ACCOUNT_DIR } from '../../src/paths.js';
import { readSnapshot } from '../../src/snapshot/read.js';

interface Planted {
  catalog_id?: string;
  rule_id?: string;
  resource_type: string;
  resource_id: string;
  note: string;
}
interface Clean {
  resource_type: string;
  resource_id: string;
}

const AT_LEAST_MEDIUM = new Set(['critical', 'high', 'medium']);

let rules: LoadedRule[];
let results: Result[];
let planted: Planted[];
let clean: Clean[];

beforeAll(async () => {
  rules = await loadAllRules();
  const snapshot = await readSnapshot(DEMO_ACCOUNT_DIR);
  ({ results } = await evaluateSnapshot(snapshot, rules, { now: new Date(snapshot.manifest.collected_at) }));
  ({ planted, clean } = parse(await readFile(path.join(DEMO_ACCOUNT_DIR, 'planted.yaml'), 'utf8')) as {
    planted: Planted[];
    clean: Clean[];
  });
});

describe('the demo account, evaluated with every built-in rule', () => {
  it('finds every planted misconfiguration', () => {
    const ruleIdsByCatalog = new Map<string, Set<string>>();
    for (const r of rules) {
      if (!r.catalog_id) continue;
      const ids = ruleIdsByCatalog.get(r.catalog_id) ?? new Set<string>();
      ruleIdsByCatalog.set(r.catalog_id, ids.add(r.id));
    }
    const missed = planted.filter((p) => {
      const ids = p.rule_id !== undefined ? new Set([p.rule_id]) : ruleIdsByCatalog.get(p.catalog_id ?? '');
      return !results.some(
        (r) =>
          r.status === 'fail' &&
          ids?.has(r.rule_id) &&
          r.resource_type === p.resource_type &&
          r.resource_id === p.resource_id,
      );
    });
    expect(missed.map((m) => `${m.catalog_id ?? m.rule_id} ${m.resource_type}/${m.resource_id} (${m.note})`)).toEqual(
      [],
    );
  });

  it('raises nothing at medium or above on its clean resources', () => {
    const cleanKeys = new Set(clean.map((c) => `${c.resource_type}/${c.resource_id}`));
    const noisy = results.filter(
      (r) =>
        r.status === 'fail' && AT_LEAST_MEDIUM.has(r.severity) && cleanKeys.has(`${r.resource_type}/${r.resource_id}`),
    );
    expect(noisy.map((r) => `${r.rule_id} on ${r.resource_type}/${r.resource_id}: ${r.message}`)).toEqual([]);
  });

  it('evaluates without rule errors and with nothing unknown (every type was collected)', () => {
    const broken = results.filter((r) => r.status === 'error' || r.status === 'unknown');
    expect(broken.map((r) => `${r.rule_id} ${r.status}: ${r.detail ?? ''}`)).toEqual([]);
  });

  it('covers a clean resource of every type that has one', () => {
    expect(clean.length).toBeGreaterThan(10);
  });
});
