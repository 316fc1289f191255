/**
 * findings.json as written: the TypeScript side of schemas/findings.schema.json (docs/findings-json.md).
 * test/schemas/types-match-schemas.test.ts fails when the two disagree.
 */
import type { Result, ResultStatus, RuleFrameworks, Severity, SuppressionReport } from '../engine/types.js';
import type { TOOL_NAME } from '../paths.js';
import type { PublicReach } from '../reach/model.js';
import type { ResourceType } from '../catalog/resource-types.js';
import type { CoverageStatus } from '../snapshot/types.js';
import type { FINDINGS_SCHEMA_VERSION } from './findings-json.js';
import type { FailedAccount } from './types.js';

export interface FindingsDocument {
  schema_version: typeof FINDINGS_SCHEMA_VERSION;
  tool: { name: typeof TOOL_NAME; version: string };
  generated_at: string;
  /** The previous report the results were compared with. */
  baseline: { source: string } | null;
  /** True: `results` lists pass and not_applicable results too; false: they are only counted in `passing`. */
  include_passing: boolean;
  accounts: FindingsAccount[];
  /** Accounts the run could not collect, evaluate or render; present only when there are some. */
  failed_accounts?: FindingsFailedAccount[];
  rules: FindingsRule[];
}

export interface FindingsAccount {
  account_id: string;
  account_name: string | null;
  snapshot: { dir: string; collected_at: string; base_url: string; zone_ids: string[]; complete: boolean };
  coverage: FindingsCoverage[];
  counts: {
    total: number;
    by_status: Record<ResultStatus, number>;
    findings_by_severity: Record<Severity, number>;
    baseline: { new: number; unchanged: number; fixed: number };
  };
  passing: PassingCount[];
  results: Result[];
  fixed: Result[];
  reach?: PublicReach[];
  suppressions: SuppressionReport;
}

export interface FindingsCoverage {
  scope: 'account' | 'zone';
  scope_id: string;
  resource_type: ResourceType;
  status: CoverageStatus;
  count: number;
  requests: number;
  http_status?: number;
  endpoint?: string;
  message?: string;
  permission: string;
}

/** Pass and not_applicable results of one rule on one resource type. */
export interface PassingCount {
  rule_id: string;
  resource_type: ResourceType;
  pass: number;
  not_applicable: number;
}

export interface FindingsFailedAccount {
  account_id: string;
  account_name: string | null;
  stage: FailedAccount['stage'];
  message: string;
}

export interface FindingsRule {
  id: string;
  title: string;
  severity: Severity;
  resource_type: ResourceType;
  frameworks: RuleFrameworks;
  aliases: string[];
  deprecated: boolean;
  builtin: boolean;
}
