import type { ResourceType } from '../catalog/resource-types.js';

/** How a `malformed` fault breaks a response that would otherwise succeed. */
export type MalformedKind =
  /** 200, JSON content type, body cut off mid-document. */
  | 'invalid_json'
  /** 200, a valid envelope whose `result` has the wrong type (a string). */
  | 'wrong_shape'
  /** 200 with `success: false` and an error (the SDK does not check this). */
  | 'success_false'
  /** 200 with an HTML page, as a misbehaving proxy returns. */
  | 'html';

/** The body of a 404 that did not come from the API: an HTML page, RFC 9457 problem+json, or nothing. */
export type NotFoundBody = 'html' | 'problem_json' | 'empty';

/**
 * How list answers shape `result_info`: as Cloudflare's documentation shows it (`published`: no `total_pages`),
 * with every number as a string, not at all, or claiming one page whatever the count.
 */
export type ResultInfoShape = 'published' | 'strings' | 'missing' | 'one_page';

/** Faults to inject. Counters ("the next N requests") run from the moment the faults are set. */
export interface EmulatorFaults {
  /** Delay before every response, in milliseconds (waited through the emulator's `sleep` option). */
  latencyMs?: number;
  /** 429 with `Retry-After` for the next `requests` requests (of `types` only, when given). */
  rateLimit?: { requests: number; retryAfterSeconds?: number; types?: ResourceType[] };
  /** 5xx (default 503) for the next `requests` requests of a type. */
  serverErrors?: Partial<Record<ResourceType, { requests: number; status?: number }>>;
  /** 403 code 10000 for these types, as for a token without the permission. */
  forbidden?: ResourceType[];
  /** 404 code 7003 for these types, as for an account without the feature. */
  notFound?: ResourceType[];
  /** 404 with a body that is not a v4 envelope, per type (as a proxy or a wrong base URL answers). */
  notFoundBody?: Partial<Record<ResourceType, NotFoundBody>>;
  /** `result_info` of paged lists, per type. */
  resultInfo?: Partial<Record<ResourceType, ResultInfoShape>>;
  /** Serve at most this many items per page, per type (a server clamping `per_page`; it reports the clamp). */
  clampPerPage?: Partial<Record<ResourceType, number>>;
  /** Broken bodies per type. */
  malformed?: Partial<Record<ResourceType, MalformedKind>>;
  /** Never answer requests for these types (`'all'`: any request); for client timeouts. */
  hang?: ResourceType[] | 'all';
  /** Page 2 and later return page 1's items (with the requested page number in `result_info`). */
  repeatPage?: ResourceType[];
  /**
   * Emit `Ratelimit` / `Ratelimit-Policy` headers for a quota of `limit` requests per fixed window;
   * with `enforce`, answer 429 once the quota is spent, until the window resets.
   */
  rateLimitHeaders?: { limit: number; windowSeconds: number; enforce?: boolean };
}

/** Mutable fault state: the configured faults plus the counters they consume. */
export class FaultState {
  private faults: EmulatorFaults = {};
  private rateLimitLeft = 0;
  private serverErrorsLeft = new Map<ResourceType, number>();
  private windowStart = 0;
  private windowCount = 0;

  constructor(faults: EmulatorFaults = {}) {
    this.set(faults);
  }

  /** Replaces every fault and restarts the counters. */
  set(faults: EmulatorFaults): void {
    this.faults = structuredClone(faults);
    this.rateLimitLeft = faults.rateLimit?.requests ?? 0;
    this.serverErrorsLeft = new Map(
      Object.entries(faults.serverErrors ?? {}).map(([type, fault]) => [type as ResourceType, fault?.requests ?? 0]),
    );
    this.windowStart = 0;
    this.windowCount = 0;
  }

  get current(): EmulatorFaults {
    return structuredClone(this.faults);
  }

  get latencyMs(): number {
    return this.faults.latencyMs ?? 0;
  }

  hangs(type: ResourceType | null): boolean {
    const hang = this.faults.hang;
    if (hang === 'all') return true;
    return type !== null && (hang ?? []).includes(type);
  }

  /** Consumes one rate-limit fault if one applies; returns the Retry-After seconds. */
  takeRateLimit(type: ResourceType | null): number | null {
    const fault = this.faults.rateLimit;
    if (!fault || this.rateLimitLeft <= 0) return null;
    if (fault.types && (type === null || !fault.types.includes(type))) return null;
    this.rateLimitLeft -= 1;
    return fault.retryAfterSeconds ?? 1;
  }

  /** Consumes one server-error fault for `type`; returns its HTTP status. */
  takeServerError(type: ResourceType | null): number | null {
    if (type === null) return null;
    const left = this.serverErrorsLeft.get(type) ?? 0;
    if (left <= 0) return null;
    this.serverErrorsLeft.set(type, left - 1);
    return this.faults.serverErrors?.[type]?.status ?? 503;
  }

  forbidden(type: ResourceType | null): boolean {
    return type !== null && (this.faults.forbidden ?? []).includes(type);
  }

  notFound(type: ResourceType | null): boolean {
    return type !== null && (this.faults.notFound ?? []).includes(type);
  }

  notFoundBody(type: ResourceType | null): NotFoundBody | null {
    return type === null ? null : (this.faults.notFoundBody?.[type] ?? null);
  }

  resultInfo(type: ResourceType): ResultInfoShape | null {
    return this.faults.resultInfo?.[type] ?? null;
  }

  clampPerPage(type: ResourceType): number | undefined {
    return this.faults.clampPerPage?.[type];
  }

  malformed(type: ResourceType | null): MalformedKind | null {
    return type === null ? null : (this.faults.malformed?.[type] ?? null);
  }

  repeatsPage(type: ResourceType): boolean {
    return (this.faults.repeatPage ?? []).includes(type);
  }

  /**
   * Counts a request against the `Ratelimit` window. Returns the headers to send and, when the quota
   * is enforced and spent, the seconds until the window resets.
   */
  countForRateLimitHeaders(nowMs: number): { headers: Record<string, string>; exhaustedFor: number | null } {
    const policy = this.faults.rateLimitHeaders;
    if (!policy) return { headers: {}, exhaustedFor: null };
    const windowMs = policy.windowSeconds * 1000;
    if (this.windowStart === 0 || nowMs - this.windowStart >= windowMs) {
      this.windowStart = nowMs;
      this.windowCount = 0;
    }
    this.windowCount += 1;
    const remaining = Math.max(0, policy.limit - this.windowCount);
    const reset = Math.max(1, Math.ceil((this.windowStart + windowMs - nowMs) / 1000));
    const headers = {
      ratelimit: `"default";r=${remaining};t=${reset}`,
      'ratelimit-policy': `"default";q=${policy.limit};w=${policy.windowSeconds}`,
    };
    const exhausted = policy.enforce === true && this.windowCount > policy.limit;
    return { headers, exhaustedFor: exhausted ? reset : null };
  }
}
