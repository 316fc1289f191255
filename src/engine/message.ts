/** Renders a rule's message template: {{field.path}}, {{$options.name}}, {{$name}}, {{$id}}, {{$scope}}. */

import { plainText } from '../common/values.js';

const PLACEHOLDER = /\{\{\s*([^{}]+?)\s*\}\}/g;

export interface MessageContext {
  resource: Record<string, unknown>;
  options: Record<string, unknown>;
  name: string;
  id: string;
  /** Where the resource lives when its file is not its own (` in application 'X' (id)`), else empty. */
  scope?: string;
  /** The resources the resource opens, in words (`{{$exposes}}`). */
  exposes?: string;
  /** The resource's reach in words (`{{$reach.label}}`, `{{$reach.policy}}`, …). */
  reach?: Record<string, string>;
}

/** `a.b[0].c` → ['a', 'b', 0, 'c']. */
export function parseFieldPath(text: string): (string | number)[] {
  const parts: (string | number)[] = [];
  for (const m of text.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) parts.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return parts;
}

/** The value at `parts`, through own properties only (`{{constructor}}` is not Object's constructor). */
export function readPath(value: unknown, parts: (string | number)[]): unknown {
  let current = value;
  for (const part of parts) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}

/** Items a list placeholder shows before `and N more`. */
const LIST_SHOWN = 5;

const counted = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * A value as words, never JSON: scalars as they are, a list of scalars joined with ", " (the first few and
 * a count), any other list or object as a count. Messages are read at a glance; the raw value is evidence.
 */
export function renderValue(value: unknown): string {
  if (value === undefined || value === null) return '(unset)';
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    if (value.some((v) => typeof v === 'object' && v !== null)) return counted(value.length, 'entry', 'entries');
    const shown = value.slice(0, LIST_SHOWN).map(renderValue).join(', ');
    return value.length > LIST_SHOWN ? `${shown} and ${value.length - LIST_SHOWN} more` : shown;
  }
  if (typeof value === 'object') return counted(Object.keys(value).length, 'setting', 'settings');
  return plainText(value);
}

/** The placeholders of a template, trimmed (`$name`, `$options.max_hours`, `cors_headers.allowed_origins`). */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}

export function renderMessage(template: string, ctx: MessageContext): string {
  return template.replace(PLACEHOLDER, (_all, expr: string) => {
    if (expr === '$name') return ctx.name;
    if (expr === '$id') return ctx.id;
    if (expr === '$scope') return ctx.scope ?? '';
    if (expr === '$exposes') return ctx.exposes ?? '(nothing)';
    if (expr.startsWith('$reach.')) return renderValue(readPath(ctx.reach, [expr.slice('$reach.'.length)]));
    if (expr.startsWith('$options.'))
      return renderValue(readPath(ctx.options, parseFieldPath(expr.slice('$options.'.length))));
    return renderValue(readPath(ctx.resource, parseFieldPath(expr)));
  });
}
