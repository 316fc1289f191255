import type { ApiResponse, CloudflareClient, RequestOptions, RetryEvent } from './client.js';
import type { RequestStats } from './request-stats.js';
import { CONTENT_KEY_PREFIX, usableId } from '../common/content-key.js';
import { isObject } from '../common/values.js';
import { CloudflareApiError } from './errors.js';
import { judgePage, plannedPages, plannedTooMany, type PageLimits } from './page-plan.js';

export type Item = Record<string, unknown>;

export interface PageEvent {
  endpoint: string;
  page: number;
  items: number;
  totalPages?: number;
}

export interface ListOptions {
  /** Field that identifies an item (checked for presence and uniqueness); `null` skips the checks. */
  key: string | null;
  onPage?: (event: PageEvent) => void;
  onRetry?: (event: RetryEvent) => void;
  /** Per-collection request counters, passed to the client. */
  tally?: RequestStats;
}

export interface PagedListOptions extends ListOptions {
  perPage: number;
  /** More query parameters for every page, after `page` and `per_page` (e.g. a filter). */
  query?: Record<string, string>;
  /** Hard stop for servers that never end, when there is no `objectLimit` (default 10 000 pages). */
  maxPages?: number;
  /**
   * The endpoint's documented object-count limit: a listing that needs more than `ceil(limit / page size) + 1`
   * pages (at the page size the server reports) stops with a `pagination` error.
   */
  objectLimit?: number;
}

/** What a listing produced. Items gathered before a failure are kept; `error` says why it stopped. */
export interface ListOutcome {
  items: Item[];
  /** HTTP requests spent, retries included. */
  requests: number;
  /** Path and query of the last request made. */
  endpoint: string;
  http_status?: number;
  error?: CloudflareApiError;
  /** Odd answers that did not stop the listing (e.g. items without an id). */
  warnings?: string[];
}

function shapeError(endpoint: string, status: number, attempts: number, reason: string): CloudflareApiError {
  return new CloudflareApiError({ kind: 'shape', endpoint, status, attempts, reason });
}

interface CheckedItems {
  items: Item[];
  /** Keys of the items that have one (none when `key` is null). */
  keys: string[];
  /** Indexes of the items without a usable key: kept, and keyed by their content when written. */
  keyless: number[];
}

/**
 * Checks that `result` is an array of objects and returns them with the keys of those that have one; returns
 * the reason when it is not such an array. An item without a usable key is kept (see `CheckedItems.keyless`).
 */
function checkItems(result: unknown, key: string | null): CheckedItems | { problem: string } {
  if (result === null) return { items: [], keys: [], keyless: [] };
  if (!Array.isArray(result)) return { problem: `"result" is ${typeof result}, expected an array of objects` };
  const keys: string[] = [];
  const keyless: number[] = [];
  for (let index = 0; index < result.length; index++) {
    const entry: unknown = result[index];
    if (!isObject(entry)) return { problem: `result[${index}] is not an object` };
    if (key === null) continue;
    const k = usableId(entry[key]);
    if (k === undefined) keyless.push(index);
    else keys.push(k);
  }
  return { items: result as Item[], keys, keyless };
}

/** Counts items without a usable key across pages, for one warning per listing. */
class KeylessTally {
  private count = 0;
  private first: string | undefined;

  add(endpoint: string, indexes: number[]): void {
    if (indexes.length === 0) return;
    this.count += indexes.length;
    this.first ??= `result[${indexes[0]}] of GET ${endpoint}`;
  }

  warnInto(outcome: ListOutcome, key: string | null): void {
    if (this.count === 0 || key === null) return;
    (outcome.warnings ??= []).push(
      `${this.count} item(s) have no usable "${key}" (first: ${this.first}); each is kept under a key derived ` +
        `from its content (${CONTENT_KEY_PREFIX}<hash>) and evaluated like the others`,
    );
  }
}

/**
 * Lists a `page`/`per_page` endpoint at `perPage` items a page until it is complete (see page-plan.ts: by
 * `total_count`, else `total_pages`, else the first short page; no trailing empty page). Once page 1 tells the
 * page count, the other pages are requested at once (the client's queue bounds concurrency). Stops with a
 * `pagination` error when a page repeats the previous one, an item id reappears, fewer items arrive than
 * `total_count` says exist, or the pages exceed the limits; items from the pages before a failure are kept.
 */
export async function listPaged(
  client: CloudflareClient,
  path: string,
  options: PagedListOptions,
): Promise<ListOutcome> {
  const limits: PageLimits = {
    asked: options.perPage,
    maxPages: options.maxPages ?? 10_000,
    ...(options.objectLimit === undefined ? {} : { objectLimit: options.objectLimit }),
  };
  const outcome: ListOutcome = { items: [], requests: 0, endpoint: path };
  const seen = new Map<string, number>();
  const keyless = new KeylessTally();
  let previousKeys: string[] = [];
  let firstCount: number | undefined;

  const fetchPage = async (page: number): Promise<ApiResponse | CloudflareApiError> => {
    try {
      const query = { page, per_page: options.perPage, ...options.query };
      return await client.get(path, { query, ...callOptions(options) });
    } catch (error) {
      if (error instanceof CloudflareApiError) return error;
      throw error;
    }
  };
  type Pending = Promise<{ value: ApiResponse | CloudflareApiError } | { thrown: unknown }>;
  const fetchPages = (from: number, to: number): Pending[] =>
    Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => settle(fetchPage(from + i)));

  /** Takes one page's response into `outcome`; returns whether listing may go on. */
  const accept = (page: number, response: ApiResponse): boolean => {
    outcome.endpoint = response.endpoint;
    outcome.http_status = response.status;
    const checked = checkItems(response.envelope.result, options.key);
    if ('problem' in checked) {
      outcome.error = shapeError(response.endpoint, response.status, response.attempts, checked.problem);
      return false;
    }
    const { items, keys } = checked;
    const info = response.envelope.result_info;
    if (keys.length > 0) {
      if (keys.length === previousKeys.length && keys.every((k, i) => k === previousKeys[i])) {
        outcome.error = paginationError(
          response,
          `page ${page} repeats page ${page - 1} (the same ${keys.length} items); the server ignores "page"`,
        );
        return false;
      }
      for (const k of keys) {
        const firstPage = seen.get(k);
        if (firstPage !== undefined) {
          outcome.error = paginationError(
            response,
            `item "${k}" on page ${page} was already returned on page ${firstPage}; the listing is inconsistent`,
          );
          return false;
        }
        seen.set(k, page);
      }
      previousKeys = keys;
    }
    keyless.add(response.endpoint, checked.keyless);
    outcome.items.push(...items);
    if (page === 1) firstCount = items.length;
    options.onPage?.({
      endpoint: response.endpoint,
      page,
      items: items.length,
      ...(info?.total_pages === undefined ? {} : { totalPages: info.total_pages }),
    });
    const verdict = judgePage(page, items.length, outcome.items.length, info, limits, firstCount);
    if (verdict.kind === 'incomplete' || verdict.kind === 'too_many') {
      outcome.error = paginationError(response, verdict.reason);
    }
    return verdict.kind === 'more';
  };
  const finish = (): ListOutcome => {
    keyless.warnInto(outcome, options.key);
    return outcome;
  };

  const first = await fetchPage(1);
  if (first instanceof CloudflareApiError) {
    fail(outcome, first);
    return finish();
  }
  outcome.requests += first.attempts;
  let more = accept(1, first);
  const firstInfo = first.envelope.result_info;
  const claimed = more ? plannedTooMany(firstInfo, limits) : undefined;
  if (claimed?.kind === 'too_many') {
    outcome.error = paginationError(first, claimed.reason);
    more = false;
  }
  if (!more) return finish();

  // Pages 2…N (the count page 1 tells) are asked for at once; each is taken as soon as it and the pages before
  // it have arrived, and every request is awaited (and counted) even after a page stops the listing.
  const pending = fetchPages(2, plannedPages(firstInfo, limits.asked) ?? 1);
  let last = 1;
  for (const [i, next] of pending.entries()) {
    const settled = await next;
    if ('thrown' in settled) {
      await Promise.all(pending);
      throw settled.thrown;
    }
    const response = settled.value;
    outcome.requests += response.attempts;
    if (!more) continue;
    last = i + 2;
    if (response instanceof CloudflareApiError) {
      stopAt(outcome, response);
      more = false;
    } else {
      more = accept(last, response);
    }
  }
  while (more) {
    const response = await fetchPage(++last);
    if (response instanceof CloudflareApiError) {
      fail(outcome, response);
      break;
    }
    outcome.requests += response.attempts;
    more = accept(last, response);
  }
  return finish();
}

/**
 * A promise that never rejects: its value, or what it threw (so pages awaited one by one raise no unhandled
 * rejection).
 */
function settle<T>(promise: Promise<T>): Promise<{ value: T } | { thrown: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (thrown: unknown) => ({ thrown }),
  );
}

function paginationError(response: ApiResponse, reason: string): CloudflareApiError {
  return new CloudflareApiError({
    kind: 'pagination',
    endpoint: response.endpoint,
    status: response.status,
    attempts: 0,
    reason,
  });
}

/** One request whose `result` is the whole list (SinglePage endpoints). */
export async function listSingle(client: CloudflareClient, path: string, options: ListOptions): Promise<ListOutcome> {
  const outcome: ListOutcome = { items: [], requests: 0, endpoint: path };
  const response = await requestOnce(client, path, options, outcome);
  if (!response) return outcome;
  const checked = checkItems(response.envelope.result, options.key);
  if ('problem' in checked) {
    outcome.error = shapeError(response.endpoint, response.status, response.attempts, checked.problem);
    return outcome;
  }
  if (options.key !== null) {
    const seen = new Set<string>();
    for (const k of checked.keys) {
      if (seen.has(k)) {
        outcome.error = shapeError(response.endpoint, response.status, 0, `item "${k}" appears twice in the list`);
        return outcome;
      }
      seen.add(k);
    }
  }
  outcome.items = checked.items;
  const keyless = new KeylessTally();
  keyless.add(response.endpoint, checked.keyless);
  keyless.warnInto(outcome, options.key);
  // A single list that says it holds more than it carries is cut short (it pages after all): never a silent pass.
  const total = response.envelope.result_info?.total_count;
  if (total !== undefined && total > checked.items.length) {
    outcome.error = paginationError(
      response,
      `result_info.total_count is ${total} but the list holds ` +
        `${checked.items.length} item(s): the listing is incomplete`,
    );
  }
  options.onPage?.({ endpoint: response.endpoint, page: 1, items: checked.items.length, totalPages: 1 });
  return outcome;
}

/** One request whose `result` is a single object. */
export async function getObject(
  client: CloudflareClient,
  path: string,
  options: Omit<ListOptions, 'key'> = {},
): Promise<ListOutcome> {
  const outcome: ListOutcome = { items: [], requests: 0, endpoint: path };
  const response = await requestOnce(client, path, options, outcome);
  if (!response) return outcome;
  if (!isObject(response.envelope.result)) {
    const got =
      response.envelope.result === null
        ? 'null'
        : Array.isArray(response.envelope.result)
          ? 'an array'
          : typeof response.envelope.result;
    outcome.error = shapeError(
      response.endpoint,
      response.status,
      response.attempts,
      `"result" is ${got}, expected an object`,
    );
    return outcome;
  }
  outcome.items = [response.envelope.result];
  options.onPage?.({ endpoint: response.endpoint, page: 1, items: 1, totalPages: 1 });
  return outcome;
}

function callOptions(options: { onRetry?: (event: RetryEvent) => void; tally?: RequestStats }): RequestOptions {
  return {
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    ...(options.tally ? { tally: options.tally } : {}),
  };
}

/**
 * The one request of a single-page endpoint, counted into `outcome`; `undefined` when it failed (recorded in
 * `outcome`).
 */
async function requestOnce(
  client: CloudflareClient,
  path: string,
  options: { onRetry?: (event: RetryEvent) => void; tally?: RequestStats },
  outcome: ListOutcome,
): Promise<ApiResponse | undefined> {
  let response: ApiResponse;
  try {
    response = await client.get(path, callOptions(options));
  } catch (error) {
    fail(outcome, error);
    return undefined;
  }
  outcome.requests += response.attempts;
  outcome.http_status = response.status;
  return response;
}

function fail(outcome: ListOutcome, error: unknown): ListOutcome {
  if (!(error instanceof CloudflareApiError)) throw error;
  outcome.requests += error.attempts;
  return stopAt(outcome, error);
}

/** Records the failure that ended a listing (its attempts already counted). */
function stopAt(outcome: ListOutcome, error: CloudflareApiError): ListOutcome {
  outcome.endpoint = error.endpoint;
  if (error.status === undefined) delete outcome.http_status;
  else outcome.http_status = error.status;
  outcome.error = error;
  return outcome;
}
