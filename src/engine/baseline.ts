import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type * as Sarif from 'sarif';
import { isObject, str, type Data } from '../common/values.js';
import { isFinding, RESULT_STATUSES, SEVERITIES, type Result, type Severity } from './types.js';
import { isResourceType, type ResourceType } from '../catalog/resource-types.js';

/** partialFingerprints key under which report.sarif carries a finding's fingerprint. */
export const FINGERPRINT_KEY = 'cfAccessAudit/v1';

/** One finding (fail or suppressed) of a previous report. */
export interface BaselineFinding {
  rule_id: string;
  account_id: string;
  resource_type: ResourceType;
  resource_id: string;
  resource_name: string | null;
  severity: Severity;
  message: string;
  file: string | null;
}

export interface Baseline {
  /** The file the baseline was read from. */
  source: string;
  fingerprints: Map<string, BaselineFinding>;
}

export class BaselineError extends Error {
  override name = 'BaselineError';
}

/** A SARIF object from a file we did not write: field names checked against @types/sarif, values still unknown. */
type Untrusted<T> = { [K in keyof T]?: unknown };

function sarifObject<T>(value: unknown): Untrusted<T> | undefined {
  return isObject(value) ? (value as Untrusted<T>) : undefined;
}

async function resolveBaselineFile(input: string): Promise<string> {
  let info;
  try {
    info = await stat(input);
  } catch {
    throw new BaselineError(
      `Baseline ${input} does not exist; pass a previous report folder, its findings.json or its report.sarif.`,
    );
  }
  if (!info.isDirectory()) return input;
  for (const name of ['findings.json', 'report.sarif']) {
    const candidate = path.join(input, name);
    if (
      await stat(candidate).then(
        (s) => s.isFile(),
        () => false,
      )
    )
      return candidate;
  }
  throw new BaselineError(
    `Baseline folder ${input} holds neither findings.json nor report.sarif; pass a previous --out folder of ` +
      `cf-access-audit.`,
  );
}

function fromFindingsJson(doc: Data, file: string): Map<string, BaselineFinding> {
  // Version 2 lists pass and not_applicable results only with --include-passing; a baseline reads findings only.
  if (doc.schema_version !== 1 && doc.schema_version !== 2) {
    throw new BaselineError(
      `Baseline ${file}: schema_version ${JSON.stringify(doc.schema_version)} is not ` +
        'supported (expected 1 or 2); regenerate it with this version of cf-access-audit.',
    );
  }
  if (!Array.isArray(doc.accounts))
    throw new BaselineError(
      `Baseline ${file}: "accounts" is not an array; the file is not a cf-access-audit findings.json.`,
    );
  const map = new Map<string, BaselineFinding>();
  doc.accounts.forEach((account: unknown, a) => {
    if (!isObject(account) || !Array.isArray(account.results))
      throw new BaselineError(`Baseline ${file}: accounts[${a}].results is missing.`);
    account.results.forEach((r: unknown, i) => {
      const where = `accounts[${a}].results[${i}]`;
      if (!isObject(r)) throw new BaselineError(`Baseline ${file}: ${where} is not an object.`);
      const status = r.status as Result['status'];
      if (!RESULT_STATUSES.includes(status))
        throw new BaselineError(
          `Baseline ${file}: ${where}.status ${JSON.stringify(r.status)} is not a result status.`,
        );
      if (status !== 'fail' && status !== 'suppressed') return;
      const fingerprint = str(r.fingerprint);
      const ruleId = str(r.rule_id);
      const type = str(r.resource_type);
      const severity = r.severity as Severity;
      if (!fingerprint || !ruleId || !type || !isResourceType(type) || !SEVERITIES.includes(severity)) {
        throw new BaselineError(
          `Baseline ${file}: ${where} lacks a valid fingerprint, rule_id, resource_type or severity.`,
        );
      }
      map.set(fingerprint, {
        rule_id: ruleId,
        account_id: str(r.account_id) ?? str(account.account_id) ?? '',
        resource_type: type,
        resource_id: str(r.resource_id) ?? '',
        resource_name: str(r.resource_name) ?? null,
        severity,
        message: typeof r.message === 'string' ? r.message : '',
        file: str(r.file) ?? null,
      });
    });
  });
  return map;
}

function fileFromUri(uri: string | undefined, snapshotDir: string | undefined): string | null {
  if (!uri) return null;
  const decoded = uri
    .split('/')
    .map((s) => decodeURIComponent(s))
    .join('/');
  const prefix = snapshotDir ? `${snapshotDir.replace(/^\.\/+|\/+$/g, '')}/` : '';
  const file = prefix && decoded.startsWith(prefix) ? decoded.slice(prefix.length) : decoded;
  return file === 'manifest.json' ? null : file;
}

function fromSarif(doc: Untrusted<Sarif.Log>, file: string): Map<string, BaselineFinding> {
  if (!Array.isArray(doc.runs))
    throw new BaselineError(`Baseline ${file}: "runs" is not an array; the file is not a SARIF log.`);
  const map = new Map<string, BaselineFinding>();
  doc.runs.forEach((item: unknown, n) => {
    const run = sarifObject<Sarif.Run>(item);
    if (!run || !Array.isArray(run.results)) {
      throw new BaselineError(`Baseline ${file}: runs[${n}].results is missing.`);
    }
    const runProps = sarifObject<Sarif.PropertyBag>(run.properties) ?? {};
    const automation = str(sarifObject<Sarif.RunAutomationDetails>(run.automationDetails)?.id);
    const accountId = str(runProps.accountId) ?? automation?.split('/')[1] ?? '';
    run.results.forEach((entry: unknown, i) => {
      const where = `runs[${n}].results[${i}]`;
      const r = sarifObject<Sarif.Result>(entry);
      if (!r) throw new BaselineError(`Baseline ${file}: ${where} is not an object.`);
      const fingerprints = isObject(r.partialFingerprints) ? r.partialFingerprints : {};
      const fingerprint = str(fingerprints[FINGERPRINT_KEY]);
      if (!fingerprint) {
        throw new BaselineError(
          `Baseline ${file}: ${where} has no partialFingerprints."${FINGERPRINT_KEY}"; only SARIF written by ` +
            `cf-access-audit can serve as a baseline.`,
        );
      }
      const props = sarifObject<Sarif.PropertyBag>(r.properties) ?? {};
      const type = str(props.resourceType);
      const severity = props.severity as Severity;
      const ruleId = str(r.ruleId);
      if (!ruleId || !type || !isResourceType(type) || !SEVERITIES.includes(severity)) {
        throw new BaselineError(
          `Baseline ${file}: ${where} lacks ruleId, properties.resourceType or properties.severity.`,
        );
      }
      const location = sarifObject<Sarif.Location>(Array.isArray(r.locations) ? r.locations[0] : undefined);
      const physical = sarifObject<Sarif.PhysicalLocation>(location?.physicalLocation);
      const artifact = sarifObject<Sarif.ArtifactLocation>(physical?.artifactLocation);
      map.set(fingerprint, {
        rule_id: ruleId,
        account_id: accountId,
        resource_type: type,
        resource_id: str(props.resourceId) ?? '',
        resource_name: str(props.resourceName) ?? null,
        severity,
        message: str(sarifObject<Sarif.Message>(r.message)?.text) ?? '',
        file: fileFromUri(str(artifact?.uri), str(runProps.snapshotDir)),
      });
    });
  });
  return map;
}

/**
 * Reads a previous report as a baseline: a report folder (its findings.json, else its report.sarif),
 * a findings.json, or a .sarif file written by cf-access-audit. Only findings (fail, suppressed) are kept.
 */
export async function loadBaseline(input: string): Promise<Baseline> {
  const file = await resolveBaselineFile(input);
  let doc: unknown;
  try {
    doc = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new BaselineError(
      `Baseline ${file} is not readable JSON (${(error as Error).message}); pass a findings.json or report.sarif ` +
        `from a previous run.`,
    );
  }
  if (!isObject(doc)) throw new BaselineError(`Baseline ${file} is not a JSON object.`);
  const isSarif = Array.isArray(doc.runs) || file.endsWith('.sarif');
  return { source: file, fingerprints: isSarif ? fromSarif(doc, file) : fromFindingsJson(doc, file) };
}

export interface BaselineComparison {
  /** The same results; findings carry `baseline_state` `new` or `unchanged`. */
  results: Result[];
  /**
   * Baseline findings no longer reported (`baseline_state: 'absent'`), excluding ones that could not be evaluated now.
   */
  fixed: Result[];
}

/**
 * Compares one account's results with a baseline by fingerprint. A baseline finding counts as fixed
 * only when its rule was evaluated on its resource this time (not `unknown`/`error`).
 */
export function applyBaseline(results: readonly Result[], baseline: Baseline, accountId?: string): BaselineComparison {
  const seen = new Set<string>();
  const undecided = new Set<string>();
  const out = results.map((r) => {
    if (r.status === 'unknown' || r.status === 'error')
      undecided.add(`${r.rule_id}\u0000${r.resource_type}\u0000${r.resource_id}`);
    if (!isFinding(r)) return r;
    seen.add(r.fingerprint);
    const state = baseline.fingerprints.has(r.fingerprint) ? 'unchanged' : 'new';
    return { ...r, baseline_state: state } satisfies Result;
  });
  const fixed: Result[] = [];
  for (const [fingerprint, b] of baseline.fingerprints) {
    if (seen.has(fingerprint)) continue;
    if (accountId !== undefined && b.account_id !== accountId) continue;
    const key = `${b.rule_id}\u0000${b.resource_type}\u0000`;
    if (undecided.has(`${key}${b.resource_id}`) || undecided.has(`${key}*`)) continue;
    fixed.push({
      rule_id: b.rule_id,
      status: 'fail',
      severity: b.severity,
      account_id: b.account_id,
      resource_type: b.resource_type,
      resource_id: b.resource_id,
      resource_name: b.resource_name,
      file: b.file,
      fingerprint,
      message: b.message,
      evidence: [],
      baseline_state: 'absent',
    });
  }
  return { results: out, fixed };
}
