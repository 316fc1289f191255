/**
 * Reference clients for the collect benchmark: the same requests as `collectAccount`, in the same order,
 * with the continuation pages asked for the moment page 1's bytes are in, and no checks, retries, records,
 * redaction or sorting. `parse: true` JSON-parses every body (the least a client returning the data does);
 * `parse: false` only reads the bytes (what the transport alone costs; it parses just the lists whose items
 * name the next requests).
 */
import { request, type Dispatcher } from 'undici';
import { peekResultInfo } from '../../src/client/envelope.js';
import { childPath, hasChild, type PerParentSpec } from '../../src/collectors/per-parent.js';
import { followUpsFirst } from '../../src/collectors/request-order.js';
import { RESOURCE_TYPES, RESOURCE_TYPE_SPECS, type ResourceType } from '../../src/snapshot/resource-types.js';

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
  const childrenOf = (type: ResourceType): PerParentSpec[] => RESOURCE_TYPES.flatMap((t) => {
    const { perParent } = RESOURCE_TYPE_SPECS[t];
    return perParent?.type === type ? [{ ...RESOURCE_TYPE_SPECS[t], perParent }] : [];
  });
  const jobs = followUpsFirst(RESOURCE_TYPES.map((type) => ({ spec: RESOURCE_TYPE_SPECS[type] })));
  const counts = await Promise.all(jobs.map(async ({ spec }) => {
    // A type read per parent item is read by its parent's job, once the parents are listed.
    if (spec.perParent) return 0;
    const query = new URLSearchParams(spec.query).toString();
    const page = (n: number): string => `${spec.path}?page=${n}&per_page=${spec.maxPerPage}${query ? `&${query}` : ''}`;
    const children = childrenOf(spec.type);
    // Lists whose items name the next requests are parsed either way.
    const namesNext = parse || spec.detailFields !== undefined || children.length > 0;
    let rest: Promise<unknown>[] = [];
    const first = await read(spec.paging === 'paged' ? page(1) : spec.path, namesNext, (body) => {
      const pages = spec.paging === 'paged' ? peekResultInfo(body)?.total_pages ?? 1 : 1;
      rest = Array.from({ length: pages - 1 }, (_, i) => read(page(i + 2), namesNext));
    });
    const key = spec.key;
    if (spec.detailFields && key !== null && Array.isArray(first)) {
      return sum(await Promise.all(first.map((item: Record<string, unknown>) => read(`${spec.path}/${String(item[key])}`, parse))));
    }
    const listed = await Promise.all(rest);
    const own = parse ? sum(listed) + size(first) : 0;
    if (children.length === 0) return own;
    const parents = [first, ...listed].flat() as Record<string, unknown>[];
    const reads = children.flatMap((child) => parents
      .filter((parent) => hasChild(child.perParent, parent))
      .flatMap((parent) => {
        const path = childPath(child, '', parent);
        return path === undefined ? [] : [read(path, parse)];
      }));
    return own + sum(await Promise.all(reads));
  }));
  return counts.reduce((total, n) => total + n, 0);
}
