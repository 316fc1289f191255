import { describe, expect, it } from 'vitest';
import { baseUrlFromEnv, credentialsFromEnv, CredentialsError } from '../../src/client/credentials.js';
import { parseEnvelope } from '../../src/client/envelope.js';
import { RateGate, parseRatelimitHeader } from '../../src/client/rate-gate.js';
import { backoffDelay, parseRetryAfter } from '../../src/client/retry.js';

describe('credentialsFromEnv', () => {
  it('prefers the API token, then the email + key pair', () => {
    expect(credentialsFromEnv({ CLOUDFLARE_API_TOKEN: ' t ', CLOUDFLARE_API_KEY: 'k', CLOUDFLARE_EMAIL: 'e' })).toEqual(
      {
        kind: 'token',
        token: 't',
      },
    );
    expect(credentialsFromEnv({ CLOUDFLARE_API_KEY: 'k', CLOUDFLARE_EMAIL: 'e@x' })).toEqual({
      kind: 'key',
      email: 'e@x',
      key: 'k',
    });
  });

  it('names the missing variable and never echoes a value', () => {
    expect(() => credentialsFromEnv({})).toThrow(/set CLOUDFLARE_API_TOKEN/);
    let message = '';
    try {
      credentialsFromEnv({ CLOUDFLARE_API_KEY: 'secret-key-value' });
    } catch (error) {
      expect(error).toBeInstanceOf(CredentialsError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/^CLOUDFLARE_EMAIL is not set/);
    expect(message).not.toContain('secret-key-value');
  });

  it('reads CLOUDFLARE_BASE_URL, defaulting to the public API', () => {
    expect(baseUrlFromEnv({})).toBe('https://api.cloudflare.com/client/v4');
    expect(baseUrlFromEnv({ CLOUDFLARE_BASE_URL: 'http://127.0.0.1:8787/client/v4/' })).toBe(
      'http://127.0.0.1:8787/client/v4',
    );
    expect(() => baseUrlFromEnv({ CLOUDFLARE_BASE_URL: 'not a url' })).toThrow(/is not a URL/);
    expect(() => baseUrlFromEnv({ CLOUDFLARE_BASE_URL: 'ftp://x' })).toThrow(/http\(s\)/);
  });
});

describe('parseEnvelope', () => {
  it(
    'keeps success, errors, result and the usable result_info ' + 'counts (numbers, or integers written as strings)',
    () => {
      const info = { page: 2, total_pages: '3', per_page: 'fifty', count: -1, total_count: 1.5 };
      const parsed = parseEnvelope(
        JSON.stringify({
          success: true,
          errors: [],
          messages: [{ code: 1, message: 'm' }],
          result: [1],
          result_info: info,
        }),
      );
      expect(parsed).toEqual({
        ok: true,
        envelope: {
          success: true,
          errors: [],
          messages: [{ code: 1, message: 'm' }],
          result: [1],
          result_info: { page: 2, total_pages: 3 },
        },
      });
    },
  );

  it('says what is wrong with a body that is not an envelope', () => {
    expect(parseEnvelope('')).toEqual({ ok: false, problem: 'the response body is empty' });
    expect(parseEnvelope('[1]')).toEqual({ ok: false, problem: 'the response body is not a JSON object' });
    expect(parseEnvelope('{"result":1}')).toMatchObject({ ok: false, problem: expect.stringContaining('"success"') });
  });
});

describe('retry timing', () => {
  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 00:00:10 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('backs off exponentially, capped, with jitter between half and all of the step', () => {
    expect(backoffDelay(1, 100, 1000, () => 0)).toBe(50);
    expect(backoffDelay(3, 100, 1000, () => 0.999)).toBe(400);
    expect(backoffDelay(10, 100, 1000, () => 0)).toBe(500);
  });
});

describe('RateGate', () => {
  function fakeClock(): { now: () => number; sleep: (ms: number) => Promise<void>; slept: number[] } {
    let t = 0;
    const slept: number[] = [];
    return {
      now: () => t,
      sleep: async (ms) => {
        slept.push(ms);
        t += ms;
      },
      slept,
    };
  }

  it('parses the Ratelimit header, taking the most constrained member', () => {
    expect(parseRatelimitHeader('"default";r=50;t=30')).toEqual({ remaining: 50, resetSeconds: 30 });
    expect(parseRatelimitHeader('"burst";r=90;t=5, "default";r=3;t=200')).toEqual({ remaining: 3, resetSeconds: 200 });
    expect(parseRatelimitHeader('garbage')).toBeUndefined();
  });

  it('holds requests once the budget of the sliding window is spent', async () => {
    const clock = fakeClock();
    const gate = new RateGate({ budget: 2, windowMs: 1000, lowWater: 0, maxPauseMs: 1000, ...clock });
    await gate.acquire();
    await gate.acquire();
    await gate.acquire();
    expect(clock.slept).toEqual([1000]);
  });

  it(
    'admits at once without waiting when it can (tryAcquire), ' + 'and refuses without recording when it cannot',
    async () => {
      const clock = fakeClock();
      const gate = new RateGate({ budget: 2, windowMs: 1000, lowWater: 0, maxPauseMs: 1000, ...clock });
      expect(gate.tryAcquire()).toBe(true);
      expect(gate.tryAcquire()).toBe(true);
      expect(gate.tryAcquire()).toBe(false);
      await gate.acquire();
      expect(clock.slept).toEqual([1000]);
      gate.pauseFor(500);
      expect(gate.tryAcquire()).toBe(false);
      expect(clock.slept).toEqual([1000]);
    },
  );

  it('spreads the last requests over the reset time, and stops at zero remaining', async () => {
    const clock = fakeClock();
    const gate = new RateGate({ budget: 100, windowMs: 300_000, lowWater: 10, maxPauseMs: 300_000, ...clock });
    gate.observe({ remaining: 11, resetSeconds: 60 });
    expect(gate.pausedUntilMs).toBe(0);
    gate.observe({ remaining: 3, resetSeconds: 60 });
    expect(gate.pausedUntilMs).toBe(15_000);
    gate.observe({ remaining: 0, resetSeconds: 60 });
    await gate.acquire();
    expect(clock.slept).toEqual([60_000]);
  });
});
