import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as realSleep } from 'node:timers/promises';
import { readSnapshot } from '../snapshot/read.js';
import { RESOURCE_TYPE_SPECS, type ResourceType } from '../catalog/resource-types.js';
import type { Snapshot } from '../snapshot/types.js';
import { indexSnapshots, type ServedAccounts, type ServedType } from './account-data.js';
import {
  AUTH_ERROR,
  METHOD_NOT_ALLOWED,
  NO_ROUTE,
  RATE_LIMITED,
  SERVER_ERROR,
  failureBody,
  successBody,
  type ApiMessage,
  type ResultInfo,
} from './envelope.js';
import { FaultState, type EmulatorFaults, type NotFoundBody, type ResultInfoShape } from './faults.js';
import { DEFAULT_PER_PAGE } from '../catalog/page-sizes.js';
import { API_PREFIX, resolveRoute, type Route } from './routes.js';

/** Token accepted when the caller configures none. Only ever valid against a loopback emulator. */
export const DEFAULT_EMULATOR_TOKEN = 'cf-access-audit-emulator-token';

export interface EmulatorCredentials {
  /** Accepted `Authorization: Bearer` tokens. */
  apiTokens?: string[];
  /** Accepted `X-Auth-Email` + `X-Auth-Key` pairs. */
  apiKeys?: { email: string; key: string }[];
}

export interface EmulatorOptions {
  /** Serve this snapshot (in memory)… */
  snapshot?: Snapshot;
  /** …or read this snapshot folder. */
  snapshotDir?: string;
  /**
   * Several accounts: each snapshot is served under its own account id (together with `snapshot` /
   * `snapshotDir` when given, which come first). Every accepted credential reads every account.
   */
  snapshots?: Snapshot[];
  /** Snapshot folders, one account each (read after `snapshots`). */
  snapshotDirs?: string[];
  /** Port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** Default: the single token `DEFAULT_EMULATOR_TOKEN`. */
  credentials?: EmulatorCredentials;
  faults?: EmulatorFaults;
  /**
   * Waits out the `latencyMs` fault before an answer (default: a real timer). `signal` aborts when the emulator
   * closes: the wait may then end or reject at once, and no answer is sent. A wait that rejects drops the connection.
   */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface EmulatorStats {
  /** Every request received, faulted ones included. */
  total: number;
  /** Per request path (query excluded), e.g. `/client/v4/accounts/<id>/access/apps`. */
  byPath: Record<string, number>;
  /** Per resource type (both scopes, list and per-item requests). */
  byType: Partial<Record<ResourceType, number>>;
  /** Per served account: requests to `/accounts/<id>/…` and to the zones it holds (token checks included). */
  byAccount: Record<string, number>;
}

export interface EmulatorHandle {
  /** Base URL including `/client/v4`, e.g. `http://127.0.0.1:41234/client/v4`. */
  url: string;
  port: number;
  /** Account id of the (first) served snapshot. */
  accountId: string;
  /** Every served account id, in the order the snapshots were given. */
  accountIds: string[];
  /** Live counters since start (or the last `resetStats`). */
  readonly stats: EmulatorStats;
  resetStats(): void;
  /** Replaces the injected faults (counters restart). */
  setFaults(faults: EmulatorFaults): void;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  body: Record<string, unknown> | string;
  contentType?: string;
  headers?: Record<string, string>;
}

export async function startEmulator(options: EmulatorOptions): Promise<EmulatorHandle> {
  const served = indexSnapshots(await snapshotsOf(options));
  const auth = credentialChecker(options.credentials ?? { apiTokens: [DEFAULT_EMULATOR_TOKEN] });
  const faults = new FaultState(options.faults);
  const stats: EmulatorStats = { total: 0, byPath: {}, byType: {}, byAccount: {} };
  const sleep = options.sleep ?? ((ms, signal) => realSleep(ms, undefined, { signal }));
  const closing = new AbortController();

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const route = resolveRoute(url.pathname);
    const type = route && route.kind !== 'verify' && route.kind !== 'account' ? route.type : null;
    stats.total += 1;
    stats.byPath[url.pathname] = (stats.byPath[url.pathname] ?? 0) + 1;
    if (type) stats.byType[type] = (stats.byType[type] ?? 0) + 1;
    const account = route ? accountOf(route, served) : undefined;
    if (account !== undefined) stats.byAccount[account] = (stats.byAccount[account] ?? 0) + 1;
    if (faults.hangs(type)) return;

    // Serialised before the latency delay, so the delay models the network and not a queue of JSON encoding.
    const reply = serialized(answer(request, url, route, type, served, auth, faults));
    const send = (): void => writeReply(response, reply);
    const delay = faults.latencyMs;
    if (delay <= 0) return send();
    void sleep(delay, closing.signal).then(
      () => {
        if (!closing.signal.aborted) send();
      },
      () => response.destroy(),
    );
  });
  server.keepAliveTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${options.port} on 127.0.0.1 is already in use; choose another port (or 0 for a free one).`)
          : error,
      );
    };
    server.once('error', onError);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', onError);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}${API_PREFIX}`,
    port,
    accountId: served.ids[0]!,
    accountIds: [...served.ids],
    stats,
    resetStats() {
      stats.total = 0;
      stats.byPath = {};
      stats.byType = {};
      stats.byAccount = {};
    },
    setFaults(next) {
      faults.set(next);
    },
    async close() {
      closing.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}

async function snapshotsOf(options: EmulatorOptions): Promise<Snapshot[]> {
  const snapshots: Snapshot[] = [];
  if (options.snapshot) snapshots.push(options.snapshot);
  else if (options.snapshotDir) snapshots.push(await readSnapshot(options.snapshotDir));
  snapshots.push(...(options.snapshots ?? []));
  for (const dir of options.snapshotDirs ?? []) snapshots.push(await readSnapshot(dir));
  if (snapshots.length === 0) {
    throw new Error(
      'startEmulator needs a snapshot: pass `snapshot` (in memory), `snapshotDir` (a folder), or several with ' +
        '`snapshots` / `snapshotDirs`.',
    );
  }
  return snapshots;
}

/** The served account a request is for, if any (`/user/tokens/verify` is for none). */
function accountOf(route: Route, served: ServedAccounts): string | undefined {
  if (route.kind === 'verify' || route.kind === 'account') {
    return route.accountId !== null && served.byId.has(route.accountId) ? route.accountId : undefined;
  }
  if (route.scope === 'account') return served.byId.has(route.scopeId) ? route.scopeId : undefined;
  for (const account of served.byId.values()) if (account.zones.has(route.scopeId)) return account.accountId;
  return undefined;
}

function answer(
  request: IncomingMessage,
  url: URL,
  route: Route | null,
  type: ResourceType | null,
  served: ServedAccounts,
  auth: (request: IncomingMessage) => 'token' | 'key' | null,
  faults: FaultState,
): Reply {
  const limit = faults.countForRateLimitHeaders(Date.now());
  const withLimitHeaders = (reply: Reply): Reply => ({ ...reply, headers: { ...limit.headers, ...reply.headers } });

  if (limit.exhaustedFor !== null) {
    return withLimitHeaders(failure(429, RATE_LIMITED, { 'retry-after': String(limit.exhaustedFor) }));
  }
  const retryAfter = faults.takeRateLimit(type);
  if (retryAfter !== null) return withLimitHeaders(failure(429, RATE_LIMITED, { 'retry-after': String(retryAfter) }));

  const scheme = auth(request);
  if (scheme === null) return withLimitHeaders(failure(401, AUTH_ERROR));
  if (request.method !== 'GET') return withLimitHeaders(failure(405, METHOD_NOT_ALLOWED));
  if (!route) return withLimitHeaders(failure(404, NO_ROUTE));
  if (route.kind === 'verify') return withLimitHeaders(verifyToken(request, route.accountId, served, scheme));
  if (route.kind === 'account') return withLimitHeaders(accountReply(route.accountId, served, url));

  const scope = route.scope === 'account' ? served.byId.get(route.scopeId)?.account : served.zones.get(route.scopeId);
  if (!scope) return withLimitHeaders(failure(403, AUTH_ERROR));
  const data = scope.get(route.type);
  if (!data) return withLimitHeaders(failure(404, NO_ROUTE));

  const serverError = faults.takeServerError(type);
  if (serverError !== null) return withLimitHeaders(failure(serverError, SERVER_ERROR));
  if (faults.forbidden(type)) return withLimitHeaders(failure(403, AUTH_ERROR));
  if (faults.notFound(type)) return withLimitHeaders(failure(404, NO_ROUTE));
  const recorded = recordedFailure(data);
  if (recorded) return withLimitHeaders(recorded);
  const foreign = faults.notFoundBody(type);
  if (foreign) return withLimitHeaders(foreign404(foreign));

  const reply = route.kind === 'list' ? listReply(route.type, data, url, faults) : itemReply(data, route.key);
  const broken = reply.status === 200 ? faults.malformed(type) : null;
  return withLimitHeaders(broken ? malformedReply(broken) : reply);
}

/** A type the snapshot could not collect is answered the way the API answered the collector. */
function recordedFailure(data: ServedType): Reply | null {
  const status = data.coverage?.status;
  if (status === 'forbidden') return failure(403, AUTH_ERROR);
  if (status === 'not_collected') return failure(404, NO_ROUTE);
  if (status === 'error')
    return failure(
      data.coverage?.http_status && data.coverage.http_status >= 500 ? data.coverage.http_status : 500,
      SERVER_ERROR,
    );
  return null;
}

function listReply(type: ResourceType, data: ServedType, url: URL, faults: FaultState): Reply {
  const spec = RESOURCE_TYPE_SPECS[type];
  if (spec.paging === 'object') {
    const item = data.items[0];
    return item ? { status: 200, body: cachedBody(data, 'object', () => successBody(item)) } : failure(404, NO_ROUTE);
  }
  const listed = (): Record<string, unknown>[] =>
    spec.detailFields ? data.items.map((item) => omit(item, spec.detailFields ?? [])) : data.items;
  if (spec.paging === 'list') {
    const count = data.items.length;
    return {
      status: 200,
      body: cachedBody(data, 'list', () =>
        successBody(listed(), { page: 1, per_page: count, count, total_count: count, total_pages: 1 }),
      ),
    };
  }
  const page = positiveInteger(url.searchParams.get('page'), 1);
  const requested = positiveInteger(url.searchParams.get('per_page'), DEFAULT_PER_PAGE[type] ?? 20);
  if (page === null || requested === null) {
    return failure(400, {
      code: 1001,
      message: 'Invalid pagination: page and per_page must be integers of at least 1',
    });
  }
  const perPage = Math.min(requested, spec.maxPerPage ?? requested, faults.clampPerPage(type) ?? requested);
  const servedPage = faults.repeatsPage(type) ? 1 : page;
  const shape = faults.resultInfo(type);
  return {
    status: 200,
    body: cachedBody(data, `page ${page} of ${servedPage} per ${perPage} ${shape ?? ''}`, () => {
      const all = listed();
      const items = all.slice((servedPage - 1) * perPage, servedPage * perPage);
      const info: ResultInfo = {
        page,
        per_page: perPage,
        count: items.length,
        total_count: all.length,
        total_pages: Math.ceil(all.length / perPage),
      };
      return shapedResultInfo(successBody(items, info), shape);
    }),
  };
}

/** A `resultInfo` fault: `result_info` as other servers (or the API's documentation) shape it. */
function shapedResultInfo(body: Record<string, unknown>, shape: ResultInfoShape | null): Record<string, unknown> {
  const info = body['result_info'] as ResultInfo;
  switch (shape) {
    case null:
      return body;
    case 'published': {
      const { total_pages: _omitted, ...published } = info;
      return { ...body, result_info: published };
    }
    case 'strings':
      return { ...body, result_info: Object.fromEntries(Object.entries(info).map(([k, v]) => [k, String(v)])) };
    case 'missing': {
      const { result_info: _omitted, ...rest } = body;
      return rest;
    }
    case 'one_page':
      return { ...body, result_info: { ...info, total_pages: 1 } };
  }
}

/** The account itself as `GET /accounts/{account_id}` answers it (the SDK's `Account`); 404 for other ids. */
function accountReply(accountId: string, served: ServedAccounts, url: URL): Reply {
  const account = served.byId.get(accountId);
  if (!account) {
    const message = `Could not route to ${url.pathname}, perhaps your object identifier is invalid?`;
    return failure(404, { code: 7003, message });
  }
  return {
    status: 200,
    body: successBody({
      id: account.accountId,
      name: `Emulated account ${account.accountId.slice(0, 8)}`,
      type: 'standard',
      settings: { enforce_twofactor: false, abuse_contact_email: null },
      created_on: account.collectedAt,
    }),
  };
}

/** A 404 that is not the API's own answer (a proxy's, a wrong base URL's). */
function foreign404(kind: NotFoundBody): Reply {
  switch (kind) {
    case 'html':
      return {
        status: 404,
        body: '<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>',
        contentType: 'text/html; charset=UTF-8',
      };
    case 'problem_json':
      return {
        status: 404,
        contentType: 'application/problem+json',
        body: JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404 }),
      };
    case 'empty':
      return { status: 404, body: '', contentType: 'text/plain' };
  }
}

function itemReply(data: ServedType, key: string): Reply {
  const item = data.byKey.get(key);
  return item
    ? { status: 200, body: cachedBody(data, `item ${key}`, () => successBody(item)) }
    : failure(404, NO_ROUTE);
}

/** Bounds the body cache of one type for clients that walk unusual page sizes. */
const MAX_CACHED_BODIES = 2000;

function cachedBody(data: ServedType, key: string, build: () => Record<string, unknown>): string {
  let body = data.bodies.get(key);
  if (body === undefined) {
    if (data.bodies.size >= MAX_CACHED_BODIES) data.bodies.clear();
    data.bodies.set(key, (body = JSON.stringify(build())));
  }
  return body;
}

function verifyToken(
  request: IncomingMessage,
  accountId: string | null,
  served: ServedAccounts,
  scheme: 'token' | 'key',
): Reply {
  if (scheme !== 'token') return failure(400, { code: 1000, message: 'Invalid API Token' });
  if (accountId !== null && !served.byId.has(accountId)) return failure(403, AUTH_ERROR);
  const token = bearerToken(request) ?? '';
  // An id derived from the token, never the token itself.
  const id = createHash('sha256').update(token).digest('hex').slice(0, 32);
  return { status: 200, body: successBody({ id, status: 'active' }) };
}

function malformedReply(kind: 'invalid_json' | 'wrong_shape' | 'success_false' | 'html'): Reply {
  switch (kind) {
    case 'invalid_json':
      return {
        status: 200,
        body: '{"success":true,"errors":[],"messages":[],"result":[{"id":',
        contentType: 'application/json',
      };
    case 'wrong_shape':
      return { status: 200, body: successBody('unexpected') };
    case 'success_false':
      return { status: 200, body: failureBody({ code: 10001, message: 'Internal server error' }) };
    case 'html':
      return {
        status: 200,
        body: '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>',
        contentType: 'text/html; charset=UTF-8',
      };
  }
}

function failure(status: number, error: ApiMessage, headers?: Record<string, string>): Reply {
  return { status, body: failureBody(error), ...(headers ? { headers } : {}) };
}

function serialized(reply: Reply): Reply & { body: string } {
  return { ...reply, body: typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body) };
}

function writeReply(response: ServerResponse, reply: Reply & { body: string }): void {
  response.writeHead(reply.status, {
    'content-type': reply.contentType ?? 'application/json; charset=UTF-8',
    'content-length': Buffer.byteLength(reply.body),
    ...reply.headers,
  });
  response.end(reply.body);
}

function positiveInteger(value: string | null, fallback: number): number | null {
  if (value === null || value === '') return fallback;
  if (!/^\d+$/.test(value)) return null;
  const number = Number(value);
  return number >= 1 ? number : null;
}

function omit(item: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(item).filter(([field]) => !fields.includes(field)));
}

function bearerToken(request: IncomingMessage): string | null {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  return match?.[1] ?? null;
}

function credentialChecker(credentials: EmulatorCredentials): (request: IncomingMessage) => 'token' | 'key' | null {
  const tokens = (credentials.apiTokens ?? []).map((token) => Buffer.from(token));
  const keys = credentials.apiKeys ?? [];
  return (request) => {
    const token = bearerToken(request);
    if (token !== null) {
      const given = Buffer.from(token);
      return tokens.some((accepted) => accepted.length === given.length && timingSafeEqual(accepted, given))
        ? 'token'
        : null;
    }
    const email = request.headers['x-auth-email'];
    const key = request.headers['x-auth-key'];
    if (typeof email === 'string' && typeof key === 'string') {
      return keys.some((pair) => pair.email.toLowerCase() === email.toLowerCase() && pair.key === key) ? 'key' : null;
    }
    return null;
  };
}
