/** Renders a rule's message template: {{field.path}}, {{$options.name}}, {{$name}}, {{$id}}, {{$scope}}. */

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

export function renderValue(value: unknown): string {
  if (value === undefined || value === null) return '(unset)';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
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
    if (expr.startsWith('$options.')) return renderValue(readPath(ctx.options, parseFieldPath(expr.slice('$options.'.length))));
    return renderValue(readPath(ctx.resource, parseFieldPath(expr)));
  });
}
