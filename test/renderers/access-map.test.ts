import { describe, expect, it } from 'vitest';
import { CLASS_LABELS } from '../../src/reach/classes.js';
import {
  FindingLinker,
  accessMap,
  anchorsWith,
  recordingRenames,
  rowAnchor,
  rowRefs,
  uniqueRowAnchors,
} from '../../src/renderers/access-map.js';
import { HtmlPagePlan } from '../../src/renderers/html-view-model.js';
import type { AccountReport } from '../../src/renderers/types.js';
import { ACCOUNT_ID, XSS, makeAccount, makeInput, makeManifest, makeResult } from './fixtures.js';
import { OKTA, OTP, exposingResult, makeReach, makeReachInput } from './reach-fixtures.js';

function reachAccount() {
  return makeReachInput().accounts[0]!;
}

/** Each account's map, its rows anchored one account after another as the page does. */
function mapsOf(accounts: AccountReport[]) {
  const used = new Set<string>();
  return accounts.map((account) => accessMap(account, rowRefs(account, uniqueRowAnchors(used, account.accountId))));
}

/** A linker and the links of one account's findings. */
function linkerOf(account: AccountReport) {
  const linker = new FindingLinker();
  return { linker, linksOf: linker.account(rowRefs(account, rowAnchor)) };
}

describe('accessMap', () => {
  it('lists every resource once, broadest class first, then type, name and id', () => {
    const [map] = mapsOf([reachAccount()]);
    expect(map!.rows.map((r) => [r.cls.key, r.typeLabel, r.name])).toEqual([
      ['internet', 'Application', 'Grafana'],
      ['any_email', 'Application', XSS],
      ['email_domain', 'Application', 'AI Tools Portal'],
      ['email_domain', 'MCP server', 'Internal tools'],
      ['named', 'Application', 'Production servers (SSH)'],
      ['named', 'Application', 'wiki'],
      ['named', 'Target', 'db-01'],
      ['nobody', 'MCP portal', 'Support AI portal'],
    ]);
    expect(map!.total).toBe(8);
    expect(map!.rows[0]!.cls).toEqual({ key: 'internet', label: CLASS_LABELS.internet, rank: 0 });
    expect(map!.rows[0]!.hosts).toBe('grafana.example.com metrics.example.com/api');
  });

  it('gives each row a stable anchor by type and id, unique across accounts', () => {
    const other = 'b'.repeat(32);
    const second = makeAccount({ accountId: other, manifest: makeManifest({}, other), reach: makeReach().slice(0, 2) });
    const maps = mapsOf([reachAccount(), second]);
    const anchors = maps.flatMap((m) => m.rows.map((r) => r.anchor));
    expect(maps[0]!.anchor).toBe(`access-map-${ACCOUNT_ID}`);
    expect(anchors).toContain('reach-app-app-grafana');
    expect(anchors).toContain('reach-target-tgt-db');
    expect(anchors).toContain('reach-mcp-server-srv-tools');
    expect(anchors).toContain('reach-mcp-portal-portal-support');
    expect(anchors).toContain(`reach-target-tgt-db-${other}`);
    expect(new Set(anchors).size).toBe(anchors.length);
    expect(anchors.every((a) => /^[A-Za-z0-9_-]+$/.test(a))).toBe(true);
  });

  it('shows an application’s ways (decision, policy, identity, conditions, IdPs by name) and dead policies', () => {
    const grafana = mapsOf([reachAccount()])[0]!.rows[0]!;
    expect(grafana.details).toBe('2 ways in · 1 dead policy');
    expect(grafana.via).toEqual([]);
    expect(grafana.ways.map((w) => [w.decision, w.policy, w.cls.key, w.idps, w.exceptions])).toEqual([
      ['Bypass', 'Public health checks', 'internet', '', false],
      ['Allow', 'Staff', 'named', 'Okta Workforce, One-time PIN', true],
    ]);
    expect(grafana.ways[1]).toMatchObject({
      who: "Okta group 'engineering' at Okta Workforce",
      conditions: 'authentication method mfa',
      through: null,
    });
    expect(grafana.dead).toEqual([
      {
        policy: 'SRE only',
        decision: 'Allow',
        reason: 'shadowed',
        detail: "policy 'Public health checks' is evaluated first and decides for everyone it admits",
      },
    ]);
  });

  it('links a target to the application it gets in through instead of repeating that application’s ways', () => {
    const rows = mapsOf([reachAccount()])[0]!.rows;
    const target = rows.find((r) => r.name === 'db-01')!;
    expect(target.hosts).toBe('');
    expect(target.ways).toEqual([]);
    expect(target.details).toBeNull();
    expect(target.via).toEqual([
      {
        link: { anchor: 'reach-app-app-ssh', name: 'Production servers (SSH)', word: 'application' },
        ways: '2 ways in',
        cls: null,
      },
    ]);
    const narrower = makeReach().find((r) => r.id === 'tgt-db')!;
    const others = makeReach().filter((r) => r.id !== 'tgt-db');
    const account = makeAccount({ reach: [...others, { ...narrower, broadest: 'internet' }] });
    const mixed = mapsOf([account])[0]!.rows.find((r) => r.name === 'db-01')!;
    expect(mixed.via[0]!.cls).toEqual({ key: 'named', label: CLASS_LABELS.named, rank: 5 });
    const server = rows.find((r) => r.name === 'Internal tools')!;
    expect(server.via.map((v) => [v.link.word, v.link.anchor, v.ways])).toEqual([
      ['MCP portal', null, ''],
      ['application', 'reach-app-app-portal', '1 way in'],
    ]);
    const portal = rows.find((r) => r.name === 'Support AI portal')!;
    expect(portal).toMatchObject({ via: [], ways: [], details: null });
    expect(portal.notes).toEqual(['no Access application of type mcp_portal covers this portal hostname']);
  });

  it('keeps a way inline, with its carrier named, when the carrier has no row', () => {
    const account = makeAccount({ reach: makeReach().filter((r) => r.id !== 'app-ssh') });
    const target = mapsOf([account])[0]!.rows.find((r) => r.name === 'db-01')!;
    expect(target.ways).toHaveLength(2);
    expect(target.ways[0]!.through).toEqual({ anchor: null, name: 'Production servers (SSH)', word: 'application' });
    expect(target.via).toEqual([
      { link: { anchor: null, name: 'Production servers (SSH)', word: 'application' }, ways: '', cls: null },
    ]);
    expect(target.details).toBe('2 ways in');
    expect(target.ways[1]!.idps).toBe('');
    expect(target.ways[0]!.idps).toBe(OKTA);
  });

  it('offers class and type filters with counts, broadest class first', () => {
    const map = mapsOf([reachAccount()])[0]!;
    expect(map.classes.map((c) => [c.value, c.count])).toEqual([
      ['internet', 1],
      ['any_email', 1],
      ['email_domain', 2],
      ['named', 3],
      ['nobody', 1],
    ]);
    expect(map.classes[0]!.label).toBe(CLASS_LABELS.internet);
    expect(map.types.map((t) => [t.value, t.label, t.count])).toEqual([
      ['app', 'Applications', 5],
      ['target', 'Targets', 1],
      ['mcp-server', 'MCP servers', 1],
      ['mcp-portal', 'MCP portals', 1],
    ]);
  });

  it('counts the failing findings on each resource', () => {
    const rows = mapsOf([reachAccount()])[0]!.rows;
    expect(rows.find((r) => r.id === 'app-1')!.findings).toBe(3);
    expect(rows.find((r) => r.id === 'app-grafana')!.findings).toBe(0);
  });

  it('makes no map for an account without reach, and an empty one for an account with none', () => {
    expect(new HtmlPagePlan(makeInput({ accounts: [makeAccount()] })).accessMap(0)).toBeNull();
    const empty = new HtmlPagePlan(makeInput({ accounts: [makeAccount({ reach: [] })] })).accessMap(0);
    expect(empty).toMatchObject({ total: 0, rows: [], classes: [] });
  });
});

describe('row anchors', () => {
  it('records only the anchors another account took first, and gives every anchor again from them', () => {
    const other = 'b'.repeat(32);
    const reach = [...makeReach(), { ...makeReach()[0]!, id: 'app-only-here' }];
    const second = makeAccount({ accountId: other, manifest: makeManifest({}, other), reach });
    const used = new Set<string>();
    rowRefs(reachAccount(), uniqueRowAnchors(used, ACCOUNT_ID));
    const renamed = new Map<string, string>();
    const first = rowRefs(second, recordingRenames(uniqueRowAnchors(used, other), renamed));
    expect(renamed.size).toBeGreaterThan(0);
    expect(renamed.size).toBeLessThan(first.size);
    expect([...renamed.values()].every((anchor) => anchor.endsWith(`-${other}`))).toBe(true);
    expect(first.get(`${reach.at(-1)!.type}\u0000app-only-here`)?.anchor).toBe(
      rowAnchor(reach.at(-1)!.type, 'app-only-here'),
    );
    expect(rowRefs(second, anchorsWith(renamed))).toEqual(first);
  });
});

describe('FindingLinker', () => {
  it('links a finding to its own row and to the rows of what it exposes, in one shared table', () => {
    const { linker, linksOf } = linkerOf(reachAccount());
    const own = linksOf(makeResult({ resource_id: 'app-1' }));
    expect(own).toEqual({ o: 0 });
    const exposing = linksOf(exposingResult());
    expect(exposing.o).toBeUndefined();
    expect(exposing.k).toEqual([1, 2, 3]);
    expect(linker.take()).toEqual([
      { a: 'reach-app-app-1', n: 'wiki', t: 'application' },
      { a: 'reach-app-app-grafana', n: 'Grafana', t: 'application' },
      { a: 'reach-app-app-ssh', n: 'Production servers (SSH)', t: 'application' },
      { a: 'reach-target-tgt-db', n: 'db-01', t: 'target' },
    ]);
    // The same row is not added twice.
    expect(linksOf(makeResult({ resource_id: 'app-1', rule_id: 'other' }))).toEqual({ o: 0 });
    expect(linker.take()).toEqual([]);
  });

  it('names exposed resources that have no row without a link, and caps the links', () => {
    const { linker, linksOf } = linkerOf(reachAccount());
    const many = Array.from({ length: 60 }, (_, i) => ({
      type: 'infrastructure_target' as const,
      id: `t-${i}`,
      name: `t${i}`,
    }));
    const idp = makeResult({ resource_type: 'identity_provider', resource_id: OTP, exposes: many });
    const links = linksOf(idp);
    expect(links.k).toHaveLength(50);
    expect(links.kn).toBe(60);
    expect(linker.take()[0]).toEqual({ n: 't0', t: 'target' });
  });

  it('does not link a finding of an account without reach', () => {
    const { linker, linksOf } = linkerOf(makeAccount());
    expect(linksOf(exposingResult())).toEqual({ k: [0, 1, 2] });
    expect(linker.take().every((l) => l.a === undefined)).toBe(true);
  });

  it("links each account's findings to that account's rows only, in one table for the page", () => {
    const other = 'b'.repeat(32);
    const second = makeAccount({ accountId: other, manifest: makeManifest({}, other), reach: makeReach() });
    const used = new Set<string>();
    const linker = new FindingLinker();
    const first = linker.account(rowRefs(reachAccount(), uniqueRowAnchors(used, ACCOUNT_ID)));
    const next = linker.account(rowRefs(second, uniqueRowAnchors(used, other)));
    const finding = makeResult({ resource_id: 'app-1' });
    expect(first(finding)).toEqual({ o: 0 });
    expect(next(finding)).toEqual({ o: 1 });
    expect(first(finding)).toEqual({ o: 0 });
    expect(linker.take().map((l) => l.a)).toEqual(['reach-app-app-1', `reach-app-app-1-${other}`]);
  });
});
