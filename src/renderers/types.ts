import type { LoadedRule, Result, SuppressionReport } from '../engine/types.js';
import type { PublicReach } from '../reach/model.js';
import type { SnapshotManifest } from '../snapshot/types.js';

/** Everything one scan produced for one account, as the renderers receive it. */
export interface AccountReport {
  accountId: string;
  accountName?: string;
  manifest: SnapshotManifest;
  /** Every result of every rule (all statuses); `baseline_state` is set when a baseline was given. */
  results: Result[];
  /** Findings present in the baseline but not in this scan. */
  fixedSinceBaseline?: Result[];
  suppressions: SuppressionReport;
  /** Path of the snapshot folder relative to the report folder, e.g. `snapshot` or `snapshots/<account>`. */
  snapshotDir: string;
  /** Who can get into every application, target, MCP server and portal (docs/reach.md); absent when not computed. */
  reach?: PublicReach[];
  /** Identity provider id → name, to show the IdPs of ways in by name. */
  idpNames?: Record<string, string>;
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
}

export const REPORT_FORMATS = ['sarif', 'html', 'json', 'markdown'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export type Renderer = (input: ReportInput) => string;
