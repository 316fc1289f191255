import path from 'node:path';
import { createClient, readAccount, verifyToken, type CloudflareClient, type Credentials } from '../../client/index.js';
import { collectAccount, type CollectProgressEvent } from '../../collectors/index.js';
import { writeSnapshot } from '../../snapshot/write.js';
import { RESOURCE_TYPES } from '../../catalog/resource-types.js';
import { RESOURCE_TYPE_SPECS } from '../../catalog/resource-types.js';
import type { SnapshotManifest } from '../../snapshot/types.js';
import { UserError } from '../errors.js';
import { scrubberFor, secretsOf } from '../scrub.js';
import type { FailedAccount } from '../../renderers/types.js';
import { accountFailure, stopsTheRun } from './account-failure.js';
import type { ProgressReporter } from '../progress.js';
import type { AccountTarget, RunOptions } from '../config/resolve-options.js';
import { realTimer, type Timer } from '../../common/timer.js';

export interface CollectParams {
  targets: AccountTarget[];
  credentials: Credentials;
  baseUrl: string | undefined;
  concurrency: number | undefined;
  requestBudget: number | undefined;
  progress: ProgressReporter;
  /** Folder the snapshot of `target` goes to. */
  snapshotDirFor: (target: AccountTarget) => string;
  now: () => Date;
  /** Bound of the whole collection: then requests stop, what was read is written, the rest is `error`. */
  timeout: RunOptions['timeout'];
  /** Times `timeout` (default: setTimeout). */
  timer?: Timer;
  /** The folder the user chose: no folder between it and a snapshot folder may be a symbolic link. */
  outDir?: string;
  /**
   * Given (and with several accounts): an account that fails is recorded here and the others go on.
   * Otherwise the first failure stops the run.
   */
  failures?: FailedAccount[];
}

export interface AccountSnapshot {
  target: AccountTarget;
  dir: string;
  manifest: SnapshotManifest;
}

/**
 * Verifies the credentials and reads each account, then collects every account concurrently through ONE client
 * (one queue, one request budget) and writes each snapshot. A type that could not be read is in the manifest's
 * coverage, never an exception. At `timeout` the client stops: what was read is written, the rest is `error`.
 */
export async function collectAccounts(params: CollectParams): Promise<AccountSnapshot[]> {
  const { progress } = params;
  const client = createClient({
    credentials: params.credentials,
    ...(params.baseUrl ? { baseUrl: params.baseUrl } : {}),
    ...(params.concurrency ? { concurrency: params.concurrency } : {}),
    ...(params.requestBudget ? { budget: params.requestBudget } : {}),
    log: (line) => progress.detail(line),
  });
  const cancelTimeout = (params.timer ?? realTimer)(params.timeout.ms, () => {
    progress.warn(
      `--timeout ${params.timeout.label} reached: collection stops; what was read is written, ` +
        'the types not finished are incomplete.',
    );
    client.stop(`stopped by --timeout ${params.timeout.label} before it finished`);
  });
  try {
    await verifyCredentials(client, params.targets[0]!.id, progress);
    await checkAccounts(client, params.targets, progress);
    for (const target of params.targets) {
      progress.expect(
        RESOURCE_TYPES.length +
          target.zones.length * RESOURCE_TYPES.filter((t) => RESOURCE_TYPE_SPECS[t].zoneScoped).length,
      );
    }
    const scrub = scrubberFor([...secretsOf(params.credentials)]);
    const isolate = params.failures !== undefined && params.targets.length > 1;
    const snapshots = await Promise.all(
      params.targets.map(async (target): Promise<AccountSnapshot | undefined> => {
        try {
          const collected = await collectAccount({
            client,
            accountId: target.id,
            zoneIds: target.zones,
            onProgress: progressListener(target.id, progress),
            now: params.now,
          });
          if (collected.problem !== undefined) {
            throw new UserError(
              'input',
              'account {account}: {problem}.',
              { account: target.id, problem: collected.problem },
              'Check --account and CLOUDFLARE_BASE_URL (unset it for the public API, https://api.cloudflare.com/client/v4).',
            );
          }
          const dir = params.snapshotDirFor(target);
          const written = await writeSnapshot(dir, collected.manifest, collected.records, {
            ...(params.outDir === undefined ? {} : { root: params.outDir }),
            scrub,
          });
          for (const warning of written.warnings) progress.warn(`account ${target.id}: ${warning}`);
          progress.detail(`snapshot of account ${target.id} written to ${dir}`);
          return { target, dir, manifest: written.manifest };
        } catch (error) {
          if (!isolate || stopsTheRun(error)) throw error;
          const failure = accountFailure(target, 'collect', error);
          params.failures!.push(failure);
          progress.warn(`account ${target.id} could not be collected: ${failure.message}`);
          return undefined;
        }
      }),
    );
    return snapshots.filter((s): s is AccountSnapshot => s !== undefined);
  } finally {
    cancelTimeout();
    await client.close();
  }
}

/**
 * Reads every account before collecting: a wrong id or a token without access to the account is one line and
 * exit 2, not a 403/404 on every type.
 */
async function checkAccounts(
  client: CloudflareClient,
  targets: AccountTarget[],
  progress: ProgressReporter,
): Promise<void> {
  const reads = await Promise.all(
    targets.map(async (target) => ({ target, read: await readAccount(client, target.id) })),
  );
  for (const { target, read } of reads) {
    progress.detail(read.message);
    if (read.status === 'denied') {
      throw new UserError(
        'auth',
        "the token cannot read account {account}{http}: check the id and the token's account scope " +
          '(reading the account needs "Account Settings Read", see the README).',
        { account: target.id, http: read.http_status === undefined ? '' : ` (HTTP ${read.http_status})` },
      );
    }
    if (read.status === 'unreachable') {
      throw new UserError(
        'auth',
        'cannot read account {account} at {baseUrl}: {message}',
        { account: target.id, baseUrl: client.baseUrl, message: read.message },
        'Check the network and CLOUDFLARE_BASE_URL (unset it for the public API).',
      );
    }
  }
}

async function verifyCredentials(
  client: CloudflareClient,
  accountId: string,
  progress: ProgressReporter,
): Promise<void> {
  const verification = await verifyToken(client, accountId);
  progress.detail(verification.message);
  if (verification.ok) return;
  if (verification.status === 'unreachable') {
    throw new UserError(
      'auth',
      'cannot reach the Cloudflare API at {baseUrl} to verify the token: {message}',
      {
        baseUrl: client.baseUrl,
        message: verification.message,
      },
      'Check the network and CLOUDFLARE_BASE_URL (unset it for the public API).',
    );
  }
  const http = verification.http_status === undefined ? '' : ` (HTTP ${verification.http_status})`;
  throw new UserError(
    'auth',
    'the API token is {status}{http}: create a read-only token with the permissions in the README table ' +
      '("Scanning a real account") and put it in CLOUDFLARE_API_TOKEN.',
    { status: verification.status === 'invalid' ? 'not valid' : verification.status, http },
  );
}

/** Turns collector events into per-type progress lines. */
function progressListener(account: string, progress: ProgressReporter): (event: CollectProgressEvent) => void {
  const state = new Map<string, { requests: number; retries: number; items: number }>();
  return (event) => {
    const scope = event.scope.kind === 'account' ? 'account' : event.scope.id;
    const key = `${scope}/${event.type}`;
    const entry = state.get(key) ?? { requests: 0, retries: 0, items: 0 };
    state.set(key, entry);
    if (event.kind === 'page') {
      entry.requests++;
      entry.items += event.items;
    } else if (event.kind === 'retry') {
      entry.requests++;
      entry.retries++;
      progress.detail(
        `retry ${event.type} ${event.endpoint}: ${event.reason}${event.status ? ` (HTTP ${event.status})` : ''}, ` +
          `waiting ${event.delayMs} ms`,
      );
    }
    if (event.kind === 'done') {
      progress.update({
        account,
        scope,
        type: event.type,
        requests: event.coverage.requests,
        retries: entry.retries,
        items: event.coverage.count,
        status: event.coverage.status,
        ...(event.coverage.message ? { message: event.coverage.message } : {}),
      });
    } else {
      progress.update({ account, scope, type: event.type, ...entry });
    }
  };
}

/** Where each account's snapshot goes inside a scan's output folder. */
export function scanSnapshotDir(outDir: string, targets: AccountTarget[], target: AccountTarget): string {
  return targets.length === 1 ? path.join(outDir, 'snapshot') : path.join(outDir, 'snapshots', target.id);
}
