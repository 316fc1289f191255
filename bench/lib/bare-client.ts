/**
 * Reference clients for the collect benchmark: the same 25 requests as `collectAccount`, in the same order,
 * with the continuation pages asked for the moment page 1's bytes are in, and no checks, retries, records,
 * redaction or sorting. `parse: true` JSON-parses every body (the least a client returning the data does);
 * `parse: false` only reads the bytes (what the transport alone costs; it parses just the lists whose items
 * name the next requests).
 */
import { request, type Dispatcher } from 'undici';
import { peekResultInfo } from '../../src/client/envelope.js';
import { followUpsFirst } from '../../src/collectors/request-order.js';
import { RESOURCE_TYPES, RESOURCE_TYPE_SPECS } from '../../src/snapshot/resource-types.js';

export interface BareClient {
  dispatcher: Dispatcher;
  parse: boolean;
  /** Base URL including `/accounts/{id}`. */
  accountUrl: string;
  token: string;
}

/** Lists every type; returns how many resources it parsed (0 when not parsing). */
export async function bareListEverything({ dispatcher, parse, accountUrl, token }: BareClient): Promise<number> {
  const headers = { authorization: `Bearer ${token}` };
  /** The body's `result` when parsed, else `undefined`. */
  const read = async (path: string, parseIt: boolean, onBody?: (body: string) => void): Promise<unknown> => {
    const response = await request(`${accountUrl}${path}`, { headers, dispatcher });
    const body = await response.body.text();
    onBody?.(body);
    return parseIt ? (JSON.parse(body) as { result: unknown }).result : undefined;
  };
  const size = (result: unknown): number => (result === undefined ? 0 : Array.isArray(result) ? result.length : 1);
  const sum = (results: unknown[]): number => results.reduce<number>((total, result) => total + size(result), 0);
  const jobs = followUpsFirst(RESOURCE_TYPES.map((type) => ({ spec: RESOURCE_TYPE_SPECS[type] })));
  const counts = await Promise.all(jobs.map(async ({ spec }) => {
    const page = (n: number): string => `${spec.path}?page=${n}&per_page=${spec.maxPerPage}`;
    let rest: Promise<unknown>[] = [];
    // Lists whose items name the next requests are parsed either way.
    const first = await read(spec.paging === 'paged' ? page(1) : spec.path, parse || spec.detailFields !== undefined, (body) => {
      const pages = spec.paging === 'paged' ? peekResultInfo(body)?.total_pages ?? 1 : 1;
      rest = Array.from({ length: pages - 1 }, (_, i) => read(page(i + 2), parse));
    });
    const key = spec.key;
    if (spec.detailFields && key !== null && Array.isArray(first)) {
      return sum(await Promise.all(first.map((item: Record<string, unknown>) => read(`${spec.path}/${String(item[key])}`, parse))));
    }
    return sum(await Promise.all(rest)) + (parse ? size(first) : 0);
  }));
  return counts.reduce((total, n) => total + n, 0);
}
