import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPORT_TEMPLATES_DIR } from '../../src/paths.js';
import { htmlChunks, jsonForScript, renderHtml } from '../../src/renderers/html.js';
import { AccountSpill } from '../../src/cli/pipeline/account-spill.js';
import { renderReports } from '../../src/cli/pipeline/render-reports.js';
import { inlineMarkdown } from '../../src/renderers/inline-markdown.js';
import type { Result } from '../../src/engine/types.js';
import type { PublicReach } from '../../src/reach/model.js';
import type { ReportInput } from '../../src/renderers/types.js';
import { XSS, makeAccount, makeInput, makeManifest, makeResult, makeRichInput } from './fixtures.js';
import { OKTA, exposingResult, makeReach, makeReachInput, makeWay } from './reach-fixtures.js';

function hashOf(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

function between(html: string, open: string, close: string): string {
  const start = html.indexOf(open);
  const end = html.indexOf(close, start);
  if (start < 0 || end < 0) throw new Error(`${open} not found`);
  return html.slice(start + open.length, end);
}

describe('renderHtml', () => {
  it('escapes a hostile application name everywhere: markup, attributes and the embedded JSON', () => {
    const input = makeRichInput();
    input.accounts[0]!.accountName = XSS;
    input.accounts[0]!.manifest.base_url = `https://x/"><script>alert(1)</script>`;
    input.accounts[0]!.suppressions.unmatched.push({ rule: XSS, resource: XSS, reason: XSS });
    const html = renderHtml(input);
    expect(html).not.toContain(XSS);
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    const json = between(html, '<script type="application/json" id="report-data">', '</script>');
    expect(json).not.toMatch(/[<>&]/);
    expect(json).toContain('\\u003cimg src=x onerror=alert(1)\\u003e');
    const data = JSON.parse(json) as { findings: { n?: string }[] };
    expect(data.findings.some((f) => f.n === XSS)).toBe(true);
    // Only our own inline scripts exist: the data, the access map rows it links to, the code, the evidence.
    expect(html.match(/<script\b/g)).toHaveLength(4);
  });

  it('is self-contained with a hash-based CSP that matches the inline style and script', () => {
    const html = renderHtml(makeRichInput());
    const csp = between(html, '<meta http-equiv="Content-Security-Policy" content="', '">').replace(
      /&#x([0-9a-f]+);/gi,
      (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)),
    );
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const css = between(html, '<style>', '</style>');
    const js = between(html, '<script>', '</script>');
    expect(csp).toContain(`style-src '${hashOf(css)}'`);
    expect(csp).toContain(`script-src '${hashOf(js)}'`);
    const markup = html.replace(/<script type="application\/json"[^>]*>[^<]*<\/script>/g, '');
    expect(markup).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(markup).not.toMatch(/\ssrc=/i);
    expect(css).not.toMatch(/@import|url\(/i);
    expect(js).not.toMatch(/fetch\(|XMLHttpRequest|innerHTML|eval\(|new Function/);
    expect(html).not.toMatch(/\sstyle=/i);
  });

  it('uses double-stash only in templates (no raw output of data)', () => {
    const dir = path.join(REPORT_TEMPLATES_DIR, 'html');
    const files = [
      path.join(dir, 'report.hbs'),
      ...readdirSync(path.join(dir, 'partials')).map((f) => path.join(dir, 'partials', f)),
    ];
    for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toContain('{{{');
  });

  it('shows the summary, coverage problems, suppressions, baseline and rule reference', () => {
    const input = makeRichInput();
    input.baseline = { source: 'last-night/findings.json' };
    const html = renderHtml(input);
    for (const text of [
      'Failing findings by severity',
      'Failing findings by resource type',
      'Compliance by control',
      'Not collected',
      'Access: Apps and Policies Read',
      'Expired suppressions',
      'last-night/findings.json',
      'Fixed since baseline',
      'Rule reference',
      'access-policy-no-everyone',
      '<code>cloudflare_zero_trust_access_application.http_only_cookie_attribute &#x3D; true</code>',
    ])
      expect(html, text).toContain(text);
    expect(html).toContain('<option value="high">High</option>');
    // Charts that carry no information are gone: the status chart repeats the tiles, and the framework chart counted
    // the same findings under every framework.
    expect(html).not.toContain('Failing findings by framework');
    expect(html).not.toContain('Results by status');
  });

  it('opens with the verdict: headline, open findings by severity and the worst findings as sentences', () => {
    const html = renderHtml(makeRichInput());
    const summary = between(html, '<section id="summary"', '</section>');
    expect(summary).toMatch(/<h2>5 open findings, the worst high; 2 results could not be judged\.<\/h2>/);
    const top = between(summary, '<ol class="top-findings">', '</ol>');
    expect(top.match(/<li>/g)).toHaveLength(5);
    // Most severe first; the message is text, and the hostile name in it is escaped.
    expect(top.indexOf('sev-high')).toBeLessThan(top.indexOf('sev-medium'));
    expect(top).not.toContain(XSS);
    expect(top).toContain('data-find-rule="access-application-http-only-cookie"');
  });

  it('shows a header icon that follows the worst open severity, never a green check while findings are open', () => {
    const icon = (results: Result[]) =>
      /<svg class="logo ([\w-]+)"/.exec(renderHtml(makeInput({ accounts: [makeAccount({ results })] })))?.[1];
    expect(icon([makeResult({ severity: 'critical' }), makeResult({ severity: 'low', resource_id: 'b' })])).toBe(
      'logo-critical',
    );
    expect(icon([makeResult({ severity: 'high' })])).toBe('logo-high');
    expect(icon([makeResult({ severity: 'critical', status: 'suppressed' }), makeResult({ status: 'unknown' })])).toBe(
      'logo-unknown',
    );
    expect(icon([makeResult({ status: 'pass' })])).toBe('logo-clear');
    const html = renderHtml(
      makeInput({ accounts: [makeAccount({ results: [makeResult({ severity: 'critical' })] })] }),
    );
    expect(between(html, '<header', '</header>')).not.toContain('m10.5 16.5 4 4 7-8');
    expect(html).toContain('aria-label="Worst open finding: critical"');
  });

  it('writes times for people, in UTC, and keeps the exact time in datetime attributes', () => {
    const html = renderHtml(makeRichInput());
    expect(html).toContain('Generated <time datetime="2026-01-15T06:00:00.000Z">15 Jan 2026, 06:00 UTC</time>');
    expect(html).toContain(
      '<time datetime="2026-01-15T05:59:30.000Z">15 Jan 2026, 05:59 UTC</time> (30.0 s before this report)',
    );
    expect(html).toContain('<dt>Collection took</dt><dd>800 ms</dd>');
    expect(html).toContain('expired 31 Dec 2025');
  });

  it('counts passing and not-applicable results per rule instead of embedding them, unless asked to list them', () => {
    const results: Result[] = [makeResult()];
    for (let i = 0; i < 500; i++)
      results.push(makeResult({ resource_id: `ok-${i}`, status: i % 2 ? 'pass' : 'not_applicable' }));
    const input = makeInput({ accounts: [makeAccount({ results })] });
    const data = (html: string) =>
      JSON.parse(between(html, '<script type="application/json" id="report-data">', '</script>')) as {
        findings: { s: string }[];
      };
    const lean = renderHtml(input);
    expect(data(lean).findings.map((f) => f.s)).toEqual(['fail']);
    expect(lean).toContain('500 passing and not-applicable');
    expect(lean).toContain('<span class="badge ok">250 passing</span>');
    expect(lean).not.toContain('<option value="pass">');
    const full = renderHtml({ ...input, includePassing: true });
    expect(data(full).findings).toHaveLength(501);
    expect(full).toContain('<option value="pass">Pass</option>');
    expect(full).not.toContain('passing and not-applicable');
    expect(full.length).toBeGreaterThan(lean.length + 500 * 40);
  });

  it(
    'comes in pieces (the findings in batches) that make ' + 'the page, and is written scrubbed piece by piece',
    async () => {
      const results: Result[] = [];
      for (let i = 0; i < 1_200; i++)
        results.push(makeResult({ resource_id: `app-${i}`, message: `TOPSECRET123 in app ${i}` }));
      const input = makeInput({ accounts: [makeAccount({ results })] });
      const pieces = [...htmlChunks(input)];
      // The page around the data: the rows' JSON array ([, 3 batches, ]), the access map rows they link to (an empty
      // array), the evidence's array ([, 3 batches, ]), the end.
      expect(pieces.length).toBe(16);
      expect(Math.max(...pieces.slice(1, -1).map((p) => p.length))).toBeLessThan(pieces.join('').length / 2);
      const page = pieces.join('');
      expect(page).toBe(renderHtml(input));
      const data = JSON.parse(between(page, '<script type="application/json" id="report-data">', '</script>')) as {
        findings: { i: string }[];
      };
      expect(data.findings.map((f) => f.i).sort()).toEqual(results.map((r) => r.resource_id).sort());

      const { mkdtemp, readFile, rm } = await import('node:fs/promises');
      const { tmpdir } = await import('node:os');
      const dir = await mkdtemp(path.join(tmpdir(), 'cfaa-html-'));
      try {
        await renderReports(dir, input, ['html'], (t) => t.split('TOPSECRET123').join('[REDACTED]'));
        const written = await readFile(path.join(dir, 'report.html'), 'utf8');
        expect(written).not.toContain('TOPSECRET123');
        expect(written.match(/\[REDACTED\] in app/g)).toHaveLength(1_200 + 5);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );

  it('runs its script right after the findings table, before the long compliance view, access map and rules', () => {
    const html = renderHtml(makeReachInput());
    const script = html.indexOf('<script>');
    expect(script).toBeGreaterThan(html.indexOf('<tbody id="findings-body">'));
    for (const section of ['<section id="compliance"', '<section id="access">', '<section id="rules"']) {
      expect(html.indexOf(section), section).toBeGreaterThan(script);
    }
  });

  it('offers accounts in the filter by id, not by position', () => {
    const other = 'f'.repeat(32);
    const html = renderHtml(
      makeInput({ accounts: [makeAccount({ accountId: other, accountName: 'Other' }), makeAccount()] }),
    );
    const select = between(html, '<select id="f-account">', '</select>');
    expect(select).toContain(`<option value="${other}">Other (${other})</option>`);
    expect(select).not.toMatch(/value="\d"/);
  });

  it('is byte-identical for the same input', () => {
    expect(renderHtml(makeRichInput())).toBe(renderHtml(makeRichInput()));
  });

  it('embeds 50,000 findings as data, not as 50,000 table rows', () => {
    const results: Result[] = [];
    for (let i = 0; i < 50_000; i++) {
      results.push(
        makeResult({ resource_id: `app-${i}`, resource_name: `app ${i}`, severity: i % 7 === 0 ? 'high' : 'medium' }),
      );
    }
    const html = renderHtml(makeInput({ accounts: [makeAccount({ results })] }));
    const data = JSON.parse(between(html, '<script type="application/json" id="report-data">', '</script>')) as {
      findings: unknown[];
    };
    expect(data.findings).toHaveLength(50_000);
    expect(html.match(/<tr\b/g)?.length ?? 0).toBeLessThan(100);
  });
});

/** A max-size account: 500 applications with three ways each, 5,000 targets through them. */
function maxReach(): PublicReach[] {
  const reach: PublicReach[] = [];
  const uuid = (prefix: string, i: number): string => `${prefix}${String(i).padStart(7, '0')}-8d36-46db-bc02-0e65486`;
  const ways = [makeWay(), makeWay({ policy_name: 'Contractors' }), makeWay({ policy_name: 'SRE' })];
  for (let i = 0; i < 500; i++) {
    reach.push({
      type: 'access_application',
      id: uuid('a', i),
      name: `Application ${i}`,
      hosts: [`app-${i}.example.com`],
      broadest: 'named',
      ways,
      dead: [],
      through: [],
      notes: [],
    });
  }
  for (let i = 0; i < 5000; i++) {
    const app = { type: 'access_application' as const, id: uuid('a', i % 500), name: `Application ${i % 500}` };
    reach.push({
      type: 'infrastructure_target',
      id: uuid('t', i),
      name: `host-${i}.internal`,
      hosts: [`host-${i}.internal`],
      broadest: 'named',
      ways: ways.map((w) => ({ ...w, through: app })),
      dead: [],
      through: [app],
      notes: [],
    });
  }
  return reach;
}

describe('renderHtml with reach', () => {
  it('shows the exposure summary on the first screen and an access map row per resource', () => {
    const html = renderHtml(makeReachInput());
    const summary = between(html, '<section id="summary"', '</section>');
    expect(summary).toContain('Who can get in');
    expect(summary).toMatch(/data-reach-class="internet">the internet \(no login\)<\/a><\/td><td class="num">1<\/td>/);
    const map = between(html, '<section id="access">', '</section>');
    const ids = ['app-app-grafana', 'target-tgt-db', 'mcp-server-srv-tools', 'mcp-portal-portal-support'];
    for (const id of ids.map((i) => `reach-${i}`)) {
      expect(map).toContain(`<tr id="${id}"`);
    }
    expect(map.match(/<tr id="reach-/g)).toHaveLength(8);
    expect(map).toContain('<a href="#reach-app-app-ssh">Production servers (SSH)</a>: 2 ways in');
    expect(map).toContain('<option value="named">listed people or groups (3)</option>');
    expect(map).toContain('SRE only</q>: shadowed');
    expect(map).toContain('Okta Workforce, One-time PIN');
    expect(html).toContain('<a href="#access">Access map</a>');
  });

  it('escapes a hostile resource name in the map and keeps the page self-contained', () => {
    const html = renderHtml(makeReachInput());
    expect(html).not.toContain(XSS);
    const map = between(html, '<section id="access">', '</section>');
    expect(map).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html.replace(/<script type="application\/json"[^>]*>[^<]*<\/script>/g, '')).not.toMatch(/\ssrc=/i);
    expect(html.match(/<script\b/g)).toHaveLength(4);
  });

  it('is byte-identical for the same input, whatever the order of the reach array', () => {
    const reversed = makeReachInput();
    reversed.accounts[0]!.reach!.reverse();
    expect(renderHtml(reversed)).toBe(renderHtml(makeReachInput()));
  });

  it('has no access map without reach', () => {
    const html = renderHtml(makeRichInput());
    expect(html).not.toContain('<section id="access">');
    expect(html).not.toContain('Who can get in');
  });

  it('keeps a max-size account (500 applications, 5,000 targets) compact: a target row is a few hundred bytes', () => {
    const base = renderHtml(makeInput()).length;
    const html = renderHtml(makeInput({ accounts: [makeAccount({ reach: maxReach() })] }));
    expect(html.match(/<tr id="reach-/g)).toHaveLength(5500);
    const target = between(html, '<tr id="reach-target-t0000000', '</tr>');
    expect(target.length).toBeLessThan(400);
    expect(html.length - base).toBeLessThan(2_600_000);
  });
});

/**
 * Three accounts, given out of id order: two with reach (the same resource ids), one without; baseline, counted
 * passes, findings fixed since the baseline, a rule missing from the catalog.
 */
function threeAccounts(): ReportInput {
  const input = makeReachInput();
  input.baseline = { source: 'previous/findings.json' };
  const first = input.accounts[0]!;
  first.fixedSinceBaseline = [makeResult({ resource_id: 'app-gone', baseline_state: 'absent' })];
  const account = (id: string, name: string | undefined, withReach: boolean) =>
    makeAccount({
      accountId: id,
      accountName: name,
      manifest: makeManifest({}, id),
      results: [
        ...Array.from({ length: 12 }, (_, i) =>
          makeResult({
            rule_id: i % 4 === 0 ? 'custom-rule' : 'access-application-http-only-cookie',
            resource_id: i % 3 ? `app-${i}` : 'app-1',
            resource_name: `${name ?? id} app ${i}`,
            severity: i % 5 === 0 ? 'critical' : 'medium',
            baseline_state: i % 2 ? 'new' : 'unchanged',
            evidence: [{ path: 'http_only_cookie_attribute', value: i % 2 === 0 }],
          }),
        ),
        exposingResult(),
      ],
      passing: [
        {
          rule_id: 'access-application-http-only-cookie',
          resource_type: 'access_application',
          pass: 4,
          not_applicable: 1,
        },
      ],
      fixedSinceBaseline: [makeResult({ resource_id: `${id}-gone`, baseline_state: 'absent' })],
      ...(withReach ? { reach: makeReach(), idpNames: { [OKTA]: `Okta of ${id}` } } : {}),
    });
  input.accounts = [account('f'.repeat(32), 'Zeta', true), first, account('b'.repeat(32), undefined, false)];
  return input;
}

describe('renderHtml of several accounts', () => {
  let spill: AccountSpill | undefined;
  afterEach(() => {
    spill?.close();
    spill = undefined;
  });

  it('reads each account kept on disk once per pass (four), and writes the page of the accounts in memory', () => {
    const input = threeAccounts();
    spill = new AccountSpill();
    const spilled = { ...input, accounts: input.accounts.map((a) => spill!.spill(a)) };
    const page = renderHtml(spilled);
    expect(spill.loads).toBeGreaterThanOrEqual(3);
    expect(spill.loads).toBeLessThanOrEqual(4 * 3);
    expect(page).toBe(renderHtml(input));
    expect(page.match(/<div class="card access-map"/g)).toHaveLength(2);
  });

  it('writes the access map rows findings link to after the rows, and every link reaches a row of its account', () => {
    const html = renderHtml(threeAccounts());
    const data = JSON.parse(between(html, '<script type="application/json" id="report-data">', '</script>')) as {
      accounts: { id: string }[];
      findings: { a: number; i: string; o?: number; k?: number[] }[];
    };
    const reachJson = between(html, '<script type="application/json" id="report-reach">', '</script>');
    expect(html.indexOf(reachJson)).toBeLessThan(html.indexOf('<script>'));
    const reach = JSON.parse(reachJson) as { a?: string; n: string }[];
    const map = (accountId: string) => between(html, `id="access-map-${accountId}"`, '</table>');
    for (const f of data.findings) {
      for (const k of [...(f.o !== undefined ? [f.o] : []), ...(f.k ?? [])]) {
        const row = reach[k]!;
        const account = data.accounts[f.a]!.id;
        if (account === 'b'.repeat(32)) expect(row.a).toBeUndefined();
        else expect(map(account)).toContain(`<tr id="${row.a!}"`);
      }
    }
    expect(data.findings.filter((f) => f.o !== undefined || f.k).map((f) => f.a)).toEqual(
      expect.arrayContaining([0, 1, 2]),
    );
  });
});

describe('html helpers', () => {
  it('jsonForScript leaves nothing that can close the script element', () => {
    const text = jsonForScript({ a: '</script><!-- & \u2028' });
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual({ a: '</script><!-- & \u2028' });
  });

  it('inlineMarkdown escapes first, then renders code and bold spans only', () => {
    expect(inlineMarkdown('Set `a<b>` and **on** <i>x</i>, *app*')).toBe(
      'Set <code>a&lt;b&gt;</code> and <strong>on</strong> &lt;i&gt;x&lt;/i&gt;, <em>app</em>',
    );
  });
});
