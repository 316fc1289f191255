/**
 * Suppressions file: a YAML list of `{ rule, resource, reason, expires }` (or `{ suppressions: [...] }`).
 * A matching `fail` becomes `suppressed` (still reported); expired and unmatched entries are reported.
 */
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import type { LoadedRule, Result, SuppressionEntry, SuppressionReport } from './types.js';
import { createAjv, describeAjvError } from './ajv.js';
import { RuleConfigError } from './errors.js';

const ENTRY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['rule', 'resource', 'reason'],
  properties: {
    rule: { type: 'string', minLength: 1 },
    resource: { type: 'string', minLength: 1 },
    reason: { type: 'string', minLength: 3 },
    expires: { type: 'string', anyOf: [{ format: 'date' }, { format: 'date-time' }] },
  },
} as const;

const validateEntry = createAjv().compile(ENTRY_SCHEMA);

/** Validate parsed YAML/JSON as suppression entries; errors name `file`, the entry index and the field. */
export function parseSuppressions(value: unknown, file: string): SuppressionEntry[] {
  const list = value !== null && typeof value === 'object' && !Array.isArray(value) && 'suppressions' in value
    ? (value as { suppressions: unknown }).suppressions
    : value;
  if (list === null || list === undefined) return [];
  if (!Array.isArray(list)) {
    throw new RuleConfigError([{ file, field: '', message: 'expected a list of { rule, resource, reason, expires } entries (or a `suppressions:` key holding one)' }]);
  }
  const problems = [];
  for (const [i, entry] of list.entries()) {
    if (!validateEntry(entry)) {
      for (const e of validateEntry.errors ?? []) {
        const d = describeAjvError(e);
        const field = d.pointer === '/' ? '' : d.pointer.slice(1);
        const hint = field === 'expires' ? 'use a date such as 2026-06-30 or an ISO date-time' : '';
        problems.push({ file, field: `[${i}]${field ? `.${field}` : ''}`, message: hint ? `${d.message}: ${hint}` : d.message });
      }
    }
  }
  if (problems.length > 0) throw new RuleConfigError(problems);
  return list as SuppressionEntry[];
}

export async function loadSuppressions(file: string): Promise<SuppressionEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new RuleConfigError([{ file, field: '', message: `cannot read the suppressions file (${(err as NodeJS.ErrnoException).code ?? String(err)})` }]);
  }
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new RuleConfigError(doc.errors.map((e) => ({ file, field: '', message: `YAML syntax error: ${e.message.split('\n')[0]}` })));
  }
  return parseSuppressions(doc.toJS(), file);
}

/** Expiry instant: a date-only `expires` is valid through the end of that day (UTC). */
export function expiresAt(expires: string): number {
  const t = Date.parse(expires);
  return /^\d{4}-\d{2}-\d{2}$/.test(expires) ? t + 86_400_000 : t;
}

/** Mark matching fails `suppressed` (in place) and report expired and unmatched entries. */
export function applySuppressions(results: Result[], entries: SuppressionEntry[], rules: LoadedRule[], now: Date): SuppressionReport {
  const report: SuppressionReport = { expired: [], unmatched: [] };
  if (entries.length === 0) return report;
  const idOf = new Map<string, string>();
  for (const r of rules) for (const n of [r.id, ...(r.aliases ?? [])]) idOf.set(n, r.id);
  for (const entry of entries) {
    if (entry.expires !== undefined && expiresAt(entry.expires) <= now.getTime()) {
      report.expired.push(entry);
      continue;
    }
    const ruleId = idOf.get(entry.rule) ?? entry.rule;
    let matched = false;
    for (const result of results) {
      if (result.rule_id !== ruleId || (entry.resource !== '*' && entry.resource !== result.resource_id)) continue;
      if (result.status === 'fail') {
        result.status = 'suppressed';
        result.suppression = { reason: entry.reason, ...(entry.expires !== undefined ? { expires: entry.expires } : {}), original_status: 'fail' };
        matched = true;
      } else if (result.status === 'suppressed') {
        matched = true;
      }
    }
    if (!matched) report.unmatched.push(entry);
  }
  return report;
}
