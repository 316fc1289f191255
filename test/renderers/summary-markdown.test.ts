import { describe, expect, it } from 'vitest';
import { escapeMarkdown, renderSummaryMarkdown } from '../../src/renderers/summary-markdown.js';
import type { Result } from '../../src/engine/types.js';
import { XSS, makeAccount, makeInput, makeResult, makeRichInput } from './fixtures.js';
import { makeReachInput } from './reach-fixtures.js';

describe('renderSummaryMarkdown', () => {
  it('gives counts by severity and status, collection problems, rule errors and the top findings', () => {
    const md = renderSummaryMarkdown(makeRichInput());
    expect(md).toContain('| Failing | 0 | 1 | 2 | 1 | 1 | 5 |');
    expect(md).toContain('| Suppressed | 0 | 1 | 0 | 0 | 0 | 1 |');
    expect(md).toContain('5 fail · 1 pass · 1 not applicable · 1 unknown · 1 error · 1 suppressed');
    expect(md).toContain('Collection incomplete (1 resource type)');
    expect(md).toContain('| `access_policy` | forbidden (HTTP 403) |');
    expect(md).toContain('Access: Apps and Policies Read');
    expect(md).toContain('`service-token-expiry`');
    const top = md.slice(md.indexOf('### Top findings'));
    expect(
      top.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Severity') && !l.startsWith('| ---')),
    ).toHaveLength(5);
    expect(top.indexOf('| high |')).toBeLessThan(top.indexOf('| medium |'));
    expect(md).toContain('Affected resource types: Access applications (4), Service tokens (1).');
  });

  it('escapes API values for Markdown tables', () => {
    const md = renderSummaryMarkdown(makeRichInput());
    expect(md).not.toContain(XSS);
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeMarkdown('a|b *c* `d` [e](f) @team\nnext')).toBe('a\\|b \\*c\\* \\`d\\` \\[e\\](f) &#64;team next');
  });

  it('lists new findings against a baseline and keeps the top list to ten', () => {
    const results: Result[] = [];
    for (let i = 0; i < 14; i++)
      results.push(makeResult({ resource_id: `app-${i}`, baseline_state: i < 12 ? 'new' : 'unchanged' }));
    const input = makeInput({
      baseline: { source: 'prev' },
      accounts: [makeAccount({ results, fixedSinceBaseline: [makeResult({ resource_id: 'old' })] })],
    });
    const md = renderSummaryMarkdown(input);
    expect(md).toContain('| New since baseline | 0 | 0 | 12 | 0 | 0 | 12 |');
    expect(md).toContain('### New since baseline: 12 · fixed: 1');
    expect(md).toContain('…and 2 more in report.html');
    expect(md).toContain('…and 4 more in report.html');
  });

  it('says so when nothing fails', () => {
    const md = renderSummaryMarkdown(makeInput());
    expect(md).toContain('No failing findings.');
    expect(md).not.toContain('Collection incomplete');
  });

  it('gives exposure counts by class and type after the verdict', () => {
    const md = renderSummaryMarkdown(makeReachInput());
    const section = md.slice(md.indexOf('### Exposure'), md.indexOf('### ⚠️ Collection incomplete'));
    expect(md.indexOf('Results: ')).toBeLessThan(md.indexOf('### Exposure'));
    expect(section).toContain('| Who gets in | Applications | Targets | MCP servers | MCP portals |');
    const rows = section
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| Who') && !l.startsWith('| ---'));
    expect(rows).toEqual([
      '| the internet (no login) (`internet`) | 1 | 0 | 0 | 0 |',
      '| anyone with an email address (`any_email`) | 1 | 0 | 0 | 0 |',
      '| an email domain (`email_domain`) | 1 | 0 | 1 | 0 |',
      '| listed people or groups (`named`) | 2 | 1 | 0 | 0 |',
      '| nobody (`nobody`) | 0 | 0 | 0 | 1 |',
    ]);
  });

  it('says so when an account has reach but nothing to reach, and has no section without reach', () => {
    expect(renderSummaryMarkdown(makeInput({ accounts: [makeAccount({ reach: [] })] }))).toContain(
      '### Exposure\n\nNo applications, targets, MCP servers or MCP portals.',
    );
    expect(renderSummaryMarkdown(makeRichInput())).not.toContain('### Exposure');
  });

  it('names the resources a failing finding exposes in its row, escaped', () => {
    const input = makeReachInput();
    const finding = input.accounts[0]!.results.at(-1)!;
    finding.exposes = [{ type: 'access_application', id: 'app-xss', name: XSS }, ...finding.exposes!];
    const md = renderSummaryMarkdown(input);
    const row = md.split('\n').find((l) => l.includes('`access-policy-no-everyone`'))!;
    expect(row).toContain(
      'Public health checks (`pol-health`) · exposes ' +
        "application '&lt;img src=x onerror=alert(1)&gt;' (`app-xss`), " +
        "application 'Grafana' (`app-grafana`) and 2 more |",
    );
    expect(md).not.toContain(XSS);
    // A finding that exposes only its own resource names nothing more.
    const wiki = makeResult({ exposes: [{ type: 'access_application', id: 'app-1', name: 'wiki' }] });
    const own = renderSummaryMarkdown(makeInput({ accounts: [makeAccount({ results: [wiki] })] }));
    expect(own).toContain('| medium | `access-application-http-only-cookie` | wiki (`app-1`) | ');
    expect(own).not.toContain('exposes');
  });
});

describe('renderSummaryMarkdown: what changed and what to clean up', () => {
  it('lists the fixed findings, not just their count', () => {
    const fixed = [
      makeResult({ resource_id: 'gone-1', resource_name: 'old wiki', severity: 'high' }),
      makeResult({ resource_id: 'gone-2', resource_name: 'old docs' }),
    ];
    const md = renderSummaryMarkdown(
      makeInput({ baseline: { source: 'prev' }, accounts: [makeAccount({ fixedSinceBaseline: fixed })] }),
    );
    const section = md.slice(md.indexOf('Fixed (in the baseline, no longer found):'));
    expect(section).toContain('| high | `access-application-http-only-cookie` | old wiki (`gone-1`) |');
    expect(section).toContain('| medium | `access-application-http-only-cookie` | old docs (`gone-2`) |');
    expect(section.indexOf('gone-1')).toBeLessThan(section.indexOf('gone-2'));
    expect(renderSummaryMarkdown(makeInput({ baseline: { source: 'prev' } }))).not.toContain('Fixed (in the baseline');
  });

  it('lists expired and unmatched suppressions with their reasons', () => {
    const account = makeAccount({
      suppressions: {
        expired: [{ rule: 'service-token-expiry', resource: 'st-1', reason: 'rotating | soon', expires: '2025-01-01' }],
        unmatched: [{ rule: 'access-application-http-only-cookie', resource: 'app-9', reason: 'legacy' }],
      },
    });
    const md = renderSummaryMarkdown(makeInput({ accounts: [account] }));
    expect(md).toContain('### Suppressions to review: 1 expired · 1 unmatched');
    expect(md).toContain('| `service-token-expiry` | `st-1` | expired 2025-01-01 | rotating \\| soon |');
    expect(md).toContain('| `access-application-http-only-cookie` | `app-9` | matches no finding | legacy |');
    expect(renderSummaryMarkdown(makeInput())).not.toContain('Suppressions to review');
  });
});
