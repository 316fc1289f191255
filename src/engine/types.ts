import type { ResourceType } from '../catalog/resource-types.js';
import type { PublicReach } from '../reach/model.js';
import type { Severity } from '../common/severity.js';

export { SEVERITIES, type Severity } from '../common/severity.js';

export const RESULT_STATUSES = ['pass', 'fail', 'not_applicable', 'unknown', 'error', 'suppressed'] as const;
export type ResultStatus = (typeof RESULT_STATUSES)[number];

export interface RuleRemediation {
  /** Dashboard steps (Markdown allowed). */
  dashboard: string;
  /**
   * API field(s) and values, e.g. `PUT /accounts/{account_id}/access/apps/{app_id}` with `http_only_cookie_attribute:
   * true`.
   */
  api: string;
  /** Terraform attribute(s) on `cloudflare_zero_trust_access_*`. */
  terraform?: string;
}

export interface RuleFrameworks {
  'nist-800-53'?: string[];
  'cis-controls-v8'?: string[];
  'iso-27001'?: string[];
  soc2?: string[];
}

/** A rule as loaded from `rules/<resource>/<id>.yaml` (see `rules/rule.schema.json`). */
export interface RuleDefinition {
  id: string;
  resource: ResourceType;
  title: string;
  severity: Severity;
  /** Row of the research catalog (`ZTA-APP-001`) the rule implements, when it implements one. */
  catalog_id?: string;
  description: string;
  risk: string;
  remediation: RuleRemediation;
  /** Required for built-in rules; a custom rule without them loads with `[]` and `{}`. */
  references: string[];
  frameworks: RuleFrameworks;
  /** Custom rules: the help page SARIF links (default: the first reference). */
  help_uri?: string;
  tags?: string[];
  /**
   * Other resource types the check reads through `$snapshot`; if one is not fully collected, the result is `unknown`.
   */
  uses?: ResourceType[];
  /** JSON Schema per option, each with a `default` and a `description`. */
  options?: Record<string, { default: unknown; description: string; [k: string]: unknown }>;
  /**
   * Resources the rule applies to: top-level field → allowed values (all listed fields must match). Checked in
   * JS before the check; any other resource is `not_applicable` without evaluating the check.
   */
  applies_to?: Record<string, (string | number | boolean)[]>;
  /**
   * JSONata evaluated once per snapshot, before the check, with the same bindings but no resource; its value
   * is bound as `$setup` in `check` and `evidence` (precomputed lookups instead of a scan per resource).
   */
  setup?: string;
  /** JSONata evaluated for a failing resource: that finding's severity (severity follows exposure). */
  severity_by?: string;
  /** JSONata: `true` compliant, `false` finding, `undefined` not applicable. */
  check: string;
  /**
   * JSONata returning evidence `[{path, value}]` for a failed resource (optional; defaults to the fields the check
   * reads).
   */
  evidence?: string;
  /** Template with `{{field.path}}`, `{{$options.name}}`, `{{$name}}` (resource display name), `{{$id}}`. */
  message: string;
  aliases?: string[];
  deprecated?: boolean;
}

export interface LoadedRule extends RuleDefinition {
  /** Absolute path of the YAML file it came from. */
  sourceFile: string;
  /** True for rules from `rules/` shipped with the tool, false for `--rules DIR`. */
  builtin: boolean;
}

export interface Evidence {
  /** Field path inside the resource, e.g. `policies[0].include[1].everyone` or `cors_headers.allow_all_origins`. */
  path: string;
  value: unknown;
}

export type BaselineState = 'new' | 'unchanged' | 'absent';

export interface Result {
  rule_id: string;
  status: ResultStatus;
  severity: Severity;
  account_id: string;
  resource_type: ResourceType;
  /** Resource key, or `*` for a per-type result (`unknown` when the type was not collected). */
  resource_id: string;
  resource_name: string | null;
  /** Snapshot-relative path of the resource file (`null` for `*` results). */
  file: string | null;
  /** Zone id when the resource came from a zone-scoped endpoint. */
  zone_id?: string;
  /** The application holding an app-scoped policy (such a policy has no file or API path of its own). */
  application?: { id: string; name: string };
  /** Stable finding identity: sha256(rule id + account + resource type + resource id), hex. */
  fingerprint: string;
  message: string;
  evidence: Evidence[];
  /** Set when status is `suppressed`: what it would have been and why it is not reported. */
  suppression?: { reason: string; expires?: string; original_status: 'fail' };
  /** Set for `error` (expression threw) and `unknown` (why the data is missing). */
  detail?: string;
  baseline_state?: BaselineState;
  /** For a failing result: the applications, targets and MCP resources the resource opens (from reach). */
  exposes?: ExposedResource[];
}

export interface ExposedResource {
  type: 'access_application' | 'infrastructure_target' | 'mcp_server' | 'mcp_portal';
  id: string;
  name: string;
}

export interface SuppressionEntry {
  rule: string;
  resource: string;
  reason: string;
  expires?: string;
}

export interface SuppressionReport {
  expired: SuppressionEntry[];
  unmatched: SuppressionEntry[];
}

export interface AccountEvaluation {
  account_id: string;
  results: Result[];
  suppressions: SuppressionReport;
  /** Who can get into every application, target, MCP server and portal (docs/reach.md). */
  reach?: PublicReach[];
}

/** A result that is reported as a finding (SARIF result, table row): failed or failed-but-suppressed. */
export function isFinding(result: Result): boolean {
  return result.status === 'fail' || result.status === 'suppressed';
}
