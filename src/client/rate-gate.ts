export interface RateGateOptions {
  /** Requests allowed per window (our own budget, below the API's). */
  budget: number;
  windowMs: number;
  /** Slow down once the API's `Ratelimit` header reports this many requests left or fewer. */
  lowWater: number;
  /** Longest pause a `Ratelimit` header may impose. */
  maxPauseMs: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

export interface RatelimitHeader {
  remaining: number;
  resetSeconds: number;
}

/**
 * Parses `Ratelimit: "default";r=50;t=30` (IETF draft as Cloudflare sends it). With several list
 * members the most constrained one (fewest remaining) wins. `undefined` when absent or unusable.
 */
export function parseRatelimitHeader(value: string | undefined): RatelimitHeader | undefined {
  if (!value) return undefined;
  let best: RatelimitHeader | undefined;
  for (const member of value.split(',')) {
    const r = /(?:^|;)\s*r=(\d+)/.exec(member);
    const t = /(?:^|;)\s*t=(\d+)/.exec(member);
    if (!r?.[1] || !t?.[1]) continue;
    const parsed = { remaining: Number(r[1]), resetSeconds: Number(t[1]) };
    if (!best || parsed.remaining < best.remaining) best = parsed;
  }
  return best;
}

/**
 * Admission control in front of every HTTP attempt: a sliding-window request budget, plus pauses
 * requested by a 429's Retry-After or a low `Ratelimit` remaining count.
 */
export class RateGate {
  private readonly options: RateGateOptions;
  private readonly starts: number[] = [];
  private pausedUntil = 0;

  constructor(options: RateGateOptions) {
    if (!(options.budget >= 1)) throw new RangeError(`The request budget must be at least 1 (got ${options.budget}).`);
    this.options = options;
  }

  /** Records one more request start and returns true when one may start now; false (nothing recorded) when not. */
  tryAcquire(): boolean {
    return this.admit(this.options.now()) === 0;
  }

  /** Waits until one more request may start, then records it; once `stop` aborts, returns without recording. */
  async acquire(stop?: AbortSignal): Promise<void> {
    for (;;) {
      if (stop?.aborted) return;
      const t = this.options.now();
      const wait = this.admit(t);
      if (wait === 0) return;
      await this.options.sleep(wait);
    }
  }

  /** Records a start at `t` and returns 0, or returns how long to wait before trying again. */
  private admit(t: number): number {
    const { budget, windowMs } = this.options;
    if (t < this.pausedUntil) return this.pausedUntil - t;
    while (this.starts.length > 0 && this.starts[0]! <= t - windowMs) this.starts.shift();
    if (this.starts.length >= budget) return this.starts[0]! + windowMs - t;
    this.starts.push(t);
    return 0;
  }

  /** Holds every request back for `ms` from now (never shortens an existing pause). */
  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.options.now() + ms);
  }

  /**
   * Slows down as the API's remaining quota shrinks: the last requests are spread over the reset time, each
   * pause at most `maxPauseMs`. Returns true when the header asked for a longer pause (cut to the maximum).
   */
  observe(header: RatelimitHeader | undefined): boolean {
    if (!header || header.remaining > this.options.lowWater) return false;
    const resetMs = header.resetSeconds * 1000;
    const pause = header.remaining === 0 ? resetMs : resetMs / (header.remaining + 1);
    this.pauseFor(Math.min(pause, this.options.maxPauseMs));
    return pause > this.options.maxPauseMs;
  }

  get pausedUntilMs(): number {
    return this.pausedUntil;
  }
}
