import { describe, expect, it } from 'vitest';
import { escapeMarkdown, renderSummaryMarkdown } from '../../src/renderers/summary-markdown.js';
import type { Result } from '../../src/engine/types.js';
import { XSS, makeAccount, makeInput, makeResult, makeRichInput } from './fixtures.js';

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
    expect(top.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Severity') && !l.startsWith('| ---'))).toHaveLength(5);
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
    for (let i = 0; i < 14; i++) results.push(makeResult({ resource_id: `app-${i}`, baseline_state: i < 12 ? 'new' : 'unchanged' }));
    const input = makeInput({ baseline: { source: 'prev' }, accounts: [makeAccount({ results, fixedSinceBaseline: [makeResult({ resource_id: 'old' })] })] });
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
});
