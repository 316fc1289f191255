import type { LoadedRule, Result, SuppressionReport } from '../engine/types.js';
import type { PublicReach } from '../reach/model.js';
import type { SnapshotManifest } from '../snapshot/types.js';
import type { PassingCount } from './findings-document.js';
import type { JsonRegion } from './json-lines.js';

/** Everything one scan produced for one account, as the renderers receive it. */
export interface AccountReport {
  accountId: string;
  accountName?: string;
  manifest: SnapshotManifest;
  /**
   * The results of every rule, except the pass and not-applicable ones counted in `passing` (all of them when
   * `passing` is absent); `baseline_state` is set when a baseline was given.
   */
  results: Result[];
  /** Pass and not-applicable results left out of `results`, counted per rule and type (src/renderers/passing.ts). */
  passing?: PassingCount[];
  /** Findings present in the baseline but not in this scan. */
  fixedSinceBaseline?: Result[];
  suppressions: SuppressionReport;
  /** Path of the snapshot folder relative to the report folder, e.g. `snapshot` or `snapshots/<account>`. */
  snapshotDir: string;
  /**
   * Path of the snapshot folder relative to the repository root given by `--sarif-root` (`.` when it is the
   * root): SARIF artifact URIs are then relative to that root (`%SRCROOT%`) instead of the report folder.
   */
  repoSnapshotDir?: string;
  /** The snapshot's files as written, for SARIF regions (line of the offending field); absent: line 1. */
  documents?: SnapshotDocuments;
  /**
   * The SARIF region of each listed result, by `regionKey` (src/renderers/locations.ts): computed right after
   * evaluation so that the snapshot's files need not be kept until rendering. Takes precedence over `documents`.
   */
  regions?: ReadonlyMap<string, JsonRegion>;
  /** Who can get into every application, target, MCP server and portal (docs/reach.md); absent when not computed. */
  reach?: PublicReach[];
  /** Identity provider id → name, to show the IdPs of ways in by name. */
  idpNames?: Record<string, string>;
}

/** The resources of a snapshot as stored, to locate a field in the pretty-printed file that holds it. */
export interface SnapshotDocuments {
  /** Snapshot-relative path of every resource file → the object written there. */
  files: ReadonlyMap<string, unknown>;
  /** Key of each access_policy embedded in an application → its index in that application's `policies`. */
  embeddedPolicies: ReadonlyMap<string, number>;
}

/** An account the run could not report: the other accounts are reported in full, this one names why. */
export interface FailedAccount {
  accountId: string;
  accountName?: string;
  /** Where it failed. */
  stage: 'collect' | 'evaluate' | 'render';
  /** What went wrong (one line, from the error). */
  message: string;
}

/** The input of every renderer; built by the CLI. Renderers never read the clock or the disk for data. */
export interface ReportInput {
  /** ISO 8601 time the report was produced (fixed in tests). */
  generatedAt: string;
  toolVersion: string;
  accounts: AccountReport[];
  /** The full rule catalog (rule reference, SARIF `driver.rules`). */
  rules: LoadedRule[];
  baseline?: { source: string };
  /** Accounts that could not be collected, evaluated or rendered (absent when none). */
  failedAccounts?: FailedAccount[];
  /**
   * report.sarif keeps suppressed findings, each with a SARIF `suppressions` entry (`--sarif-suppressed`); by
   * default they are left out, since GitHub code scanning ignores `suppressions` and would show them as open.
   */
  sarifSuppressed?: boolean;
  /** `--include-passing`: list pass and not-applicable results one by one (otherwise counted per rule). */
  includePassing?: boolean;
}

export const REPORT_FORMATS = ['sarif', 'html', 'json', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export type Renderer = (input: ReportInput) => string;
