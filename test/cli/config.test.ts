import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { loadConfig, parseConfig, CONFIG_SCHEMA_FILE } from '../../src/cli/config/load-config.js';
import { resolveRunOptions, requireAccounts } from '../../src/cli/config/resolve-options.js';
import { parseCommandArgs } from '../../src/cli/args.js';
import { SCAN_SPEC } from '../../src/cli/command-specs.js';
import { UserError } from '../../src/cli/errors.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { checkRuleSettings } from '../../src/cli/pipeline/evaluate-accounts.js';
import { createAjv } from '../../src/common/ajv.js';
import { loadAllRules } from '../../src/engine/load-rules.js';
import type { LoadedRule } from '../../src/engine/types.js';

let rules: LoadedRule[];
beforeAll(async () => {
  rules = await loadAllRules();
});

async function configError(text: string): Promise<UserError> {
  try {
    await parseConfig('/etc/audit.yaml', text);
  } catch (error) {
    expect(error).toBeInstanceOf(UserError);
    return error as UserError;
  }
  throw new Error('expected a configuration error');
}

describe('parseConfig', () => {
  it('names the file, line and key of an unknown setting, with a suggestion', async () => {
    const error = await configError('fail_on: high\nacounts:\n  - id: abc\n');
    expect(error.message).toBe('/etc/audit.yaml:2: key "acounts" is not a known setting. Did you mean "accounts"?');
    expect(error.fix).toContain('Allowed here: accounts, zones,');
  });

  it('points into nested arrays', async () => {
    const error = await configError('accounts:\n  - id: abc\n  - id: def\n    zone: [z]\n');
    expect(error.message).toBe(
      '/etc/audit.yaml:4: key "accounts[1].zone" is not a known setting. Did you mean "zones"?',
    );
  });

  it('lists the allowed values of an enum', async () => {
    const error = await configError('output:\n  formats: [sarif, pdf]\n');
    expect(error.message).toBe(
      '/etc/audit.yaml:2: key "output.formats[1]" must be one of sarif, html, json, markdown.',
    );
  });

  it('refuses rule ids that are not kebab-case and ids with slashes', async () => {
    expect((await configError('rules:\n  Not_A_Rule: { enabled: false }\n')).message).toContain(
      'key "rules.Not_A_Rule" is not a rule id',
    );
    expect((await configError('accounts:\n  - id: ../../etc\n')).message).toContain(
      'key "accounts[0].id" does not look like a Cloudflare id',
    );
  });

  it('reports YAML syntax errors with line and column', async () => {
    const error = await configError('accounts: [\n');
    expect(error.message).toMatch(/^\/etc\/audit\.yaml:\d+:\d+: not valid YAML: /);
  });

  it('accepts the shipped example', async () => {
    const file = path.join(PACKAGE_ROOT, 'examples', 'cf-access-audit.config.yaml');
    const config = await parseConfig(file, await readFile(file, 'utf8'));
    expect(config.accounts?.length).toBeGreaterThan(1);
    const ajv = createAjv({ strict: true });
    expect(
      ajv.validate(JSON.parse(await readFile(CONFIG_SCHEMA_FILE, 'utf8')), parseYaml(await readFile(file, 'utf8'))),
    ).toBe(true);
    // Its rule ids and option values match the built-in rules.
    expect(() => checkRuleSettings(rules, { ruleSettings: config.rules ?? {}, configFile: file })).not.toThrow();
  });

  it("refuses rule option values that do not match the rule's option schema", () => {
    const settings = { 'access-application-session-duration': { options: { max_hours: 'twelve' } } };
    expect(() => checkRuleSettings(rules, { ruleSettings: settings, configFile: 'c.yaml' })).toThrow(
      /rules\.access-application-session-duration\.options\.max_hours/,
    );
  });
});

describe('loadConfig and precedence', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'cfaa-config-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const fileText = [
    'accounts:',
    '  - { id: file-account, name: Production, zones: [file-zone] }',
    '  - { id: second-account }',
    'zones: [shared-zone]',
    'rule_folders: [./custom-rules]',
    'suppressions: suppressions.yaml',
    'fail_on: medium',
    'allow_partial: true',
    'output: { dir: ./reports-out, formats: [sarif, json] }',
    'api: { base_url: "http://127.0.0.1:1/client/v4", concurrency: 2, request_budget: 100 }',
    '',
  ].join('\n');

  it('finds cf-access-audit.config.yaml in the working directory', async () => {
    await writeFile(path.join(dir, 'cf-access-audit.config.yaml'), fileText);
    const loaded = await loadConfig(dir, undefined);
    expect(loaded.file).toBe(path.join(dir, 'cf-access-audit.config.yaml'));
    expect(loaded.config.fail_on).toBe('medium');
  });

  it('has no configuration when there is no file, and refuses a missing --config', async () => {
    expect(await loadConfig(dir, undefined)).toEqual({ file: undefined, config: {} });
    await expect(loadConfig(dir, 'nope.yaml')).rejects.toThrow(/configuration file .*nope\.yaml does not exist/);
  });

  it('uses the file when neither flags nor environment say otherwise; paths are relative to the file', async () => {
    const sub = path.join(dir, 'conf');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(sub);
    await writeFile(path.join(sub, 'audit.yaml'), fileText);
    const loaded = await loadConfig(dir, 'conf/audit.yaml');
    const options = resolveRunOptions(parseCommandArgs(SCAN_SPEC, []).values, {}, loaded, dir);
    expect(options.accounts).toEqual([
      { id: 'file-account', name: 'Production', zones: ['file-zone'] },
      { id: 'second-account', zones: ['shared-zone'] },
    ]);
    expect(options.outDir).toBe(path.join(sub, 'reports-out'));
    expect(options.ruleFolders).toEqual([path.join(sub, 'custom-rules')]);
    expect(options.suppressionsFile).toBe(path.join(sub, 'suppressions.yaml'));
    expect(options.failOn).toBe('medium');
    expect(options.allowPartial).toBe(true);
    expect(options.formats).toEqual(['sarif', 'json']);
    expect(options.baseUrl).toBe('http://127.0.0.1:1/client/v4');
    expect(options.concurrency).toBe(2);
    expect(options.requestBudget).toBe(100);
  });

  it('lets the environment override the file, and flags override both', async () => {
    await writeFile(path.join(dir, 'cf-access-audit.config.yaml'), fileText);
    const loaded = await loadConfig(dir, undefined);
    const env = { CLOUDFLARE_ACCOUNT_ID: 'env-account', CLOUDFLARE_BASE_URL: 'http://127.0.0.1:2/client/v4' };

    const fromEnv = resolveRunOptions(parseCommandArgs(SCAN_SPEC, []).values, env, loaded, dir);
    expect(fromEnv.accounts).toEqual([{ id: 'env-account', zones: ['shared-zone'] }]);
    expect(fromEnv.baseUrl).toBe('http://127.0.0.1:2/client/v4');

    const flags = parseCommandArgs(SCAN_SPEC, [
      '--account',
      'file-account',
      '--zone',
      'flag-zone',
      '--fail-on',
      'critical',
      '--out',
      'cli-out',
      '--rules',
      'more-rules',
      '--format',
      'html',
    ]).values;
    const fromFlags = resolveRunOptions(flags, env, loaded, dir);
    expect(fromFlags.accounts).toEqual([{ id: 'file-account', name: 'Production', zones: ['flag-zone'] }]);
    expect(fromFlags.failOn).toBe('critical');
    expect(fromFlags.outDir).toBe(path.join(dir, 'cli-out'));
    expect(fromFlags.ruleFolders).toEqual([path.join(dir, 'custom-rules'), path.join(dir, 'more-rules')]);
    expect(fromFlags.formats).toEqual(['html']);
  });

  it('defaults to fail-on high, all formats and ./cf-access-audit-report', () => {
    const options = resolveRunOptions(parseCommandArgs(SCAN_SPEC, []).values, {}, { file: undefined, config: {} }, dir);
    expect(options.failOn).toBe('high');
    expect(options.formats).toEqual(['sarif', 'html', 'json', 'markdown']);
    expect(options.outDir).toBe(path.join(dir, 'cf-access-audit-report'));
    expect(options.allowPartial).toBe(false);
    expect(() => requireAccounts(options, 'scan')).toThrow('"scan" needs an account id.');
  });

  it('refuses an account id that could escape the output folder', () => {
    const values = parseCommandArgs(SCAN_SPEC, ['--account', '../x']).values;
    expect(() => resolveRunOptions(values, {}, { file: undefined, config: {} }, dir)).toThrow(
      /does not look like a Cloudflare id/,
    );
  });
});
