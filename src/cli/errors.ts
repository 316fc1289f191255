/** Exit codes (README.md, "Exit codes"). Only `main.ts` hands them to the process. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
export const EXIT_INCOMPLETE = 3;
export type ExitCode = typeof EXIT_OK | typeof EXIT_FINDINGS | typeof EXIT_USAGE | typeof EXIT_INCOMPLETE;

export type UserErrorKind = 'usage' | 'config' | 'rule_load' | 'auth' | 'input';

/**
 * An error the user can fix: a message template filled from data (`{file}`, `{key}`, …) and the fix.
 * Printed as one or two lines, never with a stack; always exit 2.
 */
export class UserError extends Error {
  readonly kind: UserErrorKind;
  readonly template: string;
  readonly data: Record<string, string | number>;
  /** What to do next (second line). */
  readonly fix: string | undefined;

  constructor(kind: UserErrorKind, template: string, data: Record<string, string | number> = {}, fix?: string) {
    super(fillTemplate(template, data));
    this.name = 'UserError';
    this.kind = kind;
    this.template = template;
    this.data = data;
    this.fix = fix;
  }
}

export function fillTemplate(template: string, data: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in data ? String(data[name]) : whole));
}

/** Formats a UserError for stderr: `error: <message>` plus an indented fix line. */
export function formatUserError(error: UserError): string {
  const lines = [`error: ${error.message}`];
  if (error.fix) lines.push(`  ${error.fix}`);
  return lines.join('\n') + '\n';
}
