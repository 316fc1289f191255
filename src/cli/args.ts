import { parseArgs } from 'node:util';
import { UserError } from './errors.js';
import { didYouMean } from './did-you-mean.js';

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  /** Placeholder shown in help, e.g. `ID`. */
  value?: string;
  description: string;
  /** Allowed values (string options). */
  choices?: readonly string[];
}

export interface CommandSpec {
  name: string;
  summary: string;
  /** Usage line after `cf-access-audit `. */
  usage: string;
  /** `repeatable`: the last one takes every remaining argument (e.g. `merge DIR...`). */
  positionals: { name: string; required: boolean; description: string; repeatable?: boolean }[];
  options: Record<string, OptionSpec>;
  /** Extra paragraphs at the end of --help. */
  notes?: string[];
}

export type ParsedValues = Record<string, string | boolean | string[] | undefined>;

export interface ParsedArgs {
  values: ParsedValues;
  positionals: string[];
}

/** Parses a command's arguments; every mistake becomes a usage error (exit 2) with a hint. */
export function parseCommandArgs(spec: CommandSpec, argv: string[]): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {};
  for (const [name, option] of Object.entries(spec.options)) {
    options[name] = option.multiple ? { type: option.type, multiple: true } : { type: option.type };
  }
  let parsed: { values: ParsedValues; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true }) as typeof parsed;
  } catch (error) {
    throw translateParseError(spec, error);
  }
  if (parsed.values.help === true) return parsed;
  for (const [name, option] of Object.entries(spec.options)) {
    const value = parsed.values[name];
    if (!option.choices || value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [String(value)]) {
      if (!option.choices.includes(one)) {
        throw usageError(
          spec,
          `--${name} must be one of ${option.choices.join(', ')}; got "${one}".` + didYouMean(one, option.choices),
        );
      }
    }
  }
  const maxPositionals = spec.positionals.at(-1)?.repeatable ? Infinity : spec.positionals.length;
  if (parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals[maxPositionals]!;
    throw usageError(spec, `unexpected argument "${extra}" for "${spec.name}".`);
  }
  spec.positionals.forEach((positional, index) => {
    if (positional.required && parsed.positionals[index] === undefined) {
      throw usageError(spec, `"${spec.name}" needs ${positional.name} (${positional.description}).`);
    }
  });
  return parsed;
}

export function usageError(spec: CommandSpec | undefined, message: string): UserError {
  const help = spec ? `cf-access-audit ${spec.name} --help` : 'cf-access-audit --help';
  return new UserError('usage', '{message}', { message }, `Run "${help}" for usage.`);
}

function translateParseError(spec: CommandSpec, error: unknown): UserError {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const names = Object.keys(spec.options).map((name) => `--${name}`);
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const flag = /'([^']+)'/.exec(message)?.[1] ?? message;
    return usageError(spec, `unknown option "${flag}" for "${spec.name}".` + didYouMean(flag, names));
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const flag = /'(--[\w-]+)/.exec(message)?.[1];
    if (flag && spec.options[flag.slice(2)]?.type === 'boolean') {
      return usageError(spec, `${flag} takes no value.`);
    }
    const placeholder = flag ? (spec.options[flag.slice(2)]?.value ?? 'VALUE') : 'VALUE';
    return usageError(spec, `${flag ?? 'an option'} needs a value: ${flag ?? ''} ${placeholder}`.trimEnd() + '.');
  }
  return usageError(spec, message);
}

/** `--help` text for a command, generated from its spec. */
export function commandHelp(spec: CommandSpec): string {
  const lines = [`Usage: cf-access-audit ${spec.usage}`, '', spec.summary, ''];
  if (spec.positionals.length > 0) {
    lines.push('Arguments:');
    for (const positional of spec.positionals) lines.push(formatRow(positional.name, positional.description));
    lines.push('');
  }
  lines.push('Options:');
  for (const [name, option] of Object.entries(spec.options)) {
    const left = `--${name}${option.value ? ` ${option.value}` : ''}${option.multiple ? ' ...' : ''}`;
    lines.push(formatRow(left, option.description));
  }
  for (const note of spec.notes ?? []) lines.push('', note);
  return lines.join('\n') + '\n';
}

function formatRow(left: string, right: string): string {
  return `  ${left.padEnd(26)} ${right}`;
}

export function stringValue(values: ParsedValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

export function listValue(values: ParsedValues, name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
}

export function flag(values: ParsedValues, name: string): boolean {
  return values[name] === true;
}
