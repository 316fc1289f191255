/**
 * A clock for the client's `now` and `sleep` injectables: time stands still until something sleeps, and a sleep
 * of `ms` moves it to (at least) the moment the sleeper wakes, at once. Tests see every wait without waiting.
 */
export interface FakeClock {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Every wait asked for, in order. */
  sleeps: number[];
}

export function fakeClock(start = Date.parse('2026-01-15T00:00:00Z')): FakeClock {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => t,
    sleeps,
    sleep: async (ms) => {
      sleeps.push(ms);
      const wake = t + ms;
      await Promise.resolve();
      t = Math.max(t, wake);
    },
  };
}
