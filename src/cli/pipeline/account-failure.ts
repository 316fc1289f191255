import { CredentialsError } from '../../client/credentials.js';
import { RuleConfigError, RuleLoadError } from '../../engine/errors.js';
import type { FailedAccount } from '../../renderers/types.js';
import { LinkedPathError } from '../../snapshot/errors.js';
import { UserError } from '../errors.js';
import { systemUserError } from '../system-errors.js';

/** Longest failure message kept (it goes into every report). */
const MAX_MESSAGE = 500;

/**
 * True for errors about the run rather than one account (usage, configuration, credentials, the output
 * folder, the file system): those stop the run. Anything else fails only the account it happened in.
 */
export function stopsTheRun(error: unknown): boolean {
  if (error instanceof UserError || error instanceof CredentialsError || error instanceof LinkedPathError) return true;
  if (error instanceof RuleLoadError || error instanceof RuleConfigError) return true;
  return systemUserError(error) !== undefined;
}

/** The failure record of one account, with a one-line, bounded message. */
export function accountFailure(
  target: { id: string; name?: string | undefined },
  stage: FailedAccount['stage'],
  error: unknown,
): FailedAccount {
  const raw = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const flat = raw.replace(/\s+/g, ' ').trim();
  const message = flat.length > MAX_MESSAGE ? `${flat.slice(0, MAX_MESSAGE - 1)}…` : flat;
  return { accountId: target.id, ...(target.name ? { accountName: target.name } : {}), stage, message };
}
