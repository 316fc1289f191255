/** One thing wrong with a rule file, suppressions file or rule configuration. */
export interface LoadProblem {
  /** File the problem is in (absolute or as given). */
  file: string;
  /** JSON pointer or field name inside the file (`/options/max_hours`, `check`), or '' for the whole file. */
  field: string;
  /** What is wrong and what to do about it. */
  message: string;
}

export function formatProblem(p: LoadProblem): string {
  return `${p.file}${p.field ? ` (${p.field})` : ''}: ${p.message}`;
}

/** A rule (or rule test file) that cannot be loaded. Exit code 2; never printed with a stack trace. */
export class RuleLoadError extends Error {
  readonly problems: LoadProblem[];
  constructor(problems: LoadProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'RuleLoadError';
    this.problems = problems;
  }
}

/** Bad rule configuration (unknown rule/option, option value not matching its schema) or suppressions file. */
export class RuleConfigError extends Error {
  readonly problems: LoadProblem[];
  constructor(problems: LoadProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'RuleConfigError';
    this.problems = problems;
  }
}
