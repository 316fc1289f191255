import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { LineCounter, parseDocument, isMap, isSeq, type Document } from 'yaml';
import { SCHEMAS_DIR } from '../../paths.js';
import { UserError } from '../errors.js';
import { didYouMean } from '../did-you-mean.js';
import { CONFIG_FILE_NAME, type FailOn, type ReportFormatName } from '../command-specs.js';
import type { Severity } from '../../engine/types.js';
import type { Engine } from '../../engine/engines.js';
import { createAjv } from '../../common/ajv.js';
import { ALIAS_BOMB_MESSAGE, documentValue, isAliasBomb } from '../../engine/yaml.js';

export const CONFIG_SCHEMA_FILE = path.join(SCHEMAS_DIR, 'config.schema.json');

export interface RuleSetting {
  enabled?: boolean;
  severity?: Severity;
  options?: Record<string, unknown>;
}

/** The configuration file as written (see schemas/config.schema.json); paths still relative. */
export interface FileConfig {
  accounts?: { id: string; name?: string; zones?: string[] }[];
  zones?: string[];
  rule_folders?: string[];
  rules?: Record<string, RuleSetting>;
  suppressions?: string;
  fail_on?: FailOn;
  allow_partial?: boolean;
  baseline?: string;
  output?: {
    dir?: string;
    formats?: ReportFormatName[];
    sarif_root?: string;
    sarif_suppressed?: boolean;
    include_passing?: boolean;
  };
  api?: { base_url?: string; concurrency?: number; request_budget?: number };
  timeout?: string;
  rule_budget?: string;
  engine?: Engine;
}

export interface LoadedConfig {
  /** Absolute path of the file, or undefined when there is none. */
  file: string | undefined;
  config: FileConfig;
}

type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  $ref?: string;
  definitions?: Record<string, JsonSchema>;
};

let compiled: { validate: ValidateFunction; schema: JsonSchema } | undefined;

async function configValidator(): Promise<{ validate: ValidateFunction; schema: JsonSchema }> {
  if (!compiled) {
    const schema = JSON.parse(await readFile(CONFIG_SCHEMA_FILE, 'utf8')) as JsonSchema;
    const ajv = createAjv({ strict: true });
    compiled = { validate: ajv.compile(schema), schema };
  }
  return compiled;
}

/**
 * Finds the configuration: `explicit` (from --config, must exist), else `cf-access-audit.config.yaml` in `cwd`
 * when present, else none. Validates it against schemas/config.schema.json.
 */
export async function loadConfig(cwd: string, explicit: string | undefined): Promise<LoadedConfig> {
  let file: string | undefined;
  if (explicit !== undefined) {
    file = path.resolve(cwd, explicit);
    if (!existsSync(file)) {
      throw new UserError(
        'config',
        'configuration file {file} does not exist.',
        { file },
        `Check the --config path, or copy examples/${CONFIG_FILE_NAME} from the package as a start.`,
      );
    }
  } else {
    const candidate = path.join(cwd, CONFIG_FILE_NAME);
    if (existsSync(candidate)) file = candidate;
  }
  if (file === undefined) return { file: undefined, config: {} };
  const text = await readFile(file, 'utf8');
  return { file, config: await parseConfig(file, text) };
}

/** Parses and validates configuration text; errors name the file, line, key and the fix. */
export async function parseConfig(file: string, text: string): Promise<FileConfig> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const yamlError = document.errors[0];
  if (yamlError) {
    const position = lineCounter.linePos(yamlError.pos[0]);
    throw new UserError(
      'config',
      '{file}{position}: not valid YAML: {problem}',
      {
        file,
        position: `:${position.line}:${position.col}`,
        problem: yamlError.message.split('\n')[0]!,
      },
      'Fix the YAML syntax (indentation, quotes, a missing colon).',
    );
  }
  let value: unknown;
  try {
    value = documentValue(document) ?? {};
  } catch (err) {
    if (!isAliasBomb(err)) throw err;
    const problem = ALIAS_BOMB_MESSAGE;
    throw new UserError('config', '{file}: {problem}', { file, problem }, 'Remove the anchors and aliases.');
  }
  const { validate, schema } = await configValidator();
  if (validate(value)) return value as FileConfig;
  const errors = pickErrors(validate.errors ?? []);
  const first = errors[0]!;
  const pointer = first.instancePath || '/';
  const line = lineOf(document, lineCounter, first);
  const { problem, fix } = describeError(first, schema);
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})` : '';
  throw new UserError(
    'config',
    '{file}{line}: {key} {problem}{more}',
    {
      file,
      line: line === undefined ? '' : `:${line}`,
      key: keyOf(first),
      problem,
      more,
      pointer,
    },
    fix,
  );
}

/** Drops ajv's inner errors of `propertyNames` (the outer one says it better). */
function pickErrors(errors: ErrorObject[]): ErrorObject[] {
  return errors.filter((e) => e.keyword === 'propertyNames' || e.propertyName === undefined);
}

function keyOf(error: ErrorObject): string {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'additionalProperties') {
    segments.push(String((error.params as { additionalProperty: string }).additionalProperty));
  }
  if (error.keyword === 'propertyNames') {
    segments.push(String((error.params as { propertyName: string }).propertyName));
  }
  if (segments.length === 0) return 'the file';
  return `key "${segments.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : `${i ? '.' : ''}${s}`)).join('')}"`;
}

function describeError(error: ErrorObject, schema: JsonSchema): { problem: string; fix: string } {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String(params.additionalProperty);
      const allowed = Object.keys(subSchemaAt(schema, error.schemaPath)?.properties ?? {});
      return {
        problem: `is not a known setting.${didYouMean(name, allowed)}`,
        fix:
          allowed.length > 0 ? `Allowed here: ${allowed.join(', ')} (see schemas/config.schema.json).` : 'Remove it.',
      };
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      return { problem: `must be one of ${allowed.join(', ')}.`, fix: 'Use one of the listed values.' };
    }
    case 'type':
      return {
        problem: `must be ${article(String(params.type))}.`,
        fix: 'See schemas/config.schema.json for the expected shape.',
      };
    case 'pattern':
      return {
        problem: `does not look like a Cloudflare id (letters, digits, "-" and "_" only).`,
        fix: 'Copy the id from the dashboard URL or the account/zone overview page.',
      };
    case 'propertyNames':
      return {
        problem: 'is not a rule id (rule ids are kebab-case, e.g. access-application-http-only-cookie).',
        fix: 'Run "cf-access-audit rules list" for the ids.',
      };
    case 'required':
      return { problem: `needs "${String(params.missingProperty)}".`, fix: `Add ${String(params.missingProperty)}.` };
    case 'minItems':
      return { problem: 'must not be empty.', fix: 'Add an entry or remove the key.' };
    case 'uniqueItems':
      return { problem: 'lists the same value twice.', fix: 'Remove the duplicate.' };
    case 'minimum':
    case 'maximum':
      return {
        problem: `${error.message ?? 'is out of range'}.`,
        fix: 'See schemas/config.schema.json for the allowed range.',
      };
    default:
      return { problem: `${error.message ?? 'is invalid'}.`, fix: 'See schemas/config.schema.json.' };
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** The schema object holding the keyword that failed (follows `#/...` schema paths, resolving $ref). */
function subSchemaAt(schema: JsonSchema, schemaPath: string): JsonSchema | undefined {
  const segments = schemaPath.replace(/^#\//, '').split('/').slice(0, -1);
  let node: unknown = schema;
  for (const segment of segments) {
    if (node && typeof node === 'object') node = (node as Record<string, unknown>)[segment];
    const ref = (node as JsonSchema | undefined)?.$ref;
    if (ref?.startsWith('#/definitions/')) node = schema.definitions?.[ref.slice('#/definitions/'.length)];
  }
  return node as JsonSchema | undefined;
}

/** 1-based line of the offending key or value in the YAML document. */
function lineOf(document: Document, lineCounter: LineCounter, error: ErrorObject): number | undefined {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')));
  let node: unknown = document.contents;
  let range: [number, number, number?] | null | undefined = (node as { range?: [number, number, number] } | null)
    ?.range;
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === segment);
      range = (pair?.key as { range?: [number, number, number] } | undefined)?.range ?? range;
      node = pair?.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      range = (node as { range?: [number, number, number] } | undefined)?.range ?? range;
    } else {
      break;
    }
  }
  const extra =
    error.keyword === 'additionalProperties'
      ? String((error.params as { additionalProperty: string }).additionalProperty)
      : error.keyword === 'propertyNames'
        ? String((error.params as { propertyName: string }).propertyName)
        : undefined;
  if (extra !== undefined && isMap(node)) {
    const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === extra);
    range = (pair?.key as { range?: [number, number, number] } | undefined)?.range ?? range;
  }
  return range ? lineCounter.linePos(range[0]).line : undefined;
}
