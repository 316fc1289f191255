/**
 * `cf-access-audit rules list [--json] | show RULE_ID [--json] | test [DIR]` (with `--rules DIR` for list/show).
 */
import path from 'node:path';
import type { CliIo } from '../io.js';
import { BUILTIN_RULES_DIR } from '../../paths.js';
import { RuleLoadError, formatProblem } from '../../engine/errors.js';
import { loadRules, loadRulesLenient, type RuleSource } from '../../engine/load-rules.js';
import { checkCatalog } from '../../engine/check-catalog.js';
import { loadRuleCases, runRuleCase } from '../../engine/rule-cases.js';
import { absentFieldWarnings } from '../../engine/absent-fields.js';
import type { LoadedRule } from '../../engine/types.js';
import { listedRules, RULES_FILTER_FLAGS, rulesFilter, rulesJson, rulesNamed, rulesTable } from '../rules-listing.js';

type RulesIo = Pick<CliIo, 'stdout' | 'stderr'> & Partial<Pick<CliIo, 'cwd'>>;

const HELP = `Usage: cf-access-audit rules <subcommand>

  list [--json] [--rules DIR]...       every rule: id, resource, severity, title, frameworks
       [--severity S] [--rule ID]... [--framework NAME[:CONTROL]]...
                                       only the rules these filters select (as in scan and evaluate)
  show RULE_ID [--json] [--rules DIR]  all metadata of one rule (id, alias or catalog id such as ZTA-APP-001:
                                       every rule implementing it), options with defaults, the check
  test [DIR]                           catalog checks and every test case of the rules in DIR (default: built-in rules)

Exit codes: 0 ok; 1 a check or case failed; 2 usage or rule-load error.
`;

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function publicRule(rule: LoadedRule): Record<string, unknown> {
  const { sourceFile, builtin, ...rest } = rule;
  return { ...rest, source: builtin ? path.relative(BUILTIN_RULES_DIR, sourceFile) : sourceFile, builtin };
}

function showText(rule: LoadedRule): string {
  const lines: string[] = [];
  lines.push(`${rule.id}  [${rule.severity}]  ${rule.resource}`, rule.title, '');
  if (rule.catalog_id) lines.push(`Catalog:      ${rule.catalog_id}`);
  if (rule.aliases?.length) lines.push(`Aliases:      ${rule.aliases.join(', ')}`);
  if (rule.deprecated) lines.push('Deprecated:   yes');
  if (rule.uses?.length) lines.push(`Uses:         ${rule.uses.join(', ')}`);
  if (rule.tags?.length) lines.push(`Tags:         ${rule.tags.join(', ')}`);
  lines.push(`Source:       ${rule.sourceFile}`, '');
  lines.push('Description:', `  ${rule.description.trim()}`, '', 'Risk:', `  ${rule.risk.trim()}`, '');
  lines.push('Remediation:', `  Dashboard: ${rule.remediation.dashboard}`, `  API:       ${rule.remediation.api}`);
  if (rule.remediation.terraform) lines.push(`  Terraform: ${rule.remediation.terraform}`);
  lines.push('', 'Frameworks:');
  for (const [fw, ids] of Object.entries(rule.frameworks)) lines.push(`  ${pad(fw, 16)} ${(ids ?? []).join(', ')}`);
  lines.push('', 'References:', ...rule.references.map((r) => `  ${r}`));
  const options = Object.entries(rule.options ?? {});
  if (options.length > 0) {
    lines.push('', 'Options:');
    for (const [name, schema] of options) {
      const { default: def, description, ...rest } = schema;
      lines.push(
        `  ${name} = ${JSON.stringify(def)}  ` +
          `${description}${Object.keys(rest).length ? `  ${JSON.stringify(rest)}` : ''}`,
      );
    }
  }
  if (rule.applies_to) {
    lines.push(
      '',
      'Applies to:',
      ...Object.entries(rule.applies_to).map(([field, values]) => `  ${field} in ${JSON.stringify(values)}`),
    );
  }
  if (rule.setup)
    lines.push(
      '',
      'Setup (once per snapshot, as $setup):',
      ...rule.setup
        .trimEnd()
        .split('\n')
        .map((l) => `  ${l}`),
    );
  lines.push(
    '',
    'Check:',
    ...rule.check
      .trimEnd()
      .split('\n')
      .map((l) => `  ${l}`),
  );
  if (rule.evidence)
    lines.push(
      '',
      'Evidence:',
      ...rule.evidence
        .trimEnd()
        .split('\n')
        .map((l) => `  ${l}`),
    );
  lines.push('', `Message: ${rule.message}`, '');
  return lines.join('\n');
}

interface Parsed {
  sub: string | undefined;
  positional: string[];
  json: boolean;
  ruleDirs: string[];
  help: boolean;
  /** `--severity`, `--rule`, `--framework` with their values, for `list`. */
  filterArgs: string[];
}

function parse(argv: string[], cwd: string): Parsed | string {
  const out: Parsed = { sub: undefined, positional: [], json: false, ruleDirs: [], help: false, filterArgs: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h') out.help = true;
    else if (a === '--json') out.json = true;
    else if (a === '--rules') {
      const dir = argv[++i];
      if (dir === undefined) return '--rules needs a folder';
      out.ruleDirs.push(path.resolve(cwd, dir));
    } else if (a.startsWith('--rules=')) out.ruleDirs.push(path.resolve(cwd, a.slice('--rules='.length)));
    else if (RULES_FILTER_FLAGS.includes(a.split('=')[0]!)) {
      const value = a.includes('=') ? undefined : argv[++i];
      if (!a.includes('=') && value === undefined) return `${a} needs a value`;
      out.filterArgs.push(...(value === undefined ? [a] : [a, value]));
    } else if (a.startsWith('-')) return `unknown option "${a}"`;
    else if (out.sub === undefined) out.sub = a;
    else out.positional.push(a);
  }
  return out;
}

function sources(dirs: string[]): RuleSource[] {
  return [{ dir: BUILTIN_RULES_DIR, builtin: true }, ...dirs.map((dir) => ({ dir, builtin: false }))];
}

async function testRules(dir: string, builtin: boolean, io: RulesIo): Promise<number> {
  const { rules, problems } = await loadRulesLenient([{ dir, builtin }]);
  if (problems.length > 0) {
    for (const p of problems) io.stderr.write(`load error: ${formatProblem(p)}\n`);
    io.stderr.write(`${problems.length} rule file(s) could not be loaded.\n`);
    return 2;
  }
  if (rules.length === 0) {
    io.stderr.write(`no rules found under ${dir} (expected <resource_type>/<rule-id>.yaml files)\n`);
    return 2;
  }
  let passed = 0;
  let failed = 0;
  let warned = 0;
  const catalogProblems = await checkCatalog(rules);
  const brokenFiles = new Set(catalogProblems.map((p) => p.file));
  for (const p of catalogProblems) {
    failed++;
    io.stdout.write(`FAIL catalog ${formatProblem(p)}\n`);
  }
  for (const rule of rules) {
    if (!brokenFiles.has(rule.sourceFile)) passed++;
    let cases;
    try {
      cases = await loadRuleCases(rule);
    } catch (err) {
      if (err instanceof RuleLoadError) continue; // already reported by the catalog check
      throw err;
    }
    for (const { kind, case: c } of cases.cases) {
      const outcome = await runRuleCase(rule, kind, c);
      if (outcome.ok) passed++;
      else {
        failed++;
        io.stdout.write(
          `FAIL ${cases.file} › ${kind} › ` +
            `${c.name}\n${outcome.problems.map((p) => `  ${p.replace(/\n/g, '\n  ')}`).join('\n')}\n`,
        );
      }
    }
    for (const warning of await absentFieldWarnings(rule, cases.cases)) {
      warned++;
      io.stdout.write(`WARN ${rule.sourceFile} (check): ${warning}\n`);
    }
  }
  const warnings = warned > 0 ? `, ${warned} warning(s)` : '';
  io.stdout.write(`${passed} passed, ${failed} failed${warnings} (${rules.length} rules)\n`);
  return failed > 0 ? 1 : 0;
}

export async function rulesCommand(argv: string[], io: RulesIo): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const parsed = parse(argv, cwd);
  if (typeof parsed === 'string') {
    io.stderr.write(`cf-access-audit rules: ${parsed}\n\n${HELP}`);
    return 2;
  }
  if (parsed.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (parsed.filterArgs.length > 0 && parsed.sub !== 'list') {
    io.stderr.write(`cf-access-audit rules: --severity, --rule and --framework go with "rules list".\n\n${HELP}`);
    return 2;
  }
  try {
    switch (parsed.sub) {
      case 'list': {
        if (parsed.positional.length > 0) break;
        const filter = rulesFilter(parsed.filterArgs);
        const rules = listedRules(await loadRules(sources(parsed.ruleDirs)), filter);
        io.stdout.write(parsed.json ? rulesJson(rules) : rulesTable(rules));
        return 0;
      }
      case 'show': {
        const [id, ...extra] = parsed.positional;
        if (id === undefined || extra.length > 0) break;
        const rules = await loadRules(sources(parsed.ruleDirs));
        const named = rulesNamed(rules, id);
        if (named.rules.length === 0) {
          const near = rules
            .filter((r) => r.id.includes(id) || id.includes(r.id.split('-').slice(0, 2).join('-')))
            .slice(0, 5)
            .map((r) => r.id);
          io.stderr.write(
            `cf-access-audit rules show: no rule with id, alias or catalog id "${id}".` +
              `${near.length ? ` Similar: ${near.join(', ')}.` : ''} Run \`cf-access-audit rules list\` for all ids.\n`,
          );
          return 2;
        }
        // A catalog id can name several rules: --json gives an array for it, an object for a rule id.
        if (parsed.json) {
          const json = named.byCatalog ? named.rules.map(publicRule) : publicRule(named.rules[0]!);
          io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
        } else {
          io.stdout.write(named.rules.map(showText).join('\n'));
        }
        return 0;
      }
      case 'test': {
        const [dir, ...extra] = parsed.positional;
        if (extra.length > 0) break;
        const target = dir === undefined ? BUILTIN_RULES_DIR : path.resolve(cwd, dir);
        return await testRules(target, target === BUILTIN_RULES_DIR, io);
      }
      default:
        break;
    }
  } catch (err) {
    if (err instanceof RuleLoadError) {
      for (const p of err.problems) io.stderr.write(`rule load error: ${formatProblem(p)}\n`);
      return 2;
    }
    throw err;
  }
  io.stderr.write(
    `cf-access-audit rules: ` +
      `${parsed.sub === undefined ? 'missing subcommand' : `unexpected arguments for "${parsed.sub}"`}\n\n${HELP}`,
  );
  return 2;
}
