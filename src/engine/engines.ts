/**
 * How checks are evaluated: `fast` runs each check compiled to JS closures where it can decide
 * (src/engine/fast-eval.ts) and JSONata elsewhere; `jsonata` runs JSONata alone. Both give the same results.
 */
export const ENGINES = ['fast', 'jsonata'] as const;
export type Engine = (typeof ENGINES)[number];
export const DEFAULT_ENGINE: Engine = 'fast';
