import type { ApiResponse, CloudflareClient, RequestOptions, RetryEvent } from './client.js';
import type { RequestStats } from '../snapshot/types.js';
import { peekResultInfo } from './envelope.js';
import { CloudflareApiError } from './errors.js';

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
  /**
   * Each accepted page's items, in page order: exactly the items that end up in `ListOutcome.items`, handed
   * over while later pages are still on their way (page 1's once the continuation pages are requested).
   */
  onItems?: (items: Item[]) => void;
  onRetry?: (event: RetryEvent) => void;
  /** Per-collection request counters, passed to the client. */
  tally?: RequestStats;
}

export interface PagedListOptions extends ListOptions {
  perPage: number;
  /** More query parameters for every page, after `page` and `per_page` (e.g. a filter). */
  query?: Record<string, string>;
  /** Hard stop for servers that never end (default 10 000 pages). */
  maxPages?: number;
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
}

function isItem(value: unknown): value is Item {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function itemKey(item: Item, key: string): string | undefined {
  const value = item[key];
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function shapeError(endpoint: string, status: number, attempts: number, reason: string): CloudflareApiError {
  return new CloudflareApiError({ kind: 'shape', endpoint, status, attempts, reason });
}

/**
 * Checks that `result` is an array of objects, each with a usable key, and returns the items with their
 * keys (none when `key` is null); returns the reason when not.
 */
function checkItems(result: unknown, key: string | null): { items: Item[]; keys: string[] } | { problem: string } {
  if (result === null) return { items: [], keys: [] };
  if (!Array.isArray(result)) return { problem: `"result" is ${typeof result}, expected an array of objects` };
  const keys: string[] = [];
  for (let index = 0; index < result.length; index++) {
    const entry: unknown = result[index];
    if (!isItem(entry)) return { problem: `result[${index}] is not an object` };
    if (key === null) continue;
    const k = itemKey(entry, key);
    if (k === undefined) return { problem: `result[${index}] has no usable "${key}" field` };
    keys.push(k);
  }
  return { items: result as Item[], keys };
}

/**
 * Lists a `page`/`per_page` endpoint at `perPage` items a page and stops at `result_info.total_pages`
 * (no trailing empty page). Once page 1 tells the page count, the other pages are requested at once
 * (the client's queue bounds concurrency). Follows `total_pages` when the server clamps `per_page`.
 * Stops with a `pagination` error when a page repeats the previous one or an item id reappears; items
 * from the pages before a failure are kept.
 */
export async function listPaged(client: CloudflareClient, path: string, options: PagedListOptions): Promise<ListOutcome> {
  const maxPages = options.maxPages ?? 10_000;
  const outcome: ListOutcome = { items: [], requests: 0, endpoint: path };
  const seen = new Map<string, number>();
  let previousKeys: string[] = [];

  const fetchPage = async (page: number, onBody?: (body: string) => void): Promise<ApiResponse | CloudflareApiError> => {
    try {
      return await client.get(path, {
        query: { page, per_page: options.perPage, ...options.query },
        ...callOptions(options),
        ...(onBody ? { onBody } : {}),
      });
    } catch (error) {
      if (error instanceof CloudflareApiError) return error;
      throw error;
    }
  };
  type Pending = Promise<{ value: ApiResponse | CloudflareApiError } | { thrown: unknown }>;
  const fetchPages = (from: number, to: number): Pending[] =>
    Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => settle(fetchPage(from + i)));
  /** Awaits requests whose answers are no longer wanted, counting them. */
  const drain = async (pending: Pending[]): Promise<void> => {
    for (const settled of await Promise.all(pending)) if ('value' in settled) outcome.requests += settled.value.attempts;
  };

  /** Takes one page's response into `outcome`; returns whether listing may go on, and the items taken. */
  const accept = (page: number, response: ApiResponse): { more: boolean; items: Item[] } => {
    outcome.endpoint = response.endpoint;
    outcome.http_status = response.status;
    const checked = checkItems(response.envelope.result, options.key);
    if ('problem' in checked) {
      outcome.error = shapeError(response.endpoint, response.status, response.attempts, checked.problem);
      return { more: false, items: [] };
    }
    const { items, keys } = checked;
    const info = response.envelope.result_info;
    if (keys.length > 0) {
      if (keys.length === previousKeys.length && keys.every((k, i) => k === previousKeys[i])) {
        outcome.error = paginationError(response, `page ${page} repeats page ${page - 1} (the same ${keys.length} items); the server ignores "page"`);
        return { more: false, items: [] };
      }
      for (const k of keys) {
        const firstPage = seen.get(k);
        if (firstPage !== undefined) {
          outcome.error = paginationError(response, `item "${k}" on page ${page} was already returned on page ${firstPage}; the listing is inconsistent`);
          return { more: false, items: [] };
        }
        seen.set(k, page);
      }
      previousKeys = keys;
    }
    outcome.items.push(...items);
    options.onPage?.({
      endpoint: response.endpoint, page, items: items.length,
      ...(info?.total_pages === undefined ? {} : { totalPages: info.total_pages }),
    });
    const more =
      info?.total_pages !== undefined
        ? page < info.total_pages
        : items.length > 0 && items.length >= Math.min(options.perPage, info?.per_page ?? options.perPage);
    if (more && items.length === 0) {
      outcome.error = shapeError(response.endpoint, response.status, 0, `page ${page} is empty but result_info.total_pages is ${info?.total_pages}`);
      return { more: false, items };
    }
    if (more && page >= maxPages) {
      outcome.error = paginationError(response, `stopped after ${maxPages} pages; the listing does not end`);
      return { more: false, items };
    }
    return { more, items };
  };
  const deliver = (items: Item[]): void => {
    if (items.length > 0) options.onItems?.(items);
  };

  // Pages 2…N are asked for as soon as page 1's bytes are in: its page count sits at the end of the body.
  let early: Pending[] = [];
  const first = await fetchPage(1, (body) => {
    const peeked = peekResultInfo(body)?.total_pages;
    if (peeked !== undefined && peeked <= maxPages) early = fetchPages(2, peeked);
  });
  if (first instanceof CloudflareApiError) {
    await drain(early);
    return fail(outcome, first);
  }
  outcome.requests += first.attempts;
  const firstTaken = accept(1, first);
  const totalPages = first.envelope.result_info?.total_pages;
  if (!firstTaken.more || totalPages === undefined || totalPages > maxPages) {
    deliver(firstTaken.items);
    await drain(early);
    if (!firstTaken.more) return outcome;
  }

  if (totalPages !== undefined) {
    if (totalPages > maxPages) {
      outcome.error = paginationError(first, `result_info.total_pages is ${totalPages}, more than the ${maxPages} pages allowed`);
      return outcome;
    }
    // Each page is taken as soon as it and the pages before it have arrived; every request is awaited
    // (and counted) even after a page stops the listing. Page 1's items go out once the others are asked for.
    const pending = [...early, ...fetchPages(early.length + 2, totalPages)];
    deliver(firstTaken.items);
    let stopped = false;
    for (const [i, next] of pending.entries()) {
      const settled = await next;
      if ('thrown' in settled) {
        await Promise.all(pending);
        throw settled.thrown;
      }
      const response = settled.value;
      outcome.requests += response.attempts;
      if (stopped) continue;
      if (response instanceof CloudflareApiError) {
        stopAt(outcome, response);
        stopped = true;
      } else {
        const taken = accept(i + 2, response);
        deliver(taken.items);
        stopped = !taken.more;
      }
    }
    if (stopped) return outcome;
  }

  for (let page = (totalPages ?? 1) + 1; ; page++) {
    const response = await fetchPage(page);
    if (response instanceof CloudflareApiError) return fail(outcome, response);
    outcome.requests += response.attempts;
    const taken = accept(page, response);
    deliver(taken.items);
    if (!taken.more) return outcome;
  }
}

/** A promise that never rejects: its value, or what it threw (so pages awaited one by one raise no unhandled rejection). */
function settle<T>(promise: Promise<T>): Promise<{ value: T } | { thrown: unknown }> {
  return promise.then((value) => ({ value }), (thrown: unknown) => ({ thrown }));
}

function paginationError(response: ApiResponse, reason: string): CloudflareApiError {
  return new CloudflareApiError({ kind: 'pagination', endpoint: response.endpoint, status: response.status, attempts: 0, reason });
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
  options.onPage?.({ endpoint: response.endpoint, page: 1, items: checked.items.length, totalPages: 1 });
  if (checked.items.length > 0) options.onItems?.(checked.items);
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
  if (!isItem(response.envelope.result)) {
    const got = response.envelope.result === null ? 'null' : Array.isArray(response.envelope.result) ? 'an array' : typeof response.envelope.result;
    outcome.error = shapeError(response.endpoint, response.status, response.attempts, `"result" is ${got}, expected an object`);
    return outcome;
  }
  outcome.items = [response.envelope.result];
  options.onPage?.({ endpoint: response.endpoint, page: 1, items: 1, totalPages: 1 });
  options.onItems?.(outcome.items);
  return outcome;
}

function callOptions(options: { onRetry?: (event: RetryEvent) => void; tally?: RequestStats }): RequestOptions {
  return {
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
    ...(options.tally ? { tally: options.tally } : {}),
  };
}

/** The one request of a single-page endpoint, counted into `outcome`; `undefined` when it failed (recorded in `outcome`). */
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
