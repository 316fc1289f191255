import type { ResultInfo } from './envelope.js';

/**
 * When a paged listing is complete. Cloudflare's published `result_info` is `page`, `per_page`, `count` and
 * `total_count`, often without `total_pages` (https://developers.cloudflare.com/fundamentals/api/how-to/make-api-calls/
 * #pagination), and a server may hand out fewer items per page than asked. So: follow `total_count` when it is
 * there (more pages while fewer items arrived and the last page was full; a short page before the total is an
 * incomplete listing), else `total_pages`, else stop on the first page shorter than the page size (the reported
 * `per_page`, else page 1's count: without either, one more page confirms the end).
 */

export interface PageLimits {
  /** `per_page` asked for. */
  asked: number;
  /** Documented object-count limit of the endpoint, when there is one. */
  objectLimit?: number;
  /** Hard stop without an object limit. */
  maxPages: number;
}

export type PageVerdict =
  | { kind: 'more' }
  | { kind: 'done' }
  /** Fewer items than `total_count` says exist, and the server has no more to give. */
  | { kind: 'incomplete'; reason: string }
  /** More pages than the limits allow. */
  | { kind: 'too_many'; reason: string };

/**
 * Items per page the server used: the `per_page` it reports; without it, what page 1 held (`firstCount`: a server
 * may hand out fewer than asked and not say so, so a short page 1 is confirmed by asking for page 2), else the
 * size asked for.
 */
export function pageSize(info: ResultInfo | undefined, asked: number, firstCount: number | undefined): number {
  if (info?.per_page !== undefined && info.per_page > 0) return info.per_page;
  if (firstCount !== undefined && firstCount > 0) return firstCount;
  return asked;
}

/** Most pages a listing may take at `size` items a page: the object limit's pages plus one, or `maxPages`. */
export function pageLimit(limits: PageLimits, size: number): number {
  return limits.objectLimit === undefined ? limits.maxPages : Math.ceil(limits.objectLimit / size) + 1;
}

function tooMany(limits: PageLimits, size: number, pages: number, total: number | undefined): PageVerdict {
  const claimed = total === undefined ? '' : ` (result_info.total_count is ${total})`;
  const reason =
    limits.objectLimit === undefined
      ? `stopped after ${pageLimit(limits, size)} pages${claimed}; the listing does not end`
      : `more pages than the documented limit of ${limits.objectLimit} objects allows ` +
        `(${pages} pages of ${size}${claimed}); stopped`;
  return { kind: 'too_many', reason };
}

/** Pages a listing will take according to page 1's `result_info` (to request them at once); undefined if unknown. */
export function plannedPages(info: ResultInfo | undefined, asked: number): number | undefined {
  if (info?.total_count !== undefined && info.per_page !== undefined && info.per_page > 0) {
    return Math.max(1, Math.ceil(info.total_count / info.per_page));
  }
  if (info?.total_count !== undefined && info.total_count <= asked) return 1;
  return info?.total_pages;
}

/** Whether page 1's `result_info` already claims more pages than the limits allow. */
export function plannedTooMany(info: ResultInfo | undefined, limits: PageLimits): PageVerdict | undefined {
  const planned = plannedPages(info, limits.asked);
  const size = pageSize(info, limits.asked, undefined);
  return planned !== undefined && planned > pageLimit(limits, size)
    ? tooMany(limits, size, planned, info?.total_count)
    : undefined;
}

/**
 * What to do after page `page` (holding `count` items, `received` in all so far): ask for the next page, stop,
 * or stop with an error.
 */
export function judgePage(
  page: number,
  count: number,
  received: number,
  info: ResultInfo | undefined,
  limits: PageLimits,
  firstCount: number | undefined,
): PageVerdict {
  const size = pageSize(info, limits.asked, firstCount);
  const full = count > 0 && count >= size;
  const total = info?.total_count;
  let more: boolean;
  if (total !== undefined) {
    if (received >= total) return { kind: 'done' };
    if (!full) {
      return {
        kind: 'incomplete',
        reason:
          `result_info.total_count is ${total} but only ${received} item(s) arrived in ${page} page(s) ` +
          `(page ${page} held ${count} of ${size}): the listing is incomplete`,
      };
    }
    more = true;
  } else if (info?.total_pages !== undefined) {
    more = page < info.total_pages;
    if (more && count === 0) {
      return {
        kind: 'incomplete',
        reason: `page ${page} is empty but result_info.total_pages is ${info.total_pages}: the listing is incomplete`,
      };
    }
  } else {
    more = full;
  }
  if (!more) return { kind: 'done' };
  const estimated = total === undefined ? page + 1 : Math.ceil(total / size);
  if (page < pageLimit(limits, size)) return { kind: 'more' };
  return tooMany(limits, size, Math.max(page + 1, estimated), total);
}
