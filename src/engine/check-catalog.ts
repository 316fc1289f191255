/**
 * Catalog checks over loaded rules (used by test/rules/catalog.test.ts and `rules test`):
 * id = file name, resource = folder (custom rules may also sit flat), test file with pass and fail cases, every field
 * path the check,
 * evidence and message read exists in the type's field schema, options referenced are declared,
 * `uses` lists every other type read.
 */
import path from 'node:path';
import type { ResourceType } from '../catalog/resource-types.js';
import type { LoadedRule } from './types.js';
import type { LoadProblem } from './errors.js';
import { RuleLoadError } from './errors.js';
import { compiledRule, layoutProblem } from './load-rules.js';
import { fieldPaths, type FieldPath } from './field-paths.js';
import { checkFieldPath, fieldSchemaFile, loadFieldSchema, FIELD_SCHEMAS_DIR } from './field-schemas.js';
import { parseFieldPath, placeholders } from './message.js';
import { loadRuleCases } from './rule-cases.js';

export interface CatalogCheckOptions {
  /** Folder with <type>.json field schemas (default schemas/fields). */
  fieldsDir?: string;
}

/** What the reach model reads to say who gets in (docs/reach.md). */
const REACH_READS: ResourceType[] = ['access_application', 'access_policy', 'access_group', 'identity_provider'];

/** Types a helper reads besides the resource itself (they must be in `uses`). */
const HELPER_TYPES: Record<string, ResourceType[]> = {
  idpType: ['identity_provider'],
  includesEveryone: ['access_group'],
  allowsAllOtpEmails: ['access_group', 'identity_provider'],
  policiesOf: ['access_policy'],
  applicationOf: ['access_application'],
  appsForTarget: ['access_application'],
  ...Object.fromEntries(
    ['reach', 'waysIn', 'deadPolicies', 'narrowerThanParent', 'opens', 'tunnelIngress'].map((h) => [h, REACH_READS]),
  ),
};

/** Types whose resources can hold a reference of each `$isReferenced` kind. */
const REFERENCE_SOURCES: Record<string, ResourceType[]> = {
  group: ['access_policy', 'access_group', 'access_application'],
  service_token: ['access_policy', 'access_group', 'access_application'],
  identity_provider: ['access_policy', 'access_group', 'access_application'],
  custom_page: ['access_application', 'organization'],
  tag: ['access_application'],
  mcp_server: ['mcp_portal'],
  saml_certificate_set: ['identity_provider'],
  reusable_policy: ['access_application'],
};

/** Keywords an option's JSON Schema may use (anything else is a typo or a YAML flow-mapping accident). */
const OPTION_SCHEMA_KEYWORDS = new Set([
  'type',
  'default',
  'description',
  'title',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'enum',
  'const',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
  'properties',
  'required',
  'additionalProperties',
  'anyOf',
  'oneOf',
  'allOf',
  'not',
  'examples',
]);

interface Node {
  type?: string;
  value?: unknown;
  procedure?: Node;
  arguments?: Node[];
  steps?: Node[];
  position?: number;
}

/** `map[key]` for own keys only (`constructor` in a rule is not a helper). */
function own<T>(map: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(map, key) ? map[key] : undefined;
}

/** Every other resource type an expression reads (through `$snapshot`, `$resource` and helpers). */
export function typesRead(ast: unknown): { type: ResourceType; via: string }[] {
  const found: { type: ResourceType; via: string }[] = [];
  const visit = (x: unknown): void => {
    if (typeof x !== 'object' || x === null) return;
    if (Array.isArray(x)) return x.forEach(visit);
    const n = x as Node;
    if (n.type === 'path' && n.steps?.[0]?.type === 'variable' && n.steps[0].value === 'snapshot') {
      const next = n.steps[1];
      if (next?.type === 'name')
        found.push({ type: next.value as ResourceType, via: `$snapshot.${String(next.value)}` });
    }
    if (n.type === 'function' && n.procedure?.type === 'variable') {
      const name = String(n.procedure.value);
      const arg0 = n.arguments?.[0];
      const literal = arg0?.type === 'string' ? String(arg0.value) : undefined;
      if (name === 'resource' && literal)
        found.push({ type: literal as ResourceType, via: `$resource("${literal}", …)` });
      for (const t of own(HELPER_TYPES, name) ?? []) found.push({ type: t, via: `$${name}()` });
      if (name === 'isReferenced' && literal) {
        const via = `$isReferenced("${literal}", …)`;
        for (const t of own(REFERENCE_SOURCES, literal) ?? []) found.push({ type: t, via });
      }
    }
    for (const v of Object.values(n)) visit(v);
  };
  visit(ast);
  return found;
}

function describePath(p: FieldPath): string {
  return p.steps.join('.');
}

function fieldProblem(
  rule: LoadedRule,
  field: string,
  type: ResourceType,
  steps: string[],
  fieldsDir: string,
  context: string,
): LoadProblem | null {
  const schema = loadFieldSchema(type, fieldsDir);
  const res = checkFieldPath(schema, steps);
  if (res.ok) return null;
  const parent = steps.slice(0, res.failedAt).join('.');
  const missing = steps[res.failedAt]!;
  const known =
    res.known.length > 0
      ? ` Known fields${parent ? ` under \`${parent}\`` : ''}: ` +
        `${res.known.slice(0, 40).join(', ')}${res.known.length > 40 ? ', …' : ''}.`
      : '';
  return {
    file: rule.sourceFile,
    field,
    message:
      `${context} reads \`${steps.join('.')}\`, but ${type} has no field ` +
      `\`${missing}\`${parent ? ` under \`${parent}\`` : ''} ` +
      `(${path.relative(process.cwd(), fieldSchemaFile(type, fieldsDir))}).${known} Fix the path, or if the API ` +
      'really returns it, add it to schemas/fields/supplement.yaml with its source and regenerate.',
  };
}

/** Catalog problems of one loaded rule (not counting its test cases). */
const REACH_PLACEHOLDERS = [
  'broadest',
  'label',
  'policy',
  'hosts',
  'through',
  'dead',
  'dead_block',
  'parent',
  'pattern',
  'unprotected',
  'open_to_anyone',
].map((f) => `$reach.${f}`);

export function checkRule(rule: LoadedRule, opts: CatalogCheckOptions = {}): LoadProblem[] {
  const fieldsDir = opts.fieldsDir ?? FIELD_SCHEMAS_DIR;
  const problems: LoadProblem[] = [];
  const file = rule.sourceFile;
  const base = path.basename(file).replace(/\.ya?ml$/, '');
  if (rule.id !== base)
    problems.push({
      file,
      field: '/id',
      message: `id "${rule.id}" must equal the file name "${base}"; rename the file or fix the id`,
    });
  const misplaced = layoutProblem(rule);
  if (misplaced) problems.push(misplaced);

  const c = compiledRule(rule);
  const declaredUses = new Set<string>([rule.resource, ...(rule.uses ?? [])]);
  const expressions: [string, ReturnType<typeof c.check.ast>][] = [['check', c.check.ast()]];
  if (c.evidence) expressions.push(['evidence', c.evidence.ast()]);
  if (c.setup) expressions.push(['setup', c.setup.ast()]);
  if (c.severityBy) expressions.push(['severity_by', c.severityBy.ast()]);
  const seen = new Set<string>();
  for (const [field, ast] of expressions) {
    for (const p of fieldPaths(ast)) {
      if (field === 'setup' && p.root === 'context') {
        problems.push({
          file,
          field,
          message:
            `setup reads \`${describePath(p)}\`, but setup runs once per snapshot with no resource; read ` +
            `other types through $snapshot.<type> and the resource in check`,
        });
        continue;
      }
      const type = p.root === 'context' ? rule.resource : p.root;
      const key = `${field}|${type}|${describePath(p)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const where = p.root === 'context' ? `${field}` : `${field} (through ${type})`;
      const problem = fieldProblem(rule, field, type, p.steps, fieldsDir, where);
      if (problem) problems.push(problem);
    }
    const missingUses = new Map<string, string>();
    for (const { type, via } of typesRead(ast))
      if (!declaredUses.has(type) && !missingUses.has(type)) missingUses.set(type, via);
    for (const [type, via] of missingUses) {
      problems.push({
        file,
        field: '/uses',
        message:
          `${field} reads ${type} (via ${via}) but \`uses\` does not list it; add \`uses: ` +
          `[${[...(rule.uses ?? []), type].join(', ')}]\` so a failed collection of ${type} turns results into unknown`,
      });
    }
  }
  for (const field of Object.keys(rule.applies_to ?? {})) {
    const problem = fieldProblem(rule, `/applies_to/${field}`, rule.resource, [field], fieldsDir, 'applies_to');
    if (problem) problems.push(problem);
  }
  const declaredOptions = Object.keys(rule.options ?? {});
  for (const [name, schema] of Object.entries(rule.options ?? {})) {
    for (const key of Object.keys(schema)) {
      if (!OPTION_SCHEMA_KEYWORDS.has(key))
        problems.push({
          file,
          field: `/options/${name}/${key}`,
          message:
            `"${key}" is not a JSON Schema keyword; in a YAML flow mapping ({ … }) quote any value that ` +
            `contains a comma`,
        });
    }
  }
  for (const [field, text] of [
    ['setup', rule.setup ?? ''],
    ['check', rule.check],
    ['evidence', rule.evidence ?? ''],
    ['severity_by', rule.severity_by ?? ''],
    ['message', rule.message],
  ] as const) {
    for (const m of text.matchAll(/\$options\.([A-Za-z0-9_]+)/g)) {
      if (!declaredOptions.includes(m[1]!))
        problems.push({
          file,
          field,
          message:
            `reads $options.${m[1]} but the rule declares no option "${m[1]}"; declare it under options: ` +
            `with a default and a description`,
        });
    }
  }
  for (const ph of placeholders(rule.message)) {
    if (['$name', '$id', '$scope', '$exposes'].includes(ph) || ph.startsWith('$options.')) continue;
    if (REACH_PLACEHOLDERS.includes(ph)) continue;
    if (ph.startsWith('$')) {
      problems.push({
        file,
        field: '/message',
        message:
          `placeholder {{${ph}}} is unknown; use {{field.path}}, {{$options.name}}, {{$name}}, {{$id}}, ` +
          `{{$scope}}, {{$exposes}} or {{$reach.label|policy|hosts|through|broadest|dead|parent|pattern}}`,
      });
      continue;
    }
    const steps = parseFieldPath(ph).filter((s): s is string => typeof s === 'string');
    const problem = fieldProblem(rule, '/message', rule.resource, steps, fieldsDir, `placeholder {{${ph}}}`);
    if (problem) problems.push(problem);
  }
  return problems;
}

/** All catalog problems of a rule set, test files included (duplicates were rejected at load). */
export async function checkCatalog(rules: LoadedRule[], opts: CatalogCheckOptions = {}): Promise<LoadProblem[]> {
  const problems: LoadProblem[] = [];
  for (const rule of rules) {
    try {
      problems.push(...checkRule(rule, opts));
    } catch (err) {
      problems.push({ file: rule.sourceFile, field: '', message: (err as Error).message });
    }
    try {
      await loadRuleCases(rule);
    } catch (err) {
      if (err instanceof RuleLoadError) problems.push(...err.problems);
      else throw err;
    }
  }
  return problems;
}
