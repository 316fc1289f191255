/** The Cloudflare v4 response envelope, as the real API shapes it. */

export interface ApiMessage {
  code: number;
  message: string;
}

export interface ResultInfo {
  page: number;
  per_page: number;
  count: number;
  total_count: number;
  total_pages: number;
}

export function successBody(result: unknown, resultInfo?: ResultInfo): Record<string, unknown> {
  const body: Record<string, unknown> = { success: true, errors: [], messages: [], result };
  if (resultInfo) body['result_info'] = resultInfo;
  return body;
}

export function failureBody(...errors: ApiMessage[]): Record<string, unknown> {
  return { success: false, errors, messages: [], result: null };
}

export const AUTH_ERROR: ApiMessage = { code: 10000, message: 'Authentication error' };
export const NO_ROUTE: ApiMessage = { code: 7003, message: 'No route for the URI' };
export const METHOD_NOT_ALLOWED: ApiMessage = { code: 7001, message: 'Method not allowed' };
export const RATE_LIMITED: ApiMessage = {
  code: 971,
  message: 'Please wait and consider throttling your request speed',
};
export const SERVER_ERROR: ApiMessage = { code: 10001, message: 'Internal server error' };
