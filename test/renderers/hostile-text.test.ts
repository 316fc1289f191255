import { describe, expect, it } from 'vitest';
import { buildSarifLog } from '../../src/renderers/sarif.js';
import { renderHtml } from '../../src/renderers/html.js';
import { renderFindingsJson } from '../../src/renderers/findings-json.js';
import { renderSummaryMarkdown } from '../../src/renderers/summary-markdown.js';
import type { ReportInput } from '../../src/renderers/types.js';
import { makeAccount, makeInput, makeManifest, makeResult } from './fixtures.js';

const NAME =
  'ok\n# Injected heading\n| x | y |\n[click](https://evil.example) `tick` ' +
  '\u001b]0;title\u0007\u001b[31mred\u009b2J\u202eevil';
const ID = 'app|1\n## id `x` [l](u)\u001b[2J';
const API_ERROR = 'denied \u001b[2J\r[see](https://evil.example)\n# not a heading';

function hostileInput(): ReportInput {
  const message = `Access application '${NAME}' (${ID}) is bad.`;
  const result = makeResult({ resource_id: ID, resource_name: NAME, message });
  const forbidden = { status: 'forbidden', count: 0, http_status: 403, message: API_ERROR } as const;
  const manifest = makeManifest({ access_policy: forbidden });
  return makeInput({
    accounts: [makeAccount({ accountName: NAME, manifest, results: [result] })],
    failedAccounts: [{ accountId: 'f'.repeat(32), accountName: NAME, stage: 'evaluate', message: API_ERROR }],
  });
}

const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202E]/;

describe('hostile names, ids and API error text', () => {
  it('summary.md: no injected heading, link, code span break, table row or control character', () => {
    const md = renderSummaryMarkdown(hostileInput());
    expect(md).not.toMatch(CONTROL);
    const headings = md.split('\n').filter((line) => line.startsWith('#'));
    const ours = /^#{1,3} (Cloudflare Access audit|Account |Exposure|⚠️|❌|Top findings|New since)/;
    expect(headings.every((h) => ours.test(h))).toBe(true);
    // Outside code spans (where nothing is parsed), no bracket is left unescaped.
    expect(md.replace(/`[^`\n]*`/g, '')).not.toMatch(/(^|[^\\])\[(click|see|l)\]\(/);
    expect(md).not.toContain('https://evil');
    // Every table row has as many cells as its header (escaped pipes do not split cells).
    const cells = (row: string): number => row.replace(/\\\|/g, '').split('|').length - 2;
    let header = 0;
    for (const line of md.split('\n')) {
      if (!line.startsWith('|')) header = 0;
      else if (header === 0) header = cells(line);
      else expect(cells(line)).toBe(header);
    }
    expect(md).toContain('## ❌ Accounts not reported (1)');
  });

  it('SARIF: message text escapes link syntax from data and carries no control character', () => {
    type Text = { message: { text: string } };
    const log = buildSarifLog(hostileInput()) as {
      runs: { results: Text[]; invocations: { toolExecutionNotifications?: Text[] }[] }[];
    };
    const texts = log.runs.flatMap((run) => [
      ...run.results.map((r) => r.message.text),
      ...(run.invocations[0]!.toolExecutionNotifications ?? []).map((n) => n.message.text),
    ]);
    expect(texts.length).toBeGreaterThan(1);
    for (const text of texts) {
      expect(text).not.toMatch(CONTROL);
      expect(text).not.toMatch(/(^|[^\\])\[[^\]]*\]\(/);
    }
    expect(texts.join(' ')).toContain('\\[click\\](https://evil.example)');
  });

  it('report.html: no raw control character anywhere, and none handed to the page script', () => {
    const html = renderHtml(hostileInput());
    expect(html).not.toMatch(CONTROL);
    expect(html).not.toMatch(/(?<!\\)\\u(001b|0007|009b|202e)/i);
    expect(html).toContain('Accounts not reported (1)');
  });

  it('findings.json lists the failed account', () => {
    const doc = JSON.parse(renderFindingsJson(hostileInput())) as { failed_accounts: unknown[] };
    expect(doc.failed_accounts).toEqual([
      { account_id: 'f'.repeat(32), account_name: NAME, stage: 'evaluate', message: API_ERROR },
    ]);
  });
});
