import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORT_TEMPLATES_DIR } from '../../src/paths.js';
import { inlineMarkdown, jsonForScript, renderHtml } from '../../src/renderers/html.js';
import type { Result } from '../../src/engine/types.js';
import type { PublicReach } from '../../src/reach/model.js';
import { XSS, makeAccount, makeInput, makeResult, makeRichInput } from './fixtures.js';
import { makeReachInput, makeWay } from './reach-fixtures.js';

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
    // Only our own two inline scripts exist.
    expect(html.match(/<script\b/g)).toHaveLength(2);
  });

  it('is self-contained with a hash-based CSP that matches the inline style and script', () => {
    const html = renderHtml(makeRichInput());
    const csp = between(html, '<meta http-equiv="Content-Security-Policy" content="', '">').replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)));
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-inline');
    const css = between(html, '<style>', '</style>');
    const js = between(html, '<script>', '</script>');
    expect(csp).toContain(`style-src '${hashOf(css)}'`);
    expect(csp).toContain(`script-src '${hashOf(js)}'`);
    const markup = html.replace(/<script type="application\/json"[^>]*>[^<]*<\/script>/, '');
    expect(markup).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(markup).not.toMatch(/\ssrc=/i);
    expect(css).not.toMatch(/@import|url\(/i);
    expect(js).not.toMatch(/fetch\(|XMLHttpRequest|innerHTML|eval\(|new Function/);
    expect(html).not.toMatch(/\sstyle=/i);
  });

  it('uses double-stash only in templates (no raw output of data)', () => {
    const dir = path.join(REPORT_TEMPLATES_DIR, 'html');
    const files = [path.join(dir, 'report.hbs'), ...readdirSync(path.join(dir, 'partials')).map((f) => path.join(dir, 'partials', f))];
    for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toContain('{{{');
  });

  it('shows the summary, coverage problems, suppressions, baseline and rule reference', () => {
    const input = makeRichInput();
    input.baseline = { source: 'last-night/findings.json' };
    const html = renderHtml(input);
    for (const text of [
      'Failing findings by severity', 'Failing findings by resource type', 'Failing findings by framework', 'Results by status',
      'Not collected', 'Access: Apps and Policies Read', 'Expired suppressions', 'last-night/findings.json', 'Fixed since baseline',
      'Rule reference', 'access-policy-no-everyone', '<code>cloudflare_zero_trust_access_application.http_only_cookie_attribute &#x3D; true</code>',
    ]) expect(html, text).toContain(text);
    expect(html).toContain('<option value="high">High</option>');
  });

  it('is byte-identical for the same input', () => {
    expect(renderHtml(makeRichInput())).toBe(renderHtml(makeRichInput()));
  });

  it('embeds 50,000 findings as data, not as 50,000 table rows', () => {
    const results: Result[] = [];
    for (let i = 0; i < 50_000; i++) {
      results.push(makeResult({ resource_id: `app-${i}`, resource_name: `app ${i}`, severity: i % 7 === 0 ? 'high' : 'medium' }));
    }
    const html = renderHtml(makeInput({ accounts: [makeAccount({ results })] }));
    const data = JSON.parse(between(html, '<script type="application/json" id="report-data">', '</script>')) as { findings: unknown[] };
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
    reach.push({ type: 'access_application', id: uuid('a', i), name: `Application ${i}`,
      hosts: [`app-${i}.example.com`], broadest: 'named', ways, dead: [], through: [], notes: [] });
  }
  for (let i = 0; i < 5000; i++) {
    const app = { type: 'access_application' as const, id: uuid('a', i % 500), name: `Application ${i % 500}` };
    reach.push({ type: 'infrastructure_target', id: uuid('t', i), name: `host-${i}.internal`,
      hosts: [`host-${i}.internal`], broadest: 'named', ways: ways.map((w) => ({ ...w, through: app })), dead: [],
      through: [app], notes: [] });
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
    expect(html.replace(/<script type="application\/json"[^>]*>[^<]*<\/script>/, '')).not.toMatch(/\ssrc=/i);
    expect(html.match(/<script\b/g)).toHaveLength(2);
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

describe('html helpers', () => {
  it('jsonForScript leaves nothing that can close the script element', () => {
    const text = jsonForScript({ a: '</script><!-- & \u2028' });
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual({ a: '</script><!-- & \u2028' });
  });

  it('inlineMarkdown escapes first, then renders code and bold spans only', () => {
    expect(inlineMarkdown('Set `a<b>` and **on** <i>x</i>, *app*')).toBe('Set <code>a&lt;b&gt;</code> and <strong>on</strong> &lt;i&gt;x&lt;/i&gt;, <em>app</em>');
  });
});
