/**
 * Per-rule evaluation budget: a rule gets `ruleBudgetMs` (default 2 s) of wall time per snapshot for all
 * its expressions together, and JSONata at most DEPTH_LIMIT nested evaluations; a custom rule also builds
 * sequences of at most SEQUENCE_LIMIT items (memory runs out before time does when a rule doubles a list).
 * JSONata enforces them through its `timeout`, `stack` and `sequence` options (errors D1012, D1011, D2015);
 * the compiled fast path checks the deadline in every lambda call. The deadline is on the evaluation's clock
 * (default `performance.now`); JSONata times its `timeout`, the time left, with its own `Date.now`. The built-in
 * rules, reviewed and free of ranges and recursion, skip the sequence limit: JSONata then replaces the `push` of
 * every sequence it creates, which made the JSONata path 60% slower. A rule over budget reports `error` on the
 * resources it did not finish; the other rules still run.
 */
import type jsonata from 'jsonata';
import { FastOverBudget, setFastDeadline } from './fast-eval.js';

export const DEFAULT_RULE_BUDGET_MS = 2000;
export const DEPTH_LIMIT = 10_000;
export const SEQUENCE_LIMIT = 10_000_000;

/** The JSONata options every expression of one rule shares; `timeout` is set before each evaluation. */
export interface Guard extends jsonata.JsonataOptions {
  timeout: number;
}

export function newGuard(limitSequences: boolean): Guard {
  const guard: Guard = { timeout: DEFAULT_RULE_BUDGET_MS, stack: DEPTH_LIMIT };
  if (limitSequences) guard.sequence = SEQUENCE_LIMIT;
  return guard;
}

/** Thrown by the engine (and the fast path) when a rule's time is up. */
export class OverBudget extends Error {
  constructor() {
    super('evaluation budget exceeded');
    this.name = 'OverBudget';
  }
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Milliseconds on a monotonic clock. */
export type Clock = () => number;

export const realClock: Clock = () => performance.now();

export class Budget {
  readonly ms: number;
  private readonly clock: Clock;
  private readonly deadline: number;

  constructor(ms: number, clock: Clock = realClock) {
    this.ms = ms;
    this.clock = clock;
    this.deadline = clock() + ms;
  }

  expired(): boolean {
    return this.clock() >= this.deadline;
  }

  /** Before an evaluation: give JSONata (through `guard`) and the fast path the time left. */
  arm(guard: Guard): void {
    if (this.expired()) throw new OverBudget();
    guard.timeout = Math.max(1, this.deadline - this.clock());
    setFastDeadline(this.deadline, this.clock);
  }

  /** Why an evaluation error is a limit of this budget (the result detail), or null for any other error. */
  describe(err: unknown): string | null {
    if (err instanceof OverBudget || err instanceof FastOverBudget) return this.exceeded();
    const code = (err as { code?: unknown } | null)?.code;
    if (code === 'D1012') return this.exceeded();
    if (code === 'D1011') {
      const limit = `${count(DEPTH_LIMIT)} nested evaluations`;
      return `the rule exceeded its evaluation depth limit (${limit}): runaway recursion`;
    }
    if (code === 'D2015' || code === 'D2014') {
      return `the rule built a sequence longer than ${count(SEQUENCE_LIMIT)} items`;
    }
    return null;
  }

  exceeded(): string {
    const seconds = this.ms / 1000;
    const shown = Number.isInteger(seconds) ? String(seconds) : String(Number(seconds.toFixed(3)));
    return `the rule exceeded its ${shown} s evaluation budget (rule_budget in the configuration file sets it)`;
  }
}
