/**
 * Suppressions file: a YAML list of `{ rule, resource, reason, expires }` (or `{ suppressions: [...] }`).
 * A matching `fail` becomes `suppressed` (still reported); expired and unmatched entries are reported.
 */
import { readFile } from 'node:fs/promises';
import { isObject } from '../common/values.js';
import { parseYaml } from './yaml.js';
import type { LoadedRule, Result, SuppressionEntry, SuppressionReport } from './types.js';
import { createAjv, describeAjvError } from '../common/ajv.js';
import { RuleConfigError } from './errors.js';

const ENTRY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['rule', 'resource', 'reason'],
  properties: {
    rule: { type: 'string', minLength: 1 },
    resource: { type: 'string', minLength: 1 },
    reason: { type: 'string', minLength: 3 },
    expires: { type: 'string' },
  },
} as const;

const validateEntry = createAjv().compile(ENTRY_SCHEMA);

/** File and position of each loaded entry, for warnings; entries keep their documented shape in reports. */
const origins = new WeakMap<SuppressionEntry, { file: string; index: number }>();

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * The instant a suppression stops applying, or null when `expires` is not a date this tool reads: a
 * calendar date (`2026-06-30`, valid through the end of that day, UTC) or an RFC 3339 date-time with a
 * time zone that exists (no leap second, no 24:00, no February 30). Validation and expiry use this one
 * function, so an accepted date always expires.
 */
export function parseExpiry(expires: string): number | null {
  const date = DATE.exec(expires) ?? DATE_TIME.exec(expires);
  if (!date) return null;
  const [, y, mo, d, h = '00', mi = '00', sec = '00'] = date;
  const day = Date.UTC(Number(y), Number(mo) - 1, Number(d));
  const sameDay = new Date(day).toISOString().slice(0, 10) === `${y}-${mo}-${d}`;
  if (!sameDay || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return null;
  const t = Date.parse(expires.length === 10 ? `${expires}T00:00:00Z` : expires);
  if (!Number.isFinite(t)) return null;
  return expires.length === 10 ? t + 86_400_000 : t;
}

/** Validate parsed YAML/JSON as suppression entries; errors name `file`, the entry index and the field. */
export function parseSuppressions(value: unknown, file: string): SuppressionEntry[] {
  const list = isObject(value) && 'suppressions' in value ? value.suppressions : value;
  if (list === null || list === undefined) return [];
  if (!Array.isArray(list)) {
    throw new RuleConfigError([
      {
        file,
        field: '',
        message:
          'expected a list of { rule, resource, reason, expires } entries (or a `suppressions:` key holding one)',
      },
    ]);
  }
  const problems = [];
  for (const [i, entry] of list.entries()) {
    const expires = (entry as { expires?: unknown } | null)?.expires;
    if (typeof expires === 'string' && parseExpiry(expires) === null) {
      problems.push({
        file,
        field: `[${i}].expires`,
        message:
          `${JSON.stringify(expires)} is not a date this tool can read, so the suppression would never ` +
          'expire: use a date such as 2026-06-30 or a date-time such as 2026-06-30T12:00:00Z',
      });
    }
    if (!validateEntry(entry)) {
      for (const e of validateEntry.errors ?? []) {
        const d = describeAjvError(e);
        const field = d.pointer === '/' ? '' : d.pointer.slice(1);
        const hint = field === 'expires' ? 'use a date such as 2026-06-30 or an ISO date-time' : '';
        problems.push({
          file,
          field: `[${i}]${field ? `.${field}` : ''}`,
          message: hint ? `${d.message}: ${hint}` : d.message,
        });
      }
    }
  }
  if (problems.length > 0) throw new RuleConfigError(problems);
  const entries = list as SuppressionEntry[];
  entries.forEach((entry, index) => origins.set(entry, { file, index }));
  return entries;
}

/** `suppressions.yaml ([1]): suppression of rule … on "…"`: the entry as load errors name it (index from 0). */
export function describeEntry(entry: SuppressionEntry): string {
  const origin = origins.get(entry);
  const what = `suppression of rule ${entry.rule} on ${JSON.stringify(entry.resource)}`;
  return origin ? `${origin.file} ([${origin.index}]): ${what}` : what;
}

/** The resources whose display name (not id) is `name`, compared without case: those of `rule` first. */
function resourcesNamed(name: string, rule: string, results: Result[]): { type: string; id: string }[] {
  const wanted = name.toLowerCase();
  const named = results.filter(
    (r) => r.resource_id !== '*' && r.resource_id !== name && r.resource_name?.toLowerCase() === wanted,
  );
  const own = named.filter((r) => r.rule_id === rule);
  const found = new Map<string, { type: string; id: string }>();
  for (const r of own.length > 0 ? own : named) {
    found.set(`${r.resource_type} ${r.resource_id}`, { type: r.resource_type, id: r.resource_id });
  }
  return [...found.values()];
}

/**
 * The warning for an entry that matched no finding, naming its file and entry. When its `resource` is a
 * resource's name rather than its id, says which id to write instead.
 */
export function unmatchedWarning(entry: SuppressionEntry, results: Result[], accountId: string): string {
  const head = `${describeEntry(entry)} matches no finding in account ${accountId}`;
  const named = resourcesNamed(entry.resource, entry.rule, results);
  if (named.length === 0) return `${head}; remove it if the issue is fixed.`;
  const ids = named.map((r) => `${r.id} (${r.type})`).join(', ');
  const use = named.length === 1 ? `write \`resource: ${named[0]!.id}\`` : 'write the id of the one you mean';
  const name = JSON.stringify(entry.resource);
  return `${head}: ${name} is the name of ${ids}, and suppressions match resource ids; ${use}.`;
}

export async function loadSuppressions(file: string): Promise<SuppressionEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new RuleConfigError([
      {
        file,
        field: '',
        message:
          `cannot read the suppressions file (${code}); create it (format: examples/suppressions.yaml) or ` +
          'remove `suppressions:` from the configuration (or --suppressions)',
      },
    ]);
  }
  const parsed = parseYaml(text, file);
  if (!parsed.ok) throw new RuleConfigError(parsed.problems);
  return parseSuppressions(parsed.value, file);
}

/** Expiry instant (see `parseExpiry`); an unreadable date, which validation refuses, counts as expired. */
export function expiresAt(expires: string): number {
  return parseExpiry(expires) ?? Number.NEGATIVE_INFINITY;
}

/** Mark matching fails `suppressed` (in place) and report expired and unmatched entries. */
export function applySuppressions(
  results: Result[],
  entries: SuppressionEntry[],
  rules: LoadedRule[],
  now: Date,
): SuppressionReport {
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
        result.suppression = {
          reason: entry.reason,
          ...(entry.expires !== undefined ? { expires: entry.expires } : {}),
          original_status: 'fail',
        };
        matched = true;
      } else if (result.status === 'suppressed') {
        matched = true;
      }
    }
    if (!matched) report.unmatched.push(entry);
  }
  return report;
}
