import { describe, expect, it } from 'vitest';
import { anchorFor } from '../../src/renderers/anchors.js';
import { buildChart } from '../../src/renderers/html-charts.js';
import { buildHtmlViewModel } from '../../src/renderers/html-view-model.js';
import type { Severity } from '../../src/engine/types.js';
import { ACCOUNT_ID, makeAccount, makeInput, makeManifest, makeResult, makeRichInput } from './fixtures.js';
import { makeReach, makeReachInput } from './reach-fixtures.js';

describe('buildHtmlViewModel', () => {
  it('counts results by status, failing findings by severity and resource type, and results per control', () => {
    const vm = buildHtmlViewModel(makeRichInput());
    expect(Object.fromEntries(vm.tiles.map((t) => [t.key, t.count]))).toEqual({
      fail: 5,
      suppressed: 1,
      error: 1,
      unknown: 1,
      pass: 1,
      not_applicable: 1,
    });
    expect(vm.findingCount).toBe(5);
    expect(vm.charts).toHaveLength(2);
    const [severity, types] = vm.charts;
    expect(severity!.rows.map((r) => [r.label, r.count])).toEqual([
      ['Critical', 0],
      ['High', 1],
      ['Medium', 2],
      ['Low', 1],
      ['Info', 1],
    ]);
    expect(types!.rows.map((r) => [r.label, r.count])).toEqual([
      ['Access applications', 4],
      ['Service tokens', 1],
    ]);
    // http-only (2 fails) maps to all four; session-duration (1) to NIST + ISO; service-token (1) to CIS; info rule to
    // none.
    // Controls in natural order (AC-3 before AC-12); a control fails when a rule fails, else is unknown when one is.
    expect(vm.compliance.map((f) => [f.label, f.controls.map((c) => `${c.control}:${c.verdict}`)])).toEqual([
      ['NIST SP 800-53', ['AC-3:unknown', 'AC-12:fail', 'SC-23:fail']],
      ['CIS Controls v8', ['5.3:fail', '16.1:fail']],
      ['ISO/IEC 27001', ['A.8.5:fail', 'A.8.26:fail']],
      ['SOC 2', ['CC6.1:fail']],
    ]);
    expect(vm.compliance.map((f) => [f.failing, f.unknown, f.passing, f.untested])).toEqual([
      [2, 1, 0, 0],
      [2, 0, 0, 0],
      [2, 0, 0, 0],
      [1, 0, 0, 0],
    ]);
    const nist = vm.compliance.find((f) => f.key === 'nist-800-53')!;
    for (const control of nist.controls) {
      const sum = control.rules.reduce((n, r) => n + r.fail, 0);
      expect(control.fail, control.control).toBe(sum);
    }
    expect(nist.controls.some((c) => c.verdict === 'fail')).toBe(true);
  });

  it('shows coverage per account with why and the permission to add for types not collected', () => {
    const vm = buildHtmlViewModel(makeRichInput());
    const account = vm.accounts[0]!;
    expect(account.complete).toBe(false);
    expect(account.problemCount).toBe(1);
    expect(account.coverage).toHaveLength(22);
    const policy = account.coverage.find((c) => c.type === 'access_policy')!;
    expect(policy).toMatchObject({ ok: false, status: 'forbidden', permission: 'Access: Apps and Policies Read' });
    expect(policy.why).toContain('HTTP 403');
    expect(policy.why).toContain('The token lacks access to reusable policies.');
    expect(account.coverage.find((c) => c.type === 'access_application')).toMatchObject({
      ok: true,
      permission: '',
      why: '',
    });
    expect(account.expiredSuppressions).toEqual([
      { rule: 'service-token-expiry', resource: 'tok-9', reason: 'rotation', expires: '31 Dec 2025' },
    ]);
  });

  it('shows a feature the account lacks (404) as absent: complete collection, no permission to add', () => {
    const manifest = makeManifest({
      mcp_server: { status: 'not_collected', count: 0, requests: 1, http_status: 404, message: 'not enabled' },
    });
    const account = buildHtmlViewModel(makeInput({ accounts: [makeAccount({ manifest })] })).accounts[0]!;
    expect(account.complete).toBe(true);
    expect(account.problemCount).toBe(0);
    expect(account.coverage.find((c) => c.type === 'mcp_server')).toMatchObject({
      ok: false,
      incomplete: false,
      tone: 'absent',
      permission: '',
      why: 'HTTP 404 · not enabled',
    });
  });

  it('lists zone coverage after the account types', () => {
    const manifest = makeManifest();
    manifest.zone_coverage = {
      zone1: { access_application: { status: 'forbidden', count: 0, requests: 1, http_status: 403 } },
    };
    const vm = buildHtmlViewModel(makeInput({ accounts: [makeAccount({ manifest })] }));
    const last = vm.accounts[0]!.coverage.at(-1)!;
    expect(last).toMatchObject({ scope: 'zone zone1', type: 'access_application', ok: false });
  });

  it(
    'embeds the results that need attention as compact rows, most severe first, with fixed baseline findings ' +
      'flagged',
    () => {
      const input = makeRichInput();
      input.baseline = { source: 'b.json' };
      input.accounts[0]!.fixedSinceBaseline = [makeResult({ resource_id: 'gone', baseline_state: 'absent' })];
      const vm = buildHtmlViewModel(input);
      const rows = vm.data.findings;
      // Pass and not-applicable are counted per rule, not listed.
      expect(rows).toHaveLength(9);
      expect(rows.some((r) => r.s === 'pass' || r.s === 'not_applicable')).toBe(false);
      expect(vm.passingCounted).toBe(2);
      expect(buildHtmlViewModel({ ...input, includePassing: true }).data.findings).toHaveLength(11);
      expect(rows[0]).toMatchObject({ s: 'unknown', v: 'critical', i: '*', n: 'All access policies' });
      expect(rows.at(-1)).toMatchObject({ i: 'gone', b: 'fixed', s: 'fail' });
      const suppressed = rows.find((r) => r.s === 'suppressed')!;
      expect(suppressed).toMatchObject({ x: 'Kiosk app, replaced in Q2 (JIRA SEC-42)', xe: '2026-06-30' });
      // The snapshot file is left out when it is `<type>/<id>.json` (the page derives it), kept otherwise,
      // '' when none.
      expect(suppressed).not.toHaveProperty('f');
      expect(rows[0]).toMatchObject({ i: '*', f: '' });
      const embedded = makeResult({
        resource_type: 'access_policy',
        resource_id: 'pol-1',
        file: 'access_application/app-1.json',
      });
      const files = buildHtmlViewModel(makeInput({ accounts: [makeAccount({ results: [embedded] })] })).data.findings;
      expect(files[0]!.f).toBe('access_application/app-1.json');
      expect(vm.data.rules[rows[1]!.r]!.id).toBe('access-application-session-duration');
      // Evidence is apart from the rows, by index: 0 when there is none.
      expect(rows.some((r) => 'e' in r)).toBe(false);
      expect(vm.evidence).toHaveLength(rows.length);
      expect(vm.evidence[rows.indexOf(suppressed)]).toEqual([{ path: 'session_duration', value: '168h' }]);
      const listed = buildHtmlViewModel({ ...input, includePassing: true });
      expect(listed.evidence[listed.data.findings.findIndex((r) => r.s === 'pass')]).toBe(0);
      expect(vm.baseline).toEqual({ source: 'b.json', new: 0, unchanged: 0, fixed: 1 });
    },
  );

  it('keeps results of rules missing from the catalog visible', () => {
    const vm = buildHtmlViewModel(
      makeInput({ accounts: [makeAccount({ results: [makeResult({ rule_id: 'custom-rule' })] })] }),
    );
    const row = vm.data.findings[0]!;
    expect(vm.data.rules[row.r]).toMatchObject({ id: 'custom-rule', title: 'custom-rule' });
  });

  it('orders accounts by id and offers filter options only for present resource types', () => {
    const other = 'f'.repeat(32);
    const vm = buildHtmlViewModel(
      makeInput({
        accounts: [
          makeAccount({ accountId: other, accountName: undefined, results: [] }),
          makeAccount({ results: [makeResult()] }),
        ],
      }),
    );
    expect(vm.multiAccount).toBe(true);
    expect(vm.accounts.map((a) => a.id)).toEqual([ACCOUNT_ID, other]);
    expect(vm.filters.accounts.map((a) => a.label)).toEqual([`Example Corp (${ACCOUNT_ID})`, other]);
    expect(vm.filters.accounts.map((a) => a.value)).toEqual([ACCOUNT_ID, other]);
    expect(vm.filters.types.map((t) => t.value)).toEqual(['access_application']);
    expect(vm.data.findings[0]!.a).toBe(0);
  });

  it('tells the worst open findings over every account, in the one result order, and counts them all', () => {
    const account = (id: string, severities: Severity[]) =>
      makeAccount({
        accountId: id,
        accountName: `Account ${id[0]}`,
        manifest: makeManifest({}, id),
        results: severities.map((severity, i) =>
          makeResult({ severity, account_id: id, resource_id: `app-${i}`, message: `${id[0]} ${severity} ${i}` }),
        ),
      });
    const vm = buildHtmlViewModel(
      makeInput({
        accounts: [
          account('c'.repeat(32), ['low', 'critical', 'medium', 'medium']),
          account('a'.repeat(32), ['high', 'medium', 'medium', 'medium', 'medium', 'medium', 'medium']),
          account('b'.repeat(32), ['info', 'medium', 'critical']),
        ],
      }),
    );
    expect(vm.verdict.top.map((t) => `${t.message} · ${t.account}`)).toEqual([
      'b critical 2 · Account b',
      'c critical 1 · Account c',
      'a high 0 · Account a',
      'a medium 1 · Account a',
      'a medium 2 · Account a',
    ]);
    expect(vm.verdict.more).toBe(14 - 5);
    expect(vm.verdict.headline).toBe('14 open findings, the worst critical.');
  });

  it('drops non-http references from the rule reference', () => {
    const input = makeInput();
    input.rules[0]!.references = ['https://developers.cloudflare.com/x', 'javascript:alert(1)'];
    const rule = buildHtmlViewModel(input).rules.find((r) => r.id === input.rules[0]!.id)!;
    expect(rule.references).toEqual(['https://developers.cloudflare.com/x']);
  });
});

describe('buildHtmlViewModel with reach', () => {
  it('counts resources per broadest class and type for the summary, over every account', () => {
    const input = makeReachInput();
    const other = 'b'.repeat(32);
    const reach = makeReach().slice(0, 2);
    input.accounts.push(makeAccount({ accountId: other, manifest: makeManifest({}, other), reach }));
    const vm = buildHtmlViewModel(input);
    expect(vm.exposure!.columns).toEqual(['Applications', 'Targets', 'MCP servers', 'MCP portals']);
    expect(vm.exposure!.rows.map((r) => [r.cls.key, r.counts, r.total])).toEqual([
      ['internet', [1, 0, 0, 0], 1],
      ['any_email', [1, 0, 0, 0], 1],
      ['any_idp_user', [0, 0, 0, 0], 0],
      ['public_email_domain', [0, 0, 0, 0], 0],
      ['email_domain', [1, 0, 1, 0], 2],
      ['named', [2, 2, 0, 0], 4],
      ['service_token', [0, 0, 0, 0], 0],
      ['condition_only', [0, 0, 0, 0], 0],
      ['nobody', [0, 0, 0, 2], 2],
    ]);
    expect(vm.exposure!.total).toBe(10);
    expect(vm.exposure!.target).toBe('access');
    expect(vm.accessMaps.map((m) => m.total)).toEqual([8, 2]);
  });

  it('points the summary at the only access map, and has neither without reach', () => {
    expect(buildHtmlViewModel(makeReachInput()).exposure!.target).toBe(`access-map-${ACCOUNT_ID}`);
    const plain = buildHtmlViewModel(makeRichInput());
    expect(plain.exposure).toBeNull();
    expect(plain.accessMaps).toEqual([]);
    expect(plain.data.reach).toEqual([]);
  });

  it('links findings to their own access map row and to the rows of what they expose', () => {
    const vm = buildHtmlViewModel(makeReachInput());
    const rows = vm.data.findings;
    const policy = rows.find((r) => r.i === 'pol-health')!;
    expect(policy.o).toBeUndefined();
    expect(policy.k!.map((k) => vm.data.reach[k]!.a)).toEqual([
      'reach-app-app-grafana',
      'reach-app-app-ssh',
      'reach-target-tgt-db',
    ]);
    const wiki = rows.find((r) => r.i === 'app-1' && r.s === 'fail')!;
    expect(vm.data.reach[wiki.o!]).toEqual({ a: 'reach-app-app-1', n: 'wiki', t: 'application' });
    expect(wiki.k).toBeUndefined();
    expect(rows.find((r) => r.t === 'service_token')).not.toHaveProperty('o');
  });
});

describe('buildChart', () => {
  it('scales bars to the largest count and marks an all-zero chart empty', () => {
    const chart = buildChart('t', 'c', [
      { label: 'a', count: 10, cls: 'x' },
      { label: 'b', count: 1, cls: 'x' },
      { label: 'c', count: 0, cls: 'x' },
    ]);
    expect(chart.rows[0]!.barWidth).toBe(200);
    expect(chart.rows[1]!.barWidth).toBe(20);
    expect(chart.rows[2]!.barWidth).toBe(0);
    expect(chart.empty).toBe(false);
    expect(buildChart('t', 'c', [{ label: 'a', count: 0, cls: 'x' }]).empty).toBe(true);
  });
});

describe('anchorFor', () => {
  it('makes fragment ids of safe characters only', () => {
    expect(anchorFor('rule', 'a-b_c')).toBe('rule-a-b_c');
    expect(anchorFor('account', 'x"<y')).toBe('account-x_22_3cy');
  });
});
