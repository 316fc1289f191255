import path from 'node:path';
import { createClient, verifyToken, type CloudflareClient, type Credentials } from '../../client/index.js';
import { collectAccount, type CollectProgressEvent } from '../../collectors/index.js';
import { writeSnapshot } from '../../snapshot/write.js';
import { RESOURCE_TYPES } from '../../snapshot/resource-types.js';
import { RESOURCE_TYPE_SPECS } from '../../snapshot/resource-types.js';
import type { SnapshotManifest } from '../../snapshot/types.js';
import { UserError } from '../errors.js';
import type { ProgressReporter } from '../progress.js';
import type { AccountTarget } from '../config/resolve-options.js';

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
}

export interface AccountSnapshot {
  target: AccountTarget;
  dir: string;
  manifest: SnapshotManifest;
}

/**
 * Verifies the credentials, then collects every account concurrently through ONE client (one queue,
 * one request budget) and writes each snapshot. A type that could not be read is in the manifest's
 * coverage, never an exception.
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
  try {
    await verifyCredentials(client, params.targets[0]!.id, progress);
    for (const target of params.targets) {
      progress.expect(RESOURCE_TYPES.length + target.zones.length * RESOURCE_TYPES.filter((t) => RESOURCE_TYPE_SPECS[t].zoneScoped).length);
    }
    return await Promise.all(params.targets.map(async (target) => {
      const collected = await collectAccount({
        client,
        accountId: target.id,
        zoneIds: target.zones,
        onProgress: progressListener(target.id, progress),
        now: params.now,
      });
      const dir = params.snapshotDirFor(target);
      await writeSnapshot(dir, collected.manifest, collected.records);
      progress.detail(`snapshot of account ${target.id} written to ${dir}`);
      return { target, dir, manifest: collected.manifest };
    }));
  } finally {
    await client.close();
  }
}

async function verifyCredentials(client: CloudflareClient, accountId: string, progress: ProgressReporter): Promise<void> {
  const verification = await verifyToken(client, accountId);
  progress.detail(verification.message);
  if (verification.ok) return;
  if (verification.status === 'unreachable') {
    throw new UserError('auth', 'cannot reach the Cloudflare API at {baseUrl} to verify the token: {message}', {
      baseUrl: client.baseUrl, message: verification.message,
    }, 'Check the network and CLOUDFLARE_BASE_URL (unset it for the public API).');
  }
  const http = verification.http_status === undefined ? '' : ` (HTTP ${verification.http_status})`;
  throw new UserError('auth',
    'the API token is {status}{http}: create a read-only token with the permissions in the README table ' +
      '("Scanning a real account") and put it in CLOUDFLARE_API_TOKEN.',
    { status: verification.status === 'invalid' ? 'not valid' : verification.status, http });
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
      progress.detail(`retry ${event.type} ${event.endpoint}: ${event.reason}${event.status ? ` (HTTP ${event.status})` : ''}, waiting ${event.delayMs} ms`);
    }
    if (event.kind === 'done') {
      progress.update({
        account, scope, type: event.type, requests: event.coverage.requests, retries: entry.retries,
        items: event.coverage.count, status: event.coverage.status,
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
