import type { DeadlineTimer } from '../../src/client/client.js';

/**
 * Deadlines for the client's `deadlineTimer` that run out only when the test expires them: a request that gets
 * no answer times out at the moment the test chooses, without waiting.
 */
export interface HeldDeadlines {
  timer: DeadlineTimer;
  /** The `ms` of every deadline started, in order. */
  started: number[];
  /** Runs out the deadlines still running for URLs that contain `part` (any URL when absent); returns how many. */
  expire(part?: string): number;
}

export function heldDeadlines(): HeldDeadlines {
  const running = new Set<{ url: string; expire: () => void }>();
  const started: number[] = [];
  return {
    started,
    timer: (ms, expire, url) => {
      started.push(ms);
      const deadline = { url, expire };
      running.add(deadline);
      return () => void running.delete(deadline);
    },
    expire: (part = '') => {
      const due = [...running].filter((d) => d.url.includes(part));
      for (const deadline of due) {
        running.delete(deadline);
        deadline.expire();
      }
      return due.length;
    },
  };
}
