import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  url: string;
  headers: IncomingMessage['headers'];
}

export interface TestServer {
  url: string;
  seen: SeenRequest[];
  /** Most requests in flight at once. */
  maxInFlight: number;
  close(): Promise<void>;
}

/** A tiny HTTP server on 127.0.0.1 for client tests. The handler may answer asynchronously (or never). */
export async function startServer(
  handler: (request: IncomingMessage, response: ServerResponse, index: number) => void | Promise<void>,
): Promise<TestServer> {
  let inFlight = 0;
  const state: TestServer = { url: '', seen: [], maxInFlight: 0, close: async () => {} };
  const server = createServer((request, response) => {
    const index = state.seen.length;
    state.seen.push({ url: request.url ?? '', headers: request.headers });
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    response.on('close', () => inFlight--);
    void handler(request, response, index);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/client/v4`;
  state.close = async () => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  };
  return state;
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

export function ok(result: unknown, resultInfo?: Record<string, number>): Record<string, unknown> {
  return { success: true, errors: [], messages: [], result, ...(resultInfo ? { result_info: resultInfo } : {}) };
}

export function failure(code: number, message: string): Record<string, unknown> {
  return { success: false, errors: [{ code, message }], messages: [], result: null };
}
