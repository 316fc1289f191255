import { SEVERITIES, type Severity } from '../engine/types.js';
import type { CommandSpec, OptionSpec } from './args.js';
import { ENGINES } from '../engine/engines.js';
import { FILTER_OPTIONS } from './filter-options.js';

export const FAIL_ON_CHOICES = [...SEVERITIES, 'none'] as const;
// Spelled out, not read from the array: ts-json-schema-generator (test/schemas) cannot follow the spread.
export type FailOn = Severity | 'none';

export const REPORT_FORMATS = ['sarif', 'html', 'json', 'markdown'] as const;
export type ReportFormatName = (typeof REPORT_FORMATS)[number];

export const DEFAULT_OUT_DIR = 'cf-access-audit-report';
export const CONFIG_FILE_NAME = 'cf-access-audit.config.yaml';

const HELP: OptionSpec = { type: 'boolean', description: 'Show this help.' };
const QUIET: OptionSpec = {
  type: 'boolean',
  description: 'Hide progress; errors, warnings and the summary still print.',
};
const VERBOSE: OptionSpec = { type: 'boolean', description: 'Print every request decision and stack traces.' };
const CONFIG: OptionSpec = {
  type: 'string',
  value: 'FILE',
  description: `Configuration file (default ./${CONFIG_FILE_NAME} if present).`,
};

const COLLECTION_OPTIONS: Record<string, OptionSpec> = {
  account: {
    type: 'string',
    multiple: true,
    value: 'ID',
    description: 'Account id (default CLOUDFLARE_ACCOUNT_ID); repeat for several.',
  },
  zone: {
    type: 'string',
    multiple: true,
    value: 'ID',
    description: 'Also collect zone-scoped Access for this zone; repeatable.',
  },
  'allow-partial': { type: 'boolean', description: 'Exit 0/1 even when a resource type could not be read (not 3).' },
  timeout: {
    type: 'string',
    value: 'DURATION',
    description: 'Stop collecting after this long (e.g. 90s, 15m, 1h; default 30m); unread types are incomplete.',
  },
};

const EVALUATION_OPTIONS: Record<string, OptionSpec> = {
  rules: {
    type: 'string',
    multiple: true,
    value: 'DIR',
    description: 'Extra rule folder, laid out like rules/; repeatable.',
  },
  'fail-on': {
    type: 'string',
    value: 'SEVERITY',
    choices: FAIL_ON_CHOICES,
    description: 'Exit 1 on findings at or above: critical|high|medium|low|info|none (default high).',
  },
  baseline: {
    type: 'string',
    value: 'PATH',
    description: 'Previous output folder, findings.json or report.sarif: mark new/fixed/unchanged.',
  },
  suppressions: {
    type: 'string',
    value: 'FILE',
    description: 'Suppressions YAML ({rule, resource, reason, expires}).',
  },
  engine: {
    type: 'string',
    value: 'ENGINE',
    choices: ENGINES,
    description: 'Rule evaluator: fast (compiled checks, the default) or jsonata (JSONata alone, slower).',
  },
  'sarif-root': {
    type: 'string',
    value: 'DIR',
    description: 'Repository root: SARIF file URIs relative to it (the snapshot must be inside), not to --out.',
  },
  'sarif-suppressed': {
    type: 'boolean',
    description: 'Keep suppressed findings in report.sarif, marked as SARIF suppressions.',
  },
  'include-passing': {
    type: 'boolean',
    description: 'List pass and not-applicable results one by one in findings.json (default: counted).',
  },
  format: {
    type: 'string',
    multiple: true,
    value: 'FORMAT',
    choices: [...REPORT_FORMATS, 'table'],
    description:
      'Report to write: sarif|html|json|markdown; repeatable (default all). With --out -: one of ' +
      'table|json|sarif|markdown (default table) to stdout.',
  },
  table: { type: 'boolean', description: 'Print the findings table on stderr even when it is not a terminal.' },
  ...FILTER_OPTIONS,
};

const OUT_DESCRIPTION = `Output folder (default ./${DEFAULT_OUT_DIR}); - writes one --format to stdout, no files.`;

const EXIT_CODES_NOTE = [
  'Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage, configuration,',
  'rule-load or authentication error; 3 collection incomplete (unless --allow-partial).',
].join('\n');

const CREDENTIALS_NOTE = [
  'Credentials: CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_KEY + CLOUDFLARE_EMAIL); endpoint CLOUDFLARE_BASE_URL.',
  'Precedence: flags, then environment, then the configuration file.',
].join('\n');

export const SCAN_SPEC: CommandSpec = {
  name: 'scan',
  summary: 'Collect every Access resource of the account(s), evaluate the rules and write the reports.',
  usage:
    'scan --account ID [--zone ID]... [--out DIR] [--config FILE] [--rules DIR]... [--fail-on SEVERITY] ' +
    '[--allow-partial] [--timeout DURATION] [--baseline PATH]',
  positionals: [],
  options: {
    ...COLLECTION_OPTIONS,
    out: { type: 'string', value: 'DIR', description: OUT_DESCRIPTION },
    config: CONFIG,
    ...EVALUATION_OPTIONS,
    quiet: QUIET,
    verbose: VERBOSE,
    help: HELP,
  },
  notes: [CREDENTIALS_NOTE, EXIT_CODES_NOTE],
};

export const COLLECT_SPEC: CommandSpec = {
  name: 'collect',
  summary: 'Snapshot every Access resource of one account into a folder (no evaluation).',
  usage: 'collect --account ID [--zone ID]... --out DIR [--timeout DURATION]',
  positionals: [],
  options: {
    ...COLLECTION_OPTIONS,
    out: { type: 'string', value: 'DIR', description: 'Snapshot folder to write (required).' },
    config: CONFIG,
    quiet: QUIET,
    verbose: VERBOSE,
    help: HELP,
  },
  notes: [
    CREDENTIALS_NOTE,
    'Exit codes: 0 collected; 2 usage/configuration/authentication error; 3 incomplete (unless --allow-partial).',
  ],
};

export const EVALUATE_SPEC: CommandSpec = {
  name: 'evaluate',
  summary: 'Evaluate the rules against a saved snapshot and write the reports (offline).',
  usage: 'evaluate SNAPSHOT_DIR [--out DIR] [--config FILE] [--rules DIR]... [--fail-on SEVERITY] [--baseline PATH]',
  positionals: [
    { name: 'SNAPSHOT_DIR', required: true, description: 'a folder written by collect or scan (holds manifest.json)' },
  ],
  options: {
    out: { type: 'string', value: 'DIR', description: OUT_DESCRIPTION },
    config: CONFIG,
    ...EVALUATION_OPTIONS,
    'allow-partial': COLLECTION_OPTIONS['allow-partial']!,
    quiet: QUIET,
    verbose: VERBOSE,
    help: HELP,
  },
  notes: [EXIT_CODES_NOTE],
};

export const MERGE_SPEC: CommandSpec = {
  name: 'merge',
  summary: 'Combine per-account outputs (e.g. of a CI matrix) into one set of reports, as one scan of them all.',
  usage: 'merge DIR... [--out DIR] [--config FILE] [--rules DIR]... [--fail-on SEVERITY] [--baseline PATH]',
  positionals: [
    {
      name: 'DIR',
      required: true,
      repeatable: true,
      description: 'a scan output folder (holds snapshot/ or snapshots/) or a snapshot folder; one per account',
    },
  ],
  // The same options as evaluate: merge is evaluate of several folders (commands/merge.ts).
  options: EVALUATE_SPEC.options,
  notes: [
    'Each account is evaluated again from its snapshot, so the reports equal those of one scan of every account.',
    EXIT_CODES_NOTE,
  ],
};

export const DEMO_SPEC: CommandSpec = {
  name: 'demo',
  summary: 'Run the whole pipeline over HTTP against the built-in emulator serving the demo account.',
  usage: 'demo [--out DIR]',
  positionals: [],
  options: {
    out: { type: 'string', value: 'DIR', description: `Output folder (default ./${DEFAULT_OUT_DIR}).` },
    quiet: QUIET,
    verbose: VERBOSE,
    help: HELP,
  },
  notes: ['Uses no credentials of yours: the emulator gets a random throwaway token. Exits 0 when the pipeline ran.'],
};

export const EMULATOR_SPEC: CommandSpec = {
  name: 'emulator',
  summary: 'Serve a snapshot folder as a Cloudflare-compatible v4 API on loopback (Ctrl-C to stop).',
  usage: 'emulator [--port N] [--snapshot DIR]...',
  positionals: [],
  options: {
    port: { type: 'string', value: 'N', description: 'Port to listen on (default: a free port).' },
    snapshot: {
      type: 'string',
      multiple: true,
      value: 'DIR',
      description: 'Snapshot folder to serve (default: the demo account); repeat to serve several accounts.',
    },
    token: {
      type: 'string',
      value: 'TOKEN',
      description: 'Token the emulator accepts (default: random, printed once).',
    },
    quiet: QUIET,
    verbose: VERBOSE,
    help: HELP,
  },
};

export const REACH_FORMATS = ['text', 'json'] as const;

export const REACH_SPEC: CommandSpec = {
  name: 'reach',
  summary: 'What-if: the applications, targets and MCP resources one person or service token gets into.',
  usage:
    'reach SNAPSHOT_DIR --as EMAIL [--idp ID_OR_NAME] [--login-method ID_OR_TYPE] [--group NAME]... ' +
    '[--country CC] [--ip ADDRESS] [--auth-method METHOD]... [--posture ID]... [--service-token ID] ' +
    '[--format json|text]',
  positionals: [
    { name: 'SNAPSHOT_DIR', required: true, description: 'a folder written by collect or scan (holds manifest.json)' },
  ],
  options: {
    as: { type: 'string', value: 'EMAIL', description: "The person's email (required without --service-token)." },
    idp: {
      type: 'string',
      value: 'ID_OR_NAME',
      description: 'Identity provider of the login (default: each one the application accepts).',
    },
    'login-method': {
      type: 'string',
      value: 'ID_OR_TYPE',
      description: 'The same, by id or IdP type (onetimepin, okta, ...).',
    },
    group: {
      type: 'string',
      multiple: true,
      value: 'NAME',
      description: 'Group at the IdP (Okta/Entra group, GitHub org[/team], SAML/OIDC value); none given: none.',
    },
    country: { type: 'string', value: 'CC', description: 'ISO 3166-1 alpha-2 country of the request.' },
    ip: { type: 'string', value: 'ADDRESS', description: 'Source IP address of the request.' },
    'auth-method': {
      type: 'string',
      multiple: true,
      value: 'METHOD',
      description: 'Authentication method used at login (mfa, hwk, ...).',
    },
    posture: {
      type: 'string',
      multiple: true,
      value: 'ID',
      description: 'Device posture check the device passes (integration uid).',
    },
    'service-token': {
      type: 'string',
      value: 'ID',
      description: 'Service token presented: its id, client id or name.',
    },
    format: {
      type: 'string',
      value: 'FORMAT',
      choices: REACH_FORMATS,
      description: 'Output: text|json (default text).',
    },
    help: HELP,
  },
  notes: [
    'An attribute not given is unknown (except groups): a grant that holds only under an assumption about it\n' +
      'lists the assumption. Without --idp, every IdP the application accepts is tried; one other than\n' +
      'one-time PIN is itself an assumption.',
    'Exit codes: 0 answered (whether or not anything is reachable); 2 usage error or unreadable snapshot.',
  ],
};

/** Summary line for `rules` (its parsing and help live in commands/rules.ts). */
export const RULES_SUMMARY = 'List, show or test rules: rules list | show RULE_ID | test [DIR].';

export const COMMAND_SPECS = [
  SCAN_SPEC,
  COLLECT_SPEC,
  EVALUATE_SPEC,
  MERGE_SPEC,
  REACH_SPEC,
  DEMO_SPEC,
  EMULATOR_SPEC,
] as const;
export const COMMAND_NAMES = ['scan', 'collect', 'evaluate', 'merge', 'reach', 'rules', 'demo', 'emulator'] as const;
