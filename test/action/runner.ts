// A small stand-in for the GitHub Actions runner, enough to run this repository's composite action.yml as the
// runner does: inputs given as INPUT_<NAME> variables (defaults filled in, required ones checked) and read through
// `${{ inputs.* }}` only — a composite action's steps get no INPUT_ variables — `${{ }}` expressions
// evaluated in `env`, `working-directory`, `if` and `run`, each `run` step in `bash --noprofile --norc -eo pipefail`
// with fresh GITHUB_OUTPUT / GITHUB_ENV / GITHUB_PATH / GITHUB_STEP_SUMMARY files, steps after a failure skipped
// unless their `if` says otherwise, and the action's outputs evaluated at the end.
// Expressions: `inputs.<name>`, `github.action_path`, `github.workspace`, `steps.<id>.outputs.<name>`, string
// literals, `a == b`, `a != b`, `success()`, `failure()`, `always()`, `!cancelled()`. Anything else throws, so an
// action.yml using more than this test understands fails the test instead of being run wrongly.
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { run, type RunResult } from '../helpers/process.js';

interface ActionInput {
  description?: string;
  required?: boolean;
  default?: string;
}
interface ActionStep {
  id?: string;
  name?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
}
export interface ActionFile {
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
}

export interface StepRecord extends RunResult {
  id: string;
  name: string;
  outcome: 'success' | 'failure' | 'skipped';
}
export interface ActionRun {
  outputs: Record<string, string>;
  steps: StepRecord[];
  failed: boolean;
  summary: string;
}

export interface RunOptions {
  actionPath: string;
  workspace: string;
  /** Inputs as the runner passes them to an action: INPUT_<NAME> (upper case, spaces as underscores). */
  inputEnv: Record<string, string>;
  /** The job's environment (e.g. CLOUDFLARE_BASE_URL). */
  env: NodeJS.ProcessEnv;
  /** Folder for the runner's files (GITHUB_OUTPUT, …) and step scripts. */
  temp: string;
}

export const inputVariable = (name: string): string => `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;

export async function loadAction(file: string): Promise<ActionFile> {
  return parseYaml(await readFile(file, 'utf8')) as ActionFile;
}

interface Context {
  inputs: Record<string, string>;
  github: Record<string, string>;
  steps: Record<string, { outputs: Record<string, string> }>;
  failed: boolean;
}

function operand(text: string, ctx: Context): string {
  const literal = /^'((?:[^']|'')*)'$/.exec(text);
  if (literal) return literal[1]!.replace(/''/g, "'");
  const [head, ...rest] = text.split('.');
  if (head === 'inputs' && rest.length === 1) return ctx.inputs[rest[0]!] ?? '';
  if (head === 'github' && rest.length === 1 && rest[0]! in ctx.github) return ctx.github[rest[0]!]!;
  if (head === 'steps' && rest.length === 3 && rest[1] === 'outputs') {
    return ctx.steps[rest[0]!]?.outputs[rest[2]!] ?? '';
  }
  throw new Error(`expression not supported by the test runner: ${text}`);
}

function evaluate(expression: string, ctx: Context): string | boolean {
  const expr = expression.trim();
  if (expr === 'success()') return !ctx.failed;
  if (expr === 'failure()') return ctx.failed;
  if (expr === 'always()' || expr === '!cancelled()') return true;
  const comparison = /^(.+?)\s*(==|!=)\s*(.+)$/.exec(expr);
  if (comparison) {
    const [left, right] = [comparison[1]!, comparison[3]!].map((side) => operand(side.trim(), ctx).toLowerCase());
    const equal = left === right; // GitHub compares strings case-insensitively
    return comparison[2] === '==' ? equal : !equal;
  }
  return operand(expr, ctx);
}

/** Substitutes every `${{ … }}` in a string. */
export function interpolate(template: string, ctx: Context): string {
  return template.replace(/\$\{\{(.*?)\}\}/g, (_, expr: string) => String(evaluate(expr, ctx)));
}

/** A step's `if` (with or without `${{ }}`), with the runner's implied `success() &&` when it names no status. */
function shouldRun(step: ActionStep, ctx: Context): boolean {
  if (step.if === undefined) return !ctx.failed;
  const expr = step.if.trim().replace(/^\$\{\{(.*)\}\}$/s, '$1');
  const usesStatus = /\b(success|failure|always|cancelled)\(\)/.test(expr);
  const value = evaluate(expr, ctx);
  return (usesStatus || !ctx.failed) && value !== false && value !== '';
}

/** GITHUB_OUTPUT / GITHUB_ENV syntax: `name=value` lines and `name<<DELIMITER` blocks. */
export function parseCommandFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    const block = /^([^=<]+)<<(.+)$/.exec(line);
    if (block) {
      const end = lines.indexOf(block[2]!, i + 1);
      if (end < 0) throw new Error(`unterminated ${block[1]} block in a command file`);
      values[block[1]!] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (line.includes('=')) {
      values[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    } else if (line.trim() !== '') {
      throw new Error(`unparsable command file line: ${line}`);
    }
  }
  return values;
}

function inputsFrom(action: ActionFile, inputEnv: Record<string, string>): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) {
    const value = inputEnv[inputVariable(name)] ?? spec.default ?? '';
    if (spec.required && value === '') throw new Error(`Input required and not supplied: ${name}`);
    inputs[name] = value;
  }
  return inputs;
}

/** Runs every step of a composite action, in order. */
export async function runAction(action: ActionFile, options: RunOptions): Promise<ActionRun> {
  if (action.runs.using !== 'composite') throw new Error(`not a composite action: ${action.runs.using}`);
  const ctx: Context = {
    inputs: inputsFrom(action, options.inputEnv),
    github: { action_path: options.actionPath, workspace: options.workspace },
    steps: {},
    failed: false,
  };
  await mkdir(options.temp, { recursive: true });
  const summaryFile = path.join(options.temp, 'step-summary.md');
  await writeFile(summaryFile, '');
  const extraEnv: Record<string, string> = {};
  const extraPath: string[] = [];
  const records: StepRecord[] = [];

  for (const [index, step] of action.runs.steps.entries()) {
    const id = step.id ?? `__step${index}`;
    const name = step.name ?? id;
    if (step.uses !== undefined || step.run === undefined) {
      throw new Error(`step ${name}: only run steps are supported`);
    }
    if (!shouldRun(step, ctx)) {
      records.push({ id, name, outcome: 'skipped', code: 0, stdout: '', stderr: '' });
      continue;
    }
    if ((step.shell ?? 'bash') !== 'bash') throw new Error(`step ${name}: shell ${step.shell} not supported`);
    const files = Object.fromEntries(['output', 'env', 'path'].map((k) => [k, path.join(options.temp, `${id}.${k}`)]));
    for (const file of Object.values(files)) await writeFile(file, '');
    const script = path.join(options.temp, `${id}.sh`);
    await writeFile(script, interpolate(step.run, ctx));
    const stepEnv = Object.fromEntries(
      Object.entries(step.env ?? {}).map(([name, value]) => [name, interpolate(String(value), ctx)]),
    );
    const env: NodeJS.ProcessEnv = {
      ...options.env,
      ...extraEnv,
      ...stepEnv, // composite steps see inputs only through expressions
      PATH: [...extraPath, options.env.PATH ?? ''].join(path.delimiter),
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: options.workspace,
      GITHUB_ACTION_PATH: options.actionPath,
      GITHUB_OUTPUT: files.output!,
      GITHUB_ENV: files.env!,
      GITHUB_PATH: files.path!,
      GITHUB_STEP_SUMMARY: summaryFile,
    };
    const cwd = step['working-directory'] ? interpolate(step['working-directory'], ctx) : options.workspace;
    const result = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], cwd, env, 300_000);
    const outcome = result.code === 0 ? 'success' : 'failure';
    ctx.steps[id] = { outputs: parseCommandFile(await readFile(files.output!, 'utf8')) };
    Object.assign(extraEnv, parseCommandFile(await readFile(files.env!, 'utf8')));
    extraPath.unshift(...(await readFile(files.path!, 'utf8')).split('\n').filter(Boolean).reverse());
    if (outcome === 'failure') ctx.failed = true;
    records.push({ id, name, outcome, ...result });
    await appendFile(path.join(options.temp, 'log.txt'), `## ${name}\n${result.stdout}${result.stderr}\n`);
  }

  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, o]) => [k, interpolate(o.value, ctx)]));
  return { outputs, steps: records, failed: ctx.failed, summary: await readFile(summaryFile, 'utf8') };
}
