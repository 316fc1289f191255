/**
 * Tunnels for the synthetic account: every fifth one locally managed (no remote configuration), the others
 * remotely managed, each publishing 1 to 3 hostnames plus the catch-all rule. A hostname is an Access
 * application's domain (some also with `originRequest.access.required`) or a host no application covers.
 */

type Item = Record<string, unknown>;

export interface TunnelContext {
  accountId: string;
  /** Access applications generated so far (their `domain` and `aud` are reused). */
  applications: readonly Item[];
  /** The Zero Trust team name (`<team>.cloudflareaccess.com`). */
  teamName: string;
  rand: () => number;
  pick: <T>(list: readonly T[]) => T;
  id: (kind: string, n: number) => string;
  stamp: (n: number) => { created_at: string; updated_at: string };
  teams: readonly string[];
  services: readonly string[];
}

const STATUSES = ['healthy', 'healthy', 'healthy', 'degraded', 'down', 'inactive'] as const;
const ORIGINS = ['http://localhost:8080', 'http://localhost:3000', 'https://10.0.4.12:8443', 'http://web.internal:80'];

export function generateTunnels(count: number, ctx: TunnelContext): { tunnels: Item[]; configurations: Item[] } {
  const { rand, pick } = ctx;
  const protectable = ctx.applications.filter(
    (app) => app['type'] === 'self_hosted' && typeof app['domain'] === 'string',
  );
  const tunnels: Item[] = [];
  const configurations: Item[] = [];
  const published = new Set<string>(); // a hostname routes to one tunnel (its DNS record names the tunnel)
  for (let i = 0; i < count; i += 1) {
    const tunnelId = ctx.id('tunnel', i);
    const remote = i % 5 !== 4;
    const status = pick(STATUSES);
    const { created_at, updated_at } = ctx.stamp(i);
    tunnels.push({
      id: tunnelId,
      account_tag: ctx.accountId,
      created_at,
      deleted_at: null,
      name: `${pick(ctx.teams)}-tunnel-${i}`,
      connections: [],
      conns_active_at: status === 'inactive' ? null : updated_at,
      conns_inactive_at: status === 'healthy' || status === 'degraded' ? null : updated_at,
      tun_type: 'cfd_tunnel',
      metadata: {},
      status,
      remote_config: remote,
      config_src: remote ? 'cloudflare' : 'local',
    });
    if (!remote) continue;
    const ingress: Item[] = [];
    for (let k = 0, rules = 1 + Math.floor(rand() * 3); k < rules; k += 1) {
      const choice = rand();
      const candidate = protectable.length > 0 && choice < 0.65 ? pick(protectable) : undefined;
      const app = candidate && !published.has(String(candidate['domain'])) ? candidate : undefined;
      const hostname = app
        ? String(app['domain'])
        : `${pick(ctx.services)}-direct-${i}-${k}.${pick(ctx.teams)}.example.com`;
      published.add(hostname);
      const originRequest =
        app && choice < 0.15
          ? { access: { required: true, teamName: ctx.teamName, audTag: [String(app['aud'])] } }
          : {};
      ingress.push({ hostname, service: pick(ORIGINS), originRequest });
    }
    ingress.push({ service: 'http_status:404' });
    configurations.push({
      tunnel_id: tunnelId,
      account_id: ctx.accountId,
      version: 1 + (i % 7),
      source: 'cloudflare',
      created_at: updated_at,
      config: { ingress },
    });
  }
  return { tunnels, configurations };
}
