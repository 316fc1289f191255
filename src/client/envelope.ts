import { isObject } from '../common/values.js';
import type { ApiMessage } from './errors.js';

export interface ResultInfo {
  page?: number;
  per_page?: number;
  count?: number;
  total_count?: number;
  total_pages?: number;
}

/** The Cloudflare v4 response envelope. */
export interface Envelope {
  success: boolean;
  errors: ApiMessage[];
  messages: ApiMessage[];
  result: unknown;
  result_info?: ResultInfo;
}

export type EnvelopeParse = { ok: true; envelope: Envelope } | { ok: false; problem: string };

function toMessages(value: unknown): ApiMessage[] {
  if (!Array.isArray(value)) return [];
  return value.filter(isObject).map((entry) => ({
    code: typeof entry.code === 'number' ? entry.code : 0,
    message: typeof entry.message === 'string' ? entry.message : JSON.stringify(entry),
  }));
}

/** A count as the API sends it: a non-negative integer, or one written as a string (`"118"`); else undefined. */
function toCount(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\s*\d{1,15}\s*$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

/** `result_info` with the counts that are usable; anything else in it (fractions, negatives, words) is dropped. */
function toResultInfo(value: unknown): ResultInfo | undefined {
  if (!isObject(value)) return undefined;
  const info: ResultInfo = {};
  for (const field of ['page', 'per_page', 'count', 'total_count', 'total_pages'] as const) {
    const n = toCount(value[field]);
    if (n !== undefined) info[field] = n;
  }
  return info;
}

/** Parses a response body as a v4 envelope; says what is wrong when it is not one. */
export function parseEnvelope(body: string): EnvelopeParse {
  if (body.trim() === '') return { ok: false, problem: 'the response body is empty' };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return { ok: false, problem: `the response body is not valid JSON (${(error as Error).message})` };
  }
  if (!isObject(json)) return { ok: false, problem: 'the response body is not a JSON object' };
  if (typeof json.success !== 'boolean') {
    return { ok: false, problem: 'the response is not a Cloudflare v4 envelope (no boolean "success")' };
  }
  const envelope: Envelope = {
    success: json.success,
    errors: toMessages(json.errors),
    messages: toMessages(json.messages),
    result: json.result,
  };
  const info = toResultInfo(json.result_info);
  if (info) envelope.result_info = info;
  return { ok: true, envelope };
}

/** Best-effort `errors[]` from a non-2xx body (which may be HTML or empty). */
export function errorsFromBody(body: string): ApiMessage[] {
  const parsed = parseEnvelope(body);
  return parsed.ok ? parsed.envelope.errors : [];
}
