import type * as Sarif from 'sarif';
import { FINGERPRINT_KEY } from '../engine/baseline.js';
import { isFinding, type LoadedRule, type Result } from '../engine/types.js';
import { TOOL_INFORMATION_URI, TOOL_NAME } from '../paths.js';
import { coverageAbsent, coverageProblems, describeCoverageProblem } from './coverage.js';
import { exposesSentence } from './exposes-text.js';
import {
  REPO_ROOT_BASE_ID,
  REPORT_ROOT_BASE_ID,
  artifactLocation,
  displayName,
  fullyQualifiedName,
  resultRegion,
} from './locations.js';
import { compareText, sortResults } from './results.js';
import { ruleFrameworks, ruleHelpMarkdown, ruleHelpText, ruleHelpUri, ruleName, truncate } from './rule-text.js';
import { sarifLevel, securitySeverity } from './severity.js';
import { sarifText } from './text-safety.js';
import { jsonChunks, streamed } from './json-chunks.js';
import type { AccountReport, ReportInput } from './types.js';

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
/** The versioned partialFingerprints key we document for non-GitHub consumers. */
/** GitHub code scanning rejects runs over these limits. */
export const GITHUB_LIMITS = {
  resultsPerRun: 25_000,
  tagsPerRule: 10,
  descriptionChars: 1024,
  nameChars: 255,
} as const;

export interface SarifOptions {
  /** Results kept per run (GitHub: 25,000); the most severe are kept and the rest noted. */
  maxResultsPerRun?: number;
}

/** Exposed resources listed in a result's properties (`exposesCount` gives the full number). */
const MAX_EXPOSES = 100;

const NOTIFICATIONS = [
  {
    id: 'collection-incomplete',
    text: 'A resource type could not be fully collected; its rules report unknown.',
    help:
      'Give the API token the read permission named in the notification and scan again. Until then the type ' +
      'is never reported as compliant.',
  },
  {
    id: 'feature-absent',
    text: 'The account does not have a resource type (the API answered 404); its rules do not apply.',
    help: 'Nothing to do if the account does not use the feature; otherwise check the account id and the API base URL.',
  },
  {
    id: 'rule-error',
    text: 'A rule expression failed on some resources; those results are neither pass nor fail.',
    help: 'Run `cf-access-audit rules test` and fix the rule expression, or report the resource shape that breaks it.',
  },
  {
    id: 'rule-unknown',
    text: 'A rule could not be evaluated because data it needs was not collected.',
    help: 'Fix the collection problem reported for the resource type the rule reads, then scan again.',
  },
  {
    id: 'results-truncated',
    text: 'The run had more results than GitHub accepts; the most severe were kept.',
    help:
      'findings.json and report.html list every result; fix or suppress findings to bring the count under the ' +
      'limit.',
  },
  {
    id: 'rule-metadata-truncated',
    text: 'Rule metadata was cut to fit GitHub limits (description length, tag count).',
    help: 'Shorten the rule description or its tags in the rule YAML file.',
  },
  {
    id: 'suppression-expired',
    text: 'A suppression has expired; the finding it covered is reported again.',
    help: 'Fix the finding, or renew the suppression with a new expiry date and a reason.',
  },
  {
    id: 'suppression-unmatched',
    text: 'A suppression matched no result; it may be stale.',
    help: 'Remove the suppression, or correct its rule id or resource id.',
  },
] as const;
type NotificationId = (typeof NOTIFICATIONS)[number]['id'];

interface RuleCatalog {
  descriptors: Sarif.ReportingDescriptor[];
  index: Map<string, number>;
  truncations: { ruleId: string; what: string }[];
}

function buildRuleCatalog(rules: readonly LoadedRule[]): RuleCatalog {
  const sorted = [...rules].sort((a, b) => compareText(a.id, b.id));
  const index = new Map<string, number>();
  const truncations: RuleCatalog['truncations'] = [];
  const descriptors = sorted.map((rule, i) => {
    if (index.has(rule.id))
      throw new Error(
        `Rule id "${rule.id}" appears twice in the rule catalog (${rule.sourceFile}); rule ids must be unique.`,
      );
    index.set(rule.id, i);
    const limit = GITHUB_LIMITS.descriptionChars;
    if (rule.title.length > limit) truncations.push({ ruleId: rule.id, what: `title cut to ${limit} characters` });
    if (rule.description.trim().length > limit)
      truncations.push({ ruleId: rule.id, what: `description cut to ${limit} characters` });
    const wanted = ['security', ...(rule.tags ?? []), ...ruleFrameworks(rule).map((f) => f.key), rule.resource].filter(
      (tag, pos, all) => all.indexOf(tag) === pos,
    );
    const tags = wanted.slice(0, GITHUB_LIMITS.tagsPerRule);
    if (wanted.length > tags.length) {
      truncations.push({
        ruleId: rule.id,
        what: `tags ${wanted.slice(tags.length).join(', ')} dropped (GitHub keeps ${GITHUB_LIMITS.tagsPerRule})`,
      });
    }
    const properties: Sarif.PropertyBag = { tags, precision: 'high' };
    const score = securitySeverity(rule.severity);
    if (score !== undefined) properties['security-severity'] = score;
    properties['cfAccessAudit/severity'] = rule.severity;
    properties['cfAccessAudit/resourceType'] = rule.resource;
    const helpUri = ruleHelpUri(rule);
    const descriptor: Sarif.ReportingDescriptor = {
      id: rule.id,
      name: ruleName(rule.id),
      shortDescription: { text: truncate(rule.title, limit) },
      fullDescription: { text: truncate(rule.description.replace(/\s+/g, ' ').trim(), limit) },
      help: { text: ruleHelpText(rule), markdown: ruleHelpMarkdown(rule) },
      ...(helpUri ? { helpUri } : {}),
      defaultConfiguration: { level: sarifLevel(rule.severity), ...(rule.deprecated ? { enabled: false } : {}) },
      properties,
    };
    if (rule.aliases && rule.aliases.length > 0) descriptor.deprecatedIds = [...rule.aliases].sort(compareText);
    return descriptor;
  });
  return { descriptors, index, truncations };
}

function notification(
  id: NotificationId,
  level: Sarif.Notification.level,
  text: string,
  extra: Partial<Sarif.Notification> = {},
): Sarif.Notification {
  const index = NOTIFICATIONS.findIndex((n) => n.id === id);
  return { descriptor: { id, index }, level, message: { text: sarifText(text) }, ...extra };
}

function ruleRef(catalog: RuleCatalog, ruleId: string): Sarif.ReportingDescriptorReference {
  const index = catalog.index.get(ruleId);
  return index === undefined ? { id: ruleId } : { id: ruleId, index };
}

function endSentence(text: string): string {
  const trimmed = text.replace(/\s+/g, ' ').trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** Aggregates unknown/error results per rule into one notification each (many resources, one cause). */
function resultNotifications(results: readonly Result[], catalog: RuleCatalog): Sarif.Notification[] {
  const groups = new Map<string, { status: 'unknown' | 'error'; ruleId: string; results: Result[] }>();
  for (const r of results) {
    if (r.status !== 'unknown' && r.status !== 'error') continue;
    const key = `${r.status}\u0000${r.rule_id}`;
    const group = groups.get(key) ?? { status: r.status, ruleId: r.rule_id, results: [] };
    group.results.push(r);
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) => compareText(a.status, b.status) || compareText(a.ruleId, b.ruleId))
    .map((g) => {
      const first = g.results[0]!;
      const subject =
        g.results.length === 1
          ? `${first.resource_type} ${displayName(first)}`
          : `${g.results.length} ${first.resource_type} resources`;
      const detail = first.detail ? ` ${endSentence(first.detail)}` : '';
      const text =
        g.status === 'error'
          ? `Rule ${g.ruleId} failed to evaluate on ${subject}; these results are neither pass nor fail.${detail}`
          : `Rule ${g.ruleId} could not be evaluated on ${subject}: the data it needs was not collected.${detail}`;
      return notification(
        g.status === 'error' ? 'rule-error' : 'rule-unknown',
        g.status === 'error' ? 'error' : 'warning',
        text,
        {
          associatedRule: ruleRef(catalog, g.ruleId),
          properties: { count: g.results.length, resourceIds: g.results.slice(0, 20).map((r) => r.resource_id) },
        },
      );
    });
}

/** The result message as one or more sentences, naming what the resource exposes unless it already does. */
function messageText(r: Result): string {
  const text = endSentence(r.message || `${displayName(r)} does not meet: ${r.rule_id}`);
  const exposes = exposesSentence(r);
  return exposes ? `${text} ${exposes}` : text;
}

function sarifResult(
  r: Result,
  account: AccountReport,
  catalog: RuleCatalog,
  withSuppressions: boolean,
  withBaseline: boolean,
): Sarif.Result {
  const ruleIndex = catalog.index.get(r.rule_id);
  if (ruleIndex === undefined) {
    throw new Error(
      `Result for rule "${r.rule_id}" (${r.resource_type} ${r.resource_id}) has no rule in the catalog given to ` +
        `the SARIF renderer; pass the full rule catalog.`,
    );
  }
  const out: Sarif.Result = {
    ruleId: r.rule_id,
    ruleIndex,
    level: sarifLevel(r.severity),
    message: { text: sarifText(messageText(r)) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(account, r.file),
          region: resultRegion(r, account) ?? { startLine: 1 },
        },
        logicalLocations: [{ name: displayName(r), fullyQualifiedName: fullyQualifiedName(r), kind: 'resource' }],
      },
    ],
    partialFingerprints: {
      primaryLocationLineHash: `${r.fingerprint.slice(0, 16)}:1`,
      [FINGERPRINT_KEY]: r.fingerprint,
    },
  };
  if (withSuppressions) {
    out.suppressions =
      r.status === 'suppressed'
        ? [
            {
              kind: 'external',
              status: 'accepted',
              justification: r.suppression?.reason ?? 'Suppressed by the suppressions file.',
              ...(r.suppression?.expires ? { properties: { expires: r.suppression.expires } } : {}),
            },
          ]
        : [];
  }
  if (withBaseline) out.baselineState = r.baseline_state ?? 'new';
  const properties: Sarif.PropertyBag = {
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    severity: r.severity,
  };
  if (r.resource_name !== null) properties.resourceName = r.resource_name;
  if (r.zone_id) properties.zoneId = r.zone_id;
  properties.evidence = r.evidence;
  if (r.exposes && r.exposes.length > 0) {
    properties.exposes = r.exposes.slice(0, MAX_EXPOSES).map((e) => ({ type: e.type, id: e.id, name: e.name }));
    properties.exposesCount = r.exposes.length;
  }
  out.properties = properties;
  return out;
}

/**
 * The base of the run's relative artifact URIs. Its absolute location is left out (SARIF 2.1.0 §3.14.14 allows it)
 * so the log is the same on every machine; GitHub resolves the URIs against the repository root either way.
 */
function uriBaseIds(account: AccountReport): NonNullable<Sarif.Run['originalUriBaseIds']> {
  const [id, text] =
    account.repoSnapshotDir === undefined
      ? [REPORT_ROOT_BASE_ID, 'The folder holding report.sarif; artifact URIs are relative to it.']
      : [REPO_ROOT_BASE_ID, 'The repository root (--sarif-root); artifact URIs are relative to it.'];
  return { [id]: { description: { text } } };
}

/** A run without its results (`results` empty, in its place), and the results, built only when iterated. */
interface RunParts {
  run: Sarif.Run;
  results: Iterable<Sarif.Result>;
}

function buildRun(account: AccountReport, input: ReportInput, catalog: RuleCatalog, options: SarifOptions): RunParts {
  const max = options.maxResultsPerRun ?? GITHUB_LIMITS.resultsPerRun;
  const ordered = sortResults(account.results);
  // GitHub code scanning ignores `suppressions` (it would list a suppressed finding as an open alert), so suppressed
  // findings are left out unless asked for: https://github.com/github/codeql-action/issues/1230
  const withSuppressions = input.sarifSuppressed === true;
  const suppressedCount = ordered.filter((r) => r.status === 'suppressed').length;
  const findings = ordered.filter((r) => isFinding(r) && (withSuppressions || r.status !== 'suppressed'));
  const kept = findings.slice(0, max);
  const withBaseline = input.baseline !== undefined || kept.some((r) => r.baseline_state !== undefined);

  const notifications: Sarif.Notification[] = [];
  const problems = coverageProblems(account.manifest);
  for (const row of problems) {
    notifications.push(
      notification('collection-incomplete', 'error', describeCoverageProblem(row), {
        properties: {
          resourceType: row.type,
          status: row.status,
          scope: row.scope,
          scopeId: row.scopeId,
          permission: row.permission,
          ...(row.httpStatus !== undefined ? { httpStatus: row.httpStatus } : {}),
        },
      }),
    );
  }
  for (const row of coverageAbsent(account.manifest)) {
    notifications.push(
      notification('feature-absent', 'note', describeCoverageProblem(row), {
        properties: { resourceType: row.type, status: row.status, scope: row.scope, scopeId: row.scopeId },
      }),
    );
  }
  notifications.push(...resultNotifications(ordered, catalog));
  if (kept.length < findings.length) {
    notifications.push(
      notification(
        'results-truncated',
        'warning',
        `${findings.length - kept.length} of ${findings.length} results were left out to stay within GitHub's ` +
          `limit of ${max} results per run; the most severe were kept. findings.json and report.html list all of them.`,
      ),
    );
  }
  for (const t of catalog.truncations) {
    notifications.push(
      notification('rule-metadata-truncated', 'note', `Rule ${t.ruleId}: ${t.what}.`, {
        associatedRule: ruleRef(catalog, t.ruleId),
      }),
    );
  }
  for (const s of account.suppressions.expired) {
    notifications.push(
      notification(
        'suppression-expired',
        'warning',
        `The suppression of rule ${s.rule} on resource ${s.resource} expired on ` +
          `${s.expires ?? 'an unknown date'}; its findings are reported again.`,
      ),
    );
  }
  for (const s of account.suppressions.unmatched) {
    notifications.push(
      notification(
        'suppression-unmatched',
        'warning',
        `The suppression of rule ${s.rule} on resource ${s.resource} matched no result; remove it or fix the rule ` +
          `id or resource id.`,
      ),
    );
  }

  const hasErrors = ordered.some((r) => r.status === 'error');
  const invocation: Sarif.Invocation = { executionSuccessful: problems.length === 0 && !hasErrors };
  const start = Date.parse(account.manifest.collected_at);
  const end = Date.parse(input.generatedAt);
  if (!Number.isNaN(start)) invocation.startTimeUtc = new Date(start).toISOString();
  // SARIF1006: the end may not precede the start (e.g. a report rendered from a snapshot taken with a skewed clock).
  if (!Number.isNaN(end) && (Number.isNaN(start) || end >= start)) invocation.endTimeUtc = new Date(end).toISOString();
  if (notifications.length > 0) invocation.toolExecutionNotifications = notifications;

  const runProperties: Sarif.PropertyBag = {
    accountId: account.accountId,
    snapshotDir: account.snapshotDir,
    collectedAt: account.manifest.collected_at,
    suppressedCount,
    suppressedIncluded: withSuppressions,
  };
  if (account.accountName) runProperties.accountName = account.accountName;
  if (input.baseline) {
    runProperties.baseline = input.baseline.source;
    runProperties.fixedSinceBaseline = (account.fixedSinceBaseline ?? []).length;
  }

  const run: Sarif.Run = {
    tool: {
      driver: {
        name: TOOL_NAME,
        version: input.toolVersion,
        semanticVersion: input.toolVersion,
        informationUri: TOOL_INFORMATION_URI,
        rules: catalog.descriptors,
        notifications: NOTIFICATIONS.map((n) => ({
          id: n.id,
          shortDescription: { text: n.text },
          fullDescription: { text: n.text },
          help: { text: n.help },
        })),
      },
    },
    automationDetails: { id: `${TOOL_NAME}/${account.accountId}/` },
    originalUriBaseIds: uriBaseIds(account),
    // Region columns count UTF-16 code units, as JavaScript string lengths do.
    columnKind: 'utf16CodeUnits',
    invocations: [invocation],
    results: [],
    properties: runProperties,
  };
  const results = (function* build() {
    for (const r of kept) yield sarifResult(r, account, catalog, withSuppressions, withBaseline);
  })();
  return { run, results };
}

/** Each account's run (account-id order), built when the runs are iterated. */
function* runParts(input: ReportInput, options: SarifOptions): Generator<RunParts> {
  const catalog = buildRuleCatalog(input.rules);
  const accounts = [...input.accounts].sort((a, b) => compareText(a.accountId, b.accountId));
  for (const account of accounts) yield buildRun(account, input, catalog, options);
}

/** The SARIF log as an object (one run per account, in account-id order). */
export function buildSarifLog(input: ReportInput, options: SarifOptions = {}): Sarif.Log {
  const runs = [...runParts(input, options)].map(({ run, results }) => ({ ...run, results: [...results] }));
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs };
}

/**
 * `report.sarif` in pieces, each result whole: the text `renderSarif` gives, for writing without holding the
 * log, or even one run's results, at once.
 */
export function* sarifChunks(input: ReportInput, options: SarifOptions = {}): Generator<string> {
  const runs = streamed(runParts(input, options), ({ run, results }) => ({ ...run, results: streamed(results) }));
  yield* jsonChunks({ $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs });
  yield '\n';
}

/** `report.sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF consumers. */
export function renderSarif(input: ReportInput, options: SarifOptions = {}): string {
  return [...sarifChunks(input, options)].join('');
}
