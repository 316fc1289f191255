/** Runs `fire` after `ms` unless the function it returns is called first; tests pass their own to fire at will. */
export type Timer = (ms: number, fire: () => void) => () => void;

/** The `Timer` of `setTimeout`. */
export const realTimer: Timer = (ms, fire) => {
  const timer = setTimeout(fire, ms);
  return () => clearTimeout(timer);
};
