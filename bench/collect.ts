/**
 * Collect benchmark (issue 2): the max-size account served by the emulator at a fixed latency per request,
 * collected by `collectAccount` and listed by the official SDK (`cloudflare`) in the same run.
 */
import Cloudflare from 'cloudflare';
import { createClient, type CloudflareClient } from '../src/client/index.js';
import { DEFAULT_CONCURRENCY } from '../src/client/client.js';
import { collectAccount } from '../src/collectors/index.js';
import { generateAccount, MAX_SIZE_ACCOUNT, type GenerateAccountOptions } from '../src/emulator/generate-account.js';
import { minimumRequestsFor } from '../src/emulator/minimum-requests.js';
import { RESOURCE_TYPES, type ResourceType } from '../src/snapshot/resource-types.js';
import type { Snapshot } from '../src/snapshot/types.js';
import { collectGarbage, formatCount, formatMs, formatRatio, median, round, timed } from './lib/measure.js';
import type { BenchResult } from './lib/report.js';
import { startEmulatorProcess, type RemoteEmulator } from './lib/emulator-process.js';
import { bareListEverything } from './lib/bare-client.js';
import { Agent } from 'undici';

export interface CollectBenchOptions {
  runs?: number;
  latencyMs?: number;
  /** Account size (default: Cloudflare's limits, `MAX_SIZE_ACCOUNT`). */
  size?: GenerateAccountOptions;
}

/** One collection by each client. */
interface Run {
  ms: number;
  requests: number;
  items: number;
}

const TOKEN = 'bench-collect-token';

async function drain<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/**
 * Lists every type the way an SDK user would: each list auto-paginated with `for await` at the default
 * page size, all types at once. Custom pages are also read one by one, because the list omits
 * `custom_html` and our collector reads it, and so is each remotely-managed tunnel's configuration (the
 * tunnels listed once for both): both sides end with the same data.
 */
export function sdkListEverything(client: Cloudflare, account_id: string): Promise<unknown[][]> {
  const access = client.zeroTrust.access;
  const cloudflared = client.zeroTrust.tunnels.cloudflared;
  const tunnels = drain(cloudflared.list({ account_id, is_deleted: false }));
  const lists: Record<ResourceType, () => Promise<unknown[]>> = {
    access_application: () => drain(access.applications.list({ account_id })),
    access_policy: () => drain(access.policies.list({ account_id })),
    access_group: () => drain(access.groups.list({ account_id })),
    identity_provider: () => drain(client.zeroTrust.identityProviders.list({ account_id })),
    service_token: () => drain(access.serviceTokens.list({ account_id })),
    mtls_certificate: () => drain(access.certificates.list({ account_id })),
    mtls_hostname_settings: () => drain(access.certificates.settings.get({ account_id })),
    organization: () => client.zeroTrust.organizations.list({ account_id }).then((org) => [org]),
    saml_certificate_set: () => drain(access.samlCertificates.list({ account_id })),
    idp_federation_grant: () => access.IdPFederationGrants.list({ account_id }),
    gateway_ca: () => drain(access.gatewayCA.list({ account_id })),
    short_lived_ca: () => drain(access.applications.cas.list({ account_id })),
    infrastructure_target: () => drain(access.infrastructure.targets.list({ account_id })),
    access_tag: () => drain(access.tags.list({ account_id })),
    custom_page: async () => {
      const pages = await drain(access.customPages.list({ account_id }));
      return Promise.all(pages.map((page) => access.customPages.get(page.uid!, { account_id })));
    },
    bookmark: () => drain(access.bookmarks.list({ account_id })),
    access_keys: () => access.keys.get({ account_id }).then((keys) => [keys]),
    mcp_server: () => drain(access.aiControls.mcp.servers.list({ account_id })),
    mcp_portal: () => drain(access.aiControls.mcp.portals.list({ account_id })),
    gateway_configuration: () => client.zeroTrust.gateway.configurations.get({ account_id }).then((c) => [c]),
    tunnel: () => tunnels,
    tunnel_configuration: async () => {
      const remote = (await tunnels).filter((t) => t.config_src === 'cloudflare' || (!t.config_src && t.remote_config));
      return Promise.all(remote.map((t) => cloudflared.configurations.get(t.id!, { account_id })));
    },
  };
  return Promise.all(RESOURCE_TYPES.map((type) => lists[type]()));
}

function countItems(snapshot: Snapshot): number {
  return RESOURCE_TYPES.reduce((sum, type) => sum + snapshot.resources[type].length, 0);
}

async function runOurs(emulator: RemoteEmulator, client: CloudflareClient, expectedItems: number): Promise<Run & { byType: Record<string, number> }> {
  await emulator.resetStats();
  collectGarbage();
  {
    const { value, ms } = await timed(() => collectAccount({ client, accountId: emulator.accountId }));
    const problems = RESOURCE_TYPES.filter((type) => value.manifest.coverage[type].status !== 'ok');
    if (problems.length > 0) throw new Error(`collect benchmark: collectAccount did not collect ${problems.join(', ')}; see the emulator and client.`);
    if (value.records.length !== expectedItems) {
      throw new Error(`collect benchmark: collectAccount returned ${value.records.length} resources, the account has ${expectedItems}.`);
    }
    const byType = Object.fromEntries(RESOURCE_TYPES.map((type) => [type, value.manifest.coverage[type].requests]));
    return { ms, requests: (await emulator.stats()).total, items: value.records.length, byType };
  }
}

async function runBare(emulator: RemoteEmulator, dispatcher: Agent, parse: boolean, expected: { items: number; requests: number }): Promise<Run> {
  await emulator.resetStats();
  collectGarbage();
  const accountUrl = `${emulator.url}/accounts/${emulator.accountId}`;
  const { value: items, ms } = await timed(() => bareListEverything({ dispatcher, parse, accountUrl, token: TOKEN }));
  const requests = (await emulator.stats()).total;
  if ((parse && items !== expected.items) || requests !== expected.requests) {
    throw new Error(`collect benchmark: the bare client made ${requests} requests and parsed ${items} resources; expected ${expected.requests} and ${parse ? expected.items : 0}.`);
  }
  return { ms, requests, items };
}

async function runSdk(emulator: RemoteEmulator, expectedItems: number): Promise<Run & { byType: Partial<Record<ResourceType, number>> }> {
  await emulator.resetStats();
  collectGarbage();
  const client = new Cloudflare({ apiToken: TOKEN, baseURL: emulator.url });
  const { value, ms } = await timed(() => sdkListEverything(client, emulator.accountId));
  const items = value.reduce((sum, list) => sum + list.length, 0);
  if (items !== expectedItems) throw new Error(`collect benchmark: the SDK listed ${items} resources, the account has ${expectedItems}.`);
  const stats = await emulator.stats();
  return { ms, requests: stats.total, items, byType: stats.byType };
}

export async function benchCollect(options: CollectBenchOptions = {}): Promise<BenchResult> {
  const runs = options.runs ?? 7;
  const latencyMs = options.latencyMs ?? 50;
  const size = { ...MAX_SIZE_ACCOUNT, ...options.size, seed: 'bench' };
  const account = generateAccount(size);
  const expectedItems = countItems(account);
  const minimum = minimumRequestsFor(account);
  const emulator = await startEmulatorProcess({ account: size, token: TOKEN, faults: { latencyMs } });
  const ours: Awaited<ReturnType<typeof runOurs>>[] = [];
  const sdk: Awaited<ReturnType<typeof runSdk>>[] = [];
  const bare: Run[] = [];
  const transport: Run[] = [];
  const expected = { items: expectedItems, requests: minimum.total };
  // Both clients keep their connection pools across runs, as the SDK's global fetch does: one client of ours for
  // the whole benchmark, one process-wide dispatcher for the SDK.
  const client = createClient({ credentials: { kind: 'token', token: TOKEN }, baseUrl: emulator.url });
  const bareDispatcher = new Agent({ connections: DEFAULT_CONCURRENCY });
  try {
    // One untimed warm-up each (module loading, JIT, first connections), then alternate the two clients
    // so that neither gets a quieter machine.
    await runOurs(emulator, client, expectedItems);
    await runBare(emulator, bareDispatcher, true, expected);
    await runBare(emulator, bareDispatcher, false, expected);
    await runSdk(emulator, expectedItems);
    for (let i = 0; i < runs; i++) {
      ours.push(await runOurs(emulator, client, expectedItems));
      bare.push(await runBare(emulator, bareDispatcher, true, expected));
      transport.push(await runBare(emulator, bareDispatcher, false, expected));
      sdk.push(await runSdk(emulator, expectedItems));
    }
  } finally {
    await client.close();
    await bareDispatcher.close();
    await emulator.close();
  }

  const ourMs = median(ours.map((r) => r.ms));
  const sdkMs = median(sdk.map((r) => r.ms));
  const bareMs = median(bare.map((r) => r.ms));
  const transportMs = median(transport.map((r) => r.ms));
  const ourRequests = Math.max(...ours.map((r) => r.requests));
  const sdkRequests = median(sdk.map((r) => r.requests));
  const extraByType = RESOURCE_TYPES
    .map((type) => ({ type, ours: ours[0]!.byType[type] ?? 0, minimum: minimum.byType[type] }))
    .filter((row) => row.ours !== row.minimum);
  const wallRatio = ourMs / sdkMs;
  // Round trips no client can avoid: a list whose page 1 reveals more pages (or items needing a detail
  // read) costs a second round trip for us; the SDK reads each list's pages one after another.
  const ourRounds = Object.values(minimum.byType).some((n) => n > 1) ? 2 : 1;
  const sdkRounds = Math.max(...Object.values(sdk[0]!.byType).map((n) => n ?? 0));

  return {
    name: 'collect',
    title: 'collect: max-size account from the emulator',
    setup: [
      `${formatCount(expectedItems)} resources (${size.apps} apps × ${size.policiesPerApp} policies, ${size.targets} targets, …), ${latencyMs} ms latency per request`,
      'the emulator runs in its own process (the API is another machine: its CPU time is not the client\'s)',
      `ours: collectAccount with the CLI's default client (concurrency ${DEFAULT_CONCURRENCY}); SDK: cloudflare@7 for-await over every list, default page size, all types via Promise.all`,
      'bare client (reference): the same requests in the same order through undici and nothing else, every body JSON-parsed or (not parsing) only read',
      `1 warm-up + ${runs} timed runs each, alternating; medians reported. Token verification (1 request, every client would need it) not included.`,
    ],
    metrics: [
      { label: 'requests, ours', display: formatCount(ourRequests), value: ourRequests },
      { label: 'requests, minimum', display: formatCount(minimum.total), value: minimum.total },
      { label: 'requests, official SDK', display: formatCount(sdkRequests), value: sdkRequests },
      { label: 'wall time, ours (median)', display: formatMs(ourMs), value: round(ourMs), unit: 'ms' },
      { label: 'wall time, official SDK (median)', display: formatMs(sdkMs), value: round(sdkMs), unit: 'ms' },
      { label: 'wall time ours / SDK', display: formatRatio(wallRatio), value: round(wallRatio, 3) },
      { label: 'wall time, bare client parsing (median)', display: formatMs(bareMs), value: round(bareMs), unit: 'ms' },
      { label: 'wall time bare client parsing / SDK', display: formatRatio(bareMs / sdkMs), value: round(bareMs / sdkMs, 3) },
      { label: 'wall time, bare client not parsing (median)', display: formatMs(transportMs), value: round(transportMs), unit: 'ms' },
      { label: 'wall time bare client not parsing / SDK', display: formatRatio(transportMs / sdkMs), value: round(transportMs / sdkMs, 3) },
      { label: 'speed-up over SDK', display: formatRatio(sdkMs / ourMs), value: round(sdkMs / ourMs, 2) },
    ],
    targets: [
      {
        label: 'requests = minimum', target: formatCount(minimum.total), actual: formatCount(ourRequests), met: ourRequests === minimum.total,
        ...(extraByType.length > 0 ? { note: extraByType.map((r) => `${r.type} ${r.ours} vs ${r.minimum}`).join(', ') } : {}),
      },
      {
        label: 'wall ≤ 1/3 of the SDK', target: `≤ ${formatMs(sdkMs / 3)}`, actual: formatMs(ourMs), met: ourMs <= sdkMs / 3,
        note: `latency floor: ours ${ourRounds} round trips = ${ourRounds * latencyMs} ms, SDK ${sdkRounds} sequential pages = ${sdkRounds * latencyMs} ms; ` +
          `bare client ${formatRatio(bareMs / sdkMs)} parsing, ${formatRatio(transportMs / sdkMs)} not parsing`,
      },
    ],
    details: {
      latency_ms: latencyMs,
      resources: expectedItems,
      minimum_by_type: minimum.byType,
      ours_runs: ours.map((r) => ({ ms: round(r.ms), requests: r.requests })),
      ours_requests_by_type: ours[0]!.byType,
      sdk_runs: sdk.map((r) => ({ ms: round(r.ms), requests: r.requests })),
      bare_parsing_runs: bare.map((r) => round(r.ms)),
      bare_not_parsing_runs: transport.map((r) => round(r.ms)),
      sdk_requests_by_type: sdk[0]!.byType,
    },
  };
}
