import { Agent, request, type Dispatcher } from 'undici';
import PQueue from 'p-queue';
import { TOOL_NAME, TOOL_VERSION } from '../paths.js';
import type { RequestStats } from './request-stats.js';
import { authHeaders, normalizeBaseUrl, secretValues, DEFAULT_BASE_URL, type Credentials } from './credentials.js';
import { errorsFromBody, parseEnvelope, type Envelope } from './envelope.js';
import { CloudflareApiError, scrubSecrets, type ApiErrorKind, type ApiMessage } from './errors.js';
import { hasDotSegment } from './path-segment.js';
import { RateGate, parseRatelimitHeader } from './rate-gate.js';
import { backoffDelay, parseRetryAfter } from './retry.js';
import { realTimer } from '../common/timer.js';

/** Starts the deadline of one attempt at `url`: `expire` runs after `ms` unless the returned function cancels it. */
export type DeadlineTimer = (ms: number, expire: () => void, url: string) => () => void;

export interface ClientOptions {
  credentials: Credentials;
  /** Default `https://api.cloudflare.com/client/v4`. */
  baseUrl?: string;
  /**
   * Requests in flight at once (default 32: the first page of each of the 22 resource types, plus room for
   * the continuation pages and per-item reads that the first answers reveal, so a whole scan takes two
   * round trips and the second never waits for a slot; the request budget still applies).
   */
  concurrency?: number;
  /** Requests started per `budgetWindowMs` (default 1000 per 5 minutes; the API allows 1200). */
  budget?: number;
  budgetWindowMs?: number;
  /** Slow down when the API's `Ratelimit` header reports this many left or fewer (default 20). */
  ratelimitLowWater?: number;
  /** HTTP attempts per request, first included (default 4). */
  maxAttempts?: number;
  /**
   * Longest pause a server may impose, by `Retry-After` or by the `Ratelimit` header's `t` (default 60 s); a
   * longer one is cut to this and counted in `pauses_capped` (`Ratelimit: r=0;t=999999` must not stall a scan).
   */
  retryAfterCapMs?: number;
  /** First backoff step for 5xx, timeouts and resets (default 500 ms), doubling up to `backoffMaxMs` (8 s). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  /**
   * Deadline of one HTTP attempt, headers and body together (default 60 s). undici's `bodyTimeoutMs` is idle
   * time, so a server trickling a byte now and then would hold a request forever without it. A request past
   * it is a timeout: counted, retried like one.
   */
  requestTimeoutMs?: number;
  /**
   * Times each attempt's deadline (default: `setTimeout`). Not `sleep`: tests make it return at once, which would
   * expire every attempt.
   */
  deadlineTimer?: DeadlineTimer;
  /** Use this undici dispatcher (e.g. a MockAgent) instead of the client's own keep-alive Agent. */
  dispatcher?: Dispatcher;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** One line per retry, for diagnostics; credentials are scrubbed. */
  log?: (line: string) => void;
}

export interface RetryEvent {
  endpoint: string;
  /** The attempt that just failed (1 = first). */
  attempt: number;
  reason: 'rate_limited' | 'server' | 'timeout' | 'network';
  status?: number;
  delayMs: number;
}

export interface RequestOptions {
  query?: Record<string, string | number>;
  onRetry?: (event: RetryEvent) => void;
  /** Also count this call's requests here (e.g. one collection among several sharing the client). */
  tally?: RequestStats;
}

export const DEFAULT_CONCURRENCY = 32;

export function emptyStats(): RequestStats {
  return { total: 0, retries: 0, rate_limited: 0, server_errors: 0, timeouts: 0, bytes: 0, duration_ms: 0 };
}

export interface ApiResponse {
  endpoint: string;
  status: number;
  envelope: Envelope;
  /** HTTP attempts this call took, retries included. */
  attempts: number;
}

type Attempt =
  | { kind: 'response'; status: number; headers: Record<string, string | string[] | undefined>; body: string }
  | { kind: 'failure'; reason: 'timeout' | 'network' | 'stopped'; detail: string };

type Verdict =
  | { kind: 'done'; response: ApiResponse }
  | { kind: 'fail'; error: CloudflareApiError }
  | { kind: 'retry'; retry: Omit<RetryEvent, 'endpoint' | 'attempt'>; error: CloudflareApiError };

const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

function headerValue(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Body size in bytes: `content-length` (undici enforces it), else measured. */
function bodyBytes(headers: Record<string, string | string[] | undefined>, body: string): number {
  const declared = headers['content-length'];
  const n = typeof declared === 'string' ? Number(declared) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : Buffer.byteLength(body, 'utf8');
}

/** Waits `ms`, or less when `signal` aborts first (so a stopped client leaves no timer behind). */
function sleepFor(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    signal.addEventListener('abort', done, { once: true });
  });
}

function positiveInteger(name: string, value: number | undefined, fallback: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name} must be a positive integer (got ${n}).`);
  return n;
}

/**
 * The one HTTP client for the Cloudflare v4 API: keep-alive pool, bounded concurrency, a request budget,
 * `Ratelimit`-aware pacing, retries with backoff, envelope parsing and request statistics.
 */
export class CloudflareClient {
  readonly baseUrl: string;
  readonly authKind: Credentials['kind'];
  private readonly headers: Record<string, string>;
  private readonly secrets: string[];
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly queue: PQueue;
  private readonly gate: RateGate;
  private readonly maxAttempts: number;
  private readonly retryAfterCapMs: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly requestTimeoutMs: number;
  private readonly deadlineTimer: DeadlineTimer;
  /** Aborts every request in flight and every wait once `stop` is called. */
  private readonly stopper = new AbortController();
  private stopReason: string | undefined;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly log: ((line: string) => void) | undefined;
  private readonly counters: RequestStats = emptyStats();

  constructor(options: ClientOptions) {
    this.baseUrl = normalizeBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
    this.authKind = options.credentials.kind;
    this.headers = {
      ...authHeaders(options.credentials),
      accept: 'application/json',
      'user-agent': `${TOOL_NAME}/${TOOL_VERSION}`,
    };
    this.secrets = secretValues(options.credentials);
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => sleepFor(ms, this.stopper.signal));
    this.random = options.random ?? Math.random;
    this.log = options.log;
    this.maxAttempts = positiveInteger('maxAttempts', options.maxAttempts, 4);
    this.retryAfterCapMs = options.retryAfterCapMs ?? 60_000;
    this.backoffBaseMs = options.backoffBaseMs ?? 500;
    this.backoffMaxMs = options.backoffMaxMs ?? 8_000;
    this.requestTimeoutMs = positiveInteger('requestTimeoutMs', options.requestTimeoutMs, 60_000);
    this.deadlineTimer = options.deadlineTimer ?? realTimer;
    const concurrency = positiveInteger('concurrency', options.concurrency, DEFAULT_CONCURRENCY);
    this.queue = new PQueue({ concurrency });
    const windowMs = options.budgetWindowMs ?? 300_000;
    this.gate = new RateGate({
      budget: positiveInteger('budget', options.budget, 1000),
      windowMs,
      lowWater: options.ratelimitLowWater ?? 20,
      maxPauseMs: this.retryAfterCapMs,
      now: this.now,
      sleep: this.sleep,
    });
    if (options.dispatcher) {
      this.dispatcher = options.dispatcher;
      this.ownsDispatcher = false;
    } else {
      this.dispatcher = new Agent({
        connections: concurrency,
        keepAliveTimeout: 30_000,
        connect: { timeout: options.connectTimeoutMs ?? 10_000 },
        headersTimeout: options.headersTimeoutMs ?? 30_000,
        bodyTimeout: options.bodyTimeoutMs ?? 30_000,
      });
      this.ownsDispatcher = true;
    }
  }

  /** A copy of the running totals (all requests this client has sent). */
  get stats(): RequestStats {
    return { ...this.counters };
  }

  /**
   * Stops the client for good (e.g. `--timeout`): requests in flight are aborted, waits end, and every request
   * from now on fails at once with a `stopped` error whose reason is `reason`.
   */
  stop(reason: string): void {
    if (this.stopReason !== undefined) return;
    this.stopReason = reason;
    this.stopper.abort();
  }

  /** Why the client was stopped, if it was. */
  get stoppedBecause(): string | undefined {
    return this.stopReason;
  }

  /** Removes credential values from any text before it is shown or stored. */
  scrub(text: string): string {
    return scrubSecrets(text, this.secrets);
  }

  /**
   * GET `path` (below the base URL) and return the parsed envelope. Retries 429 (after Retry-After),
   * 5xx, 408, timeouts and connection failures; throws a `CloudflareApiError` otherwise.
   */
  async get(path: string, options: RequestOptions = {}): Promise<ApiResponse> {
    if (!path.startsWith('/')) throw new Error(`API paths start with "/" (got "${path}").`);
    if (hasDotSegment(path)) {
      throw new Error(`API paths have no "." or ".." segments (got "${path}"); encode ids with pathSegment.`);
    }
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(options.query ?? {})) query.set(name, String(value));
    const qs = query.toString();
    const endpoint = qs ? `${path}?${qs}` : path;
    const url = `${this.baseUrl}${endpoint}`;

    for (let attempt = 1; ; attempt++) {
      if (this.stopReason !== undefined) {
        throw new CloudflareApiError({ kind: 'stopped', endpoint, attempts: attempt - 1, reason: this.stopReason });
      }
      const outcome = (await this.queue.add(() => this.send(url, options.tally), { throwOnTimeout: true })) as Attempt;
      const verdict = this.judge(outcome, endpoint, attempt, options.tally);
      if (verdict.kind === 'done') return verdict.response;
      if (verdict.kind === 'fail' || attempt >= this.maxAttempts) throw verdict.error;

      const { retry } = verdict;
      this.count('retries', 1, options.tally);
      options.onRetry?.({ endpoint, attempt, ...retry });
      this.log?.(
        this.scrub(
          `retry ${attempt}/${this.maxAttempts - 1} GET ${endpoint}: ${retry.reason}` +
            `${retry.status ? ` ${retry.status}` : ''}, waiting ${retry.delayMs} ms`,
        ),
      );
      // A 429 already paused the whole queue (the API blocks the token, not one request).
      if (retry.reason !== 'rate_limited') await this.sleep(retry.delayMs);
    }
  }

  /**
   * Decides what one attempt means: a result, a final failure, or a retry (with the error to throw if none is left).
   */
  private judge(outcome: Attempt, endpoint: string, attempt: number, tally: RequestStats | undefined): Verdict {
    const error = (kind: ApiErrorKind, reason: string, status?: number, body?: string): CloudflareApiError =>
      new CloudflareApiError({
        kind,
        endpoint,
        reason: this.scrub(reason),
        attempts: attempt,
        ...(status === undefined ? {} : { status }),
        errors: body === undefined ? [] : this.scrubMessages(errorsFromBody(body)),
      });

    if (outcome.kind === 'failure') {
      const { reason, detail } = outcome;
      if (reason === 'stopped') {
        const stopped = new CloudflareApiError({ kind: 'stopped', endpoint, attempts: attempt, reason: detail });
        return { kind: 'fail', error: stopped };
      }
      if (reason === 'timeout') this.count('timeouts', 1, tally);
      const what = reason === 'timeout' ? 'timed out' : 'connection failed';
      return {
        kind: 'retry',
        retry: { reason, delayMs: this.backoff(attempt) },
        error: error(reason, `${what} (${detail}) after ${attempt} attempt(s)`),
      };
    }
    const { status, body, headers } = outcome;
    if (status >= 200 && status < 300) {
      const parsed = parseEnvelope(body);
      if (!parsed.ok) return { kind: 'fail', error: error('malformed', parsed.problem, status) };
      if (!parsed.envelope.success) {
        return {
          kind: 'fail',
          error: new CloudflareApiError({
            kind: 'api',
            endpoint,
            status,
            attempts: attempt,
            reason: 'the API answered success: false',
            errors: this.scrubMessages(parsed.envelope.errors),
          }),
        };
      }
      return { kind: 'done', response: { endpoint, status, envelope: parsed.envelope, attempts: attempt } };
    }
    if (status === 401 || status === 403)
      return { kind: 'fail', error: error('forbidden', 'access denied', status, body) };
    if (status === 404) return { kind: 'fail', error: this.notFound(endpoint, attempt, body) };
    const hinted = parseRetryAfter(headerValue(headers, 'retry-after'), this.now());
    if (hinted !== undefined && hinted > this.retryAfterCapMs) this.count('pauses_capped', 1, tally);
    const delayMs = hinted === undefined ? this.backoff(attempt) : Math.min(hinted, this.retryAfterCapMs);
    if (status === 429) {
      this.count('rate_limited', 1, tally);
      this.gate.pauseFor(delayMs);
      return {
        kind: 'retry',
        retry: { reason: 'rate_limited', status, delayMs },
        error: error('rate_limited', `rate limited (429) after ${attempt} attempt(s)`, status, body),
      };
    }
    if (status >= 500 || status === 408) {
      if (status >= 500) this.count('server_errors', 1, tally);
      const kind = status === 408 ? 'timeout' : 'server';
      return {
        kind: 'retry',
        retry: { reason: kind, status, delayMs },
        error: error(
          kind,
          `${kind === 'server' ? 'server error' : 'request timeout'} after ${attempt} attempt(s)`,
          status,
          body,
        ),
      };
    }
    return { kind: 'fail', error: error('http', `unexpected HTTP status ${status}`, status, body) };
  }

  /**
   * A 404 is the API's "not found" only when the body is a v4 envelope with `success: false`: HTML, problem+json
   * or an empty body comes from something else (a proxy, a wrong base URL) and is `malformed`. See docs/coverage.md.
   */
  private notFound(endpoint: string, attempts: number, body: string): CloudflareApiError {
    const parsed = parseEnvelope(body);
    if (parsed.ok && !parsed.envelope.success) {
      return new CloudflareApiError({
        kind: 'not_found',
        endpoint,
        status: 404,
        attempts,
        reason: 'not found',
        errors: this.scrubMessages(parsed.envelope.errors),
      });
    }
    const why = parsed.ok ? 'a v4 envelope with success: true' : parsed.problem.replace(/^the response /, 'the ');
    return new CloudflareApiError({
      kind: 'malformed',
      endpoint,
      status: 404,
      attempts,
      reason: this.scrub(
        `HTTP 404 that is not the Cloudflare API's answer (${why}): ` + 'a proxy or a wrong base URL answered',
      ),
    });
  }

  private scrubMessages(messages: ApiMessage[]): ApiMessage[] {
    return messages.map((m) => ({ ...m, message: this.scrub(m.message) }));
  }

  /** Closes the keep-alive pool (when the client created it). */
  async close(): Promise<void> {
    await this.queue.onIdle();
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  private count(field: keyof RequestStats, n: number, tally: RequestStats | undefined): void {
    this.counters[field] = (this.counters[field] ?? 0) + n;
    if (tally) tally[field] = (tally[field] ?? 0) + n;
  }

  private backoff(attempt: number): number {
    return backoffDelay(attempt, this.backoffBaseMs, this.backoffMaxMs, this.random);
  }

  private async send(url: string, tally: RequestStats | undefined): Promise<Attempt> {
    const stopped = (): Attempt | undefined =>
      this.stopReason === undefined ? undefined : { kind: 'failure', reason: 'stopped', detail: this.stopReason };
    if (!this.gate.tryAcquire()) await this.gate.acquire(this.stopper.signal);
    const before = stopped();
    if (before) return before;
    this.count('total', 1, tally);
    const started = this.now();
    const deadline = new AbortController();
    const cancelDeadline = this.deadlineTimer(this.requestTimeoutMs, () => deadline.abort(), url);
    const signal = AbortSignal.any([deadline.signal, this.stopper.signal]);
    try {
      const { headers, dispatcher } = this;
      const response = await request(url, { method: 'GET', headers, dispatcher, signal });
      const body = await response.body.text();
      this.count('bytes', bodyBytes(response.headers, body), tally);
      if (this.gate.observe(parseRatelimitHeader(headerValue(response.headers, 'ratelimit')))) {
        this.count('pauses_capped', 1, tally);
      }
      return { kind: 'response', status: response.statusCode, headers: response.headers, body };
    } catch (error) {
      if (deadline.signal.aborted) {
        return { kind: 'failure', reason: 'timeout', detail: `no complete answer within ${this.requestTimeoutMs} ms` };
      }
      const during = stopped();
      if (during) return during;
      const code = (error as { code?: unknown }).code;
      const detail = typeof code === 'string' ? code : (error as Error).name || 'error';
      return { kind: 'failure', reason: TIMEOUT_CODES.has(detail) ? 'timeout' : 'network', detail };
    } finally {
      cancelDeadline();
      this.count('duration_ms', this.now() - started, tally);
    }
  }
}

export function createClient(options: ClientOptions): CloudflareClient {
  return new CloudflareClient(options);
}
