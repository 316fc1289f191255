/** Naming what a finding exposes (the applications, targets and MCP resources its resource opens) in text. */
import type { ExposedResource, Result } from '../engine/types.js';
import { describeExposed } from '../reach/exposure.js';

/** True when the message names one of the exposed resources already (by id, or by quoted name). */
export function namesExposed(message: string, exposes: readonly ExposedResource[]): boolean {
  return exposes.some((e) => message.includes(e.id) || message.includes(`'${e.name}'`));
}

/** `Exposes application 'X' (id).` for a result whose message does not name what it exposes; else undefined. */
export function exposesSentence(result: Pick<Result, 'message' | 'exposes'>): string | undefined {
  const exposes = result.exposes ?? [];
  if (exposes.length === 0 || namesExposed(result.message, exposes)) return undefined;
  return `Exposes ${describeExposed(exposes)}.`;
}

/** The exposed resources other than the result's own resource (which its row names already). */
export function exposedOthers(result: Pick<Result, 'resource_type' | 'resource_id' | 'exposes'>): ExposedResource[] {
  return (result.exposes ?? []).filter((e) => e.type !== result.resource_type || e.id !== result.resource_id);
}
