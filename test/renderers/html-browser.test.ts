import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright-core';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { renderHtml } from '../../src/renderers/html.js';
import type { Result } from '../../src/engine/types.js';
import { CHROMIUM_PATH, chromiumAvailable } from '../helpers/chromium.js';
import { XSS, makeResult, makeRichInput } from './fixtures.js';

const available = chromiumAvailable();

/** The rich fixture plus enough ordinary findings to need several pages. */
function browserInput() {
  const input = makeRichInput();
  input.baseline = { source: 'previous/findings.json' };
  const account = input.accounts[0]!;
  const extra: Result[] = [];
  for (let i = 0; i < 240; i++) {
    extra.push(
      makeResult({
        resource_id: `app-${1000 + i}`,
        resource_name: `internal-tool-${1000 + i}`,
        baseline_state: i % 4 ? 'unchanged' : 'new',
        message:
          `Access application 'internal-tool-${1000 + i}' (app-${1000 + i}) sets ` +
          `http_only_cookie_attribute to false.`,
      }),
    );
  }
  account.results = [
    ...account.results.map((r) =>
      r.status === 'fail' || r.status === 'suppressed' ? { ...r, baseline_state: 'unchanged' as const } : r,
    ),
    ...extra,
  ];
  account.fixedSinceBaseline = [
    makeResult({ resource_id: 'app-gone', resource_name: 'retired-portal', baseline_state: 'absent' }),
  ];
  return input;
}

describe.skipIf(!available)('report.html in headless Chromium', () => {
  let browser: Browser;
  let dir: string;
  /** A wide page whose console errors and warnings, and uncaught errors, are recorded in `problems`. */
  async function watchedPage(viewport: { width: number; height: number } | null = { width: 1440, height: 1000 }) {
    const page = await browser.newPage(viewport ? { viewport } : {});
    page.setDefaultTimeout(15_000);
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning') problems.push(`${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    return { page, problems };
  }
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    dir = mkdtempSync(path.join(tmpdir(), 'cfaa-html-'));
  });
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('opens from file:// without errors or requests, filters, searches, and is screenshotted', async () => {
    const file = path.join(dir, 'report.html');
    writeFileSync(file, renderHtml(browserInput()));
    const url = pathToFileURL(file).href;
    const { page, problems } = await watchedPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    let alerted = false;
    page.on('dialog', async (dialog) => {
      alerted = true;
      await dialog.dismiss();
    });

    await page.goto(url, { waitUntil: 'load' });
    const rows = page.locator('#findings-body tr.row');
    await expect.poll(() => rows.count()).toBe(100);
    await expect.poll(() => page.locator('#result-count').textContent()).toContain('of 248 matching results');

    // Filter by severity: only the one failing high finding plus the suppressed high one.
    await page.selectOption('#f-severity', 'high');
    await expect.poll(() => rows.count()).toBe(2);
    const severities = await page.locator('#findings-body tr.row td:first-child').allTextContents();
    expect(severities).toEqual(['High', 'High']);
    await page.selectOption('#f-severity', '');

    // Search finds an application by name, including the hostile one, shown as text.
    await page.fill('#f-search', XSS);
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().locator('td.res').textContent()).toContain(XSS);
    expect(await page.locator('img').count()).toBe(0);
    await page.fill('#f-search', 'internal-tool-1007');
    // Wait for the debounced search to replace the previous single row, not just for a count of one.
    await expect.poll(() => rows.first().textContent()).toContain('internal-tool-1007');
    await expect.poll(() => rows.count()).toBe(1);

    // Expanding a row shows evidence and remediation, the latter as the rule reference renders it (code spans).
    await rows.first().click();
    await expect
      .poll(() => page.locator('#findings-body tr.detail').textContent())
      .toContain('http_only_cookie_attribute');
    expect(await page.locator('#findings-body tr.detail').textContent()).toContain('Dashboard:');
    expect(await page.locator('#findings-body tr.detail').textContent()).toContain(
      'Resource file: access_application/app-1007.json',
    );
    expect(await page.locator('#findings-body tr.detail ul.remediation').innerHTML()).toBe(
      await page.locator('#rule-access-application-http-only-cookie ul.remediation').innerHTML(),
    );
    expect(await page.locator('#findings-body tr.detail ul.remediation code').count()).toBeGreaterThan(0);

    // Baseline: the fixed finding appears only under "Fixed".
    await page.fill('#f-search', '');
    await page.selectOption('#f-baseline', 'fixed');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('retired-portal');
    // Fixed since the baseline: marked fixed, not as a red "Fail".
    expect(await rows.first().locator('td:nth-child(2)').textContent()).toBe('Fixed');
    expect(await rows.first().locator('.status-fail').count()).toBe(0);
    await page.selectOption('#f-baseline', '');

    // Pagination.
    await expect.poll(() => page.locator('#result-count').textContent()).toContain('of 248 matching results');
    await page.click('#page-next');
    await expect.poll(() => page.locator('#page-info').textContent()).toBe('Page 2 of 3');

    await page.click('#f-reset');
    await expect.poll(() => page.locator('#page-info').textContent()).toBe('Page 1 of 3');
    const artifacts = path.join(PACKAGE_ROOT, 'test-artifacts');
    mkdirSync(artifacts, { recursive: true });
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(artifacts, 'report.png') });
    await rows.nth(1).click();
    await page.locator('#findings').scrollIntoViewIfNeeded();
    await page.evaluate(() => document.getElementById('findings')?.scrollIntoView());
    await page.screenshot({ path: path.join(artifacts, 'report-findings.png') });

    // Print: every finding shown is followed by its evidence; the rule reference stays closed and is not printed.
    await page.selectOption('#f-severity', 'medium');
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    const printed = await page.evaluate(() => ({
      rows: document.querySelectorAll('#findings-body tr.row').length,
      details: document.querySelectorAll('#findings-body tr.row + tr.detail').length,
      evidence: document.querySelectorAll('#findings-body tr.detail table.evidence').length,
      openDetails: document.querySelectorAll('details[open]').length,
      rulesShown: document.getElementById('rules')!.getBoundingClientRect().height,
    }));
    expect(printed.rows).toBeGreaterThan(100);
    expect(printed.details).toBe(printed.rows);
    expect(printed.evidence).toBe(printed.rows);
    expect(printed).toMatchObject({ openDetails: 0, rulesShown: 0 });
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    await page.emulateMedia({ media: 'screen' });
    await expect.poll(() => page.locator('#findings-body tr.detail').count()).toBe(0);

    expect(alerted).toBe(false);
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  }, 90_000);

  it('keeps the filters in the URL, restores them on load, and filters two accounts by account id', async () => {
    const { makeAccount, makeManifest } = await import('./fixtures.js');
    // Given in the reverse of the report's order (by id), so that a position would name the other account.
    const first = 'a'.repeat(32);
    const second = 'f'.repeat(32);
    const account = (id: string, name: string, apps: number) =>
      makeAccount({
        accountId: id,
        accountName: name,
        manifest: makeManifest({}, id),
        results: Array.from({ length: apps }, (_, i) =>
          makeResult({ resource_id: `${name}-app-${i}`, resource_name: `${name} app ${i}` }),
        ),
      });
    const input = makeRichInput();
    input.accounts = [account(second, 'Beta', 3), account(first, 'Alpha', 5)];
    const file = path.join(dir, 'accounts.html');
    writeFileSync(file, renderHtml(input));
    const url = pathToFileURL(file).href;
    const { page, problems } = await watchedPage();
    await page.goto(url, { waitUntil: 'load' });
    const rows = page.locator('#findings-body tr.row');
    await expect.poll(() => rows.count()).toBe(8);
    const accountsShown = () => page.locator('#findings-body tr.row td:nth-child(6)').allTextContents();

    await page.selectOption('#f-account', second);
    await expect.poll(accountsShown).toEqual(['Beta', 'Beta', 'Beta']);
    await page.selectOption('#f-account', first);
    await expect.poll(accountsShown).toEqual(['Alpha', 'Alpha', 'Alpha', 'Alpha', 'Alpha']);

    // The view is in the URL; opening that URL gives the same view.
    await page.fill('#f-search', 'app 3');
    await expect.poll(() => rows.count()).toBe(1);
    await page.click('#findings-table th button[data-sort="resource"]');
    const shared = await page.evaluate(() => location.href);
    expect(new URL(shared).searchParams.get('account')).toBe(first);
    expect(new URL(shared).searchParams.get('q')).toBe('app 3');
    expect(new URL(shared).searchParams.get('sort')).toBe('resource');
    expect(new URL(shared).searchParams.has('status')).toBe(false);

    const reopened = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    reopened.on('pageerror', (error) => problems.push(error.message));
    await reopened.goto(shared, { waitUntil: 'load' });
    await expect.poll(() => reopened.locator('#findings-body tr.row').count()).toBe(1);
    expect(await reopened.inputValue('#f-account')).toBe(first);
    expect(await reopened.inputValue('#f-search')).toBe('app 3');
    expect(await reopened.locator('#findings-body tr.row td.res').textContent()).toContain('Alpha app 3');
    expect(await reopened.locator('th button[data-sort="resource"]').getAttribute('class')).toBe('sorted-asc');

    // Reset clears the filters from the URL (the sort order is not a filter and stays).
    await reopened.click('#f-reset');
    await expect.poll(() => reopened.evaluate(() => location.search)).toBe('?sort=resource');
    await expect.poll(() => reopened.locator('#findings-body tr.row').count()).toBe(8);
    expect(problems).toEqual([]);
    await reopened.close();
    await page.close();
  }, 90_000);

  it('filters the access map by class and searches hostnames; findings and the summary link to its rows', async () => {
    const { makeReachInput } = await import('./reach-fixtures.js');
    const file = path.join(dir, 'reach.html');
    writeFileSync(file, renderHtml(makeReachInput()));
    const url = pathToFileURL(file).href;
    const { page, problems } = await watchedPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(url, { waitUntil: 'load' });
    const map = page.locator('.access-map');
    // Ids of the rows a person sees (not hidden, laid out).
    const shown = () =>
      page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('.access-map tr[id]'))
          .filter((tr) => !tr.hidden && tr.getBoundingClientRect().height > 0)
          .map((tr) => tr.id),
      );
    expect(await shown()).toHaveLength(8);

    // Filter by class.
    await map.locator('select.m-class').selectOption('named');
    await expect.poll(shown).toEqual(['reach-app-app-ssh', 'reach-app-app-1', 'reach-target-tgt-db']);
    expect(await map.locator('.m-count').textContent()).toBe('Showing 3 of 8 resources.');
    await map.locator('select.m-class').selectOption('');
    await expect.poll(shown).toHaveLength(8);

    // Search a hostname (the second host of Grafana), then a target's name; class and search combine.
    await map.locator('input.m-search').fill('metrics.example.com');
    await expect.poll(shown).toEqual(['reach-app-app-grafana']);
    await map.locator('input.m-search').fill('DB-01');
    await expect.poll(shown).toEqual(['reach-target-tgt-db']);
    await map.locator('select.m-class').selectOption('internet');
    await expect.poll(shown).toEqual([]);
    await map.locator('button[type="reset"]').click();
    await expect.poll(shown).toHaveLength(8);

    // A finding's "Exposes" link shows its row even when the map hides it, and opens its ways.
    await map.locator('select.m-class').selectOption('nobody');
    await expect.poll(shown).toEqual(['reach-mcp-portal-portal-support']);
    await page.fill('#f-search', 'pol-health');
    const rows = page.locator('#findings-body tr.row');
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().click();
    await page.locator('#findings-body tr.detail a[href="#reach-app-app-grafana"]').click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#reach-app-app-grafana');
    await expect.poll(shown).toHaveLength(8);
    expect(await page.locator('#reach-app-app-grafana details').getAttribute('open')).toBe('');
    expect(await page.locator('#reach-app-app-grafana').textContent()).toContain('SRE only');

    // The exposure summary filters the map by class; a row's findings count filters the findings.
    await page.locator('#summary a[data-reach-class="internet"]').click();
    await expect.poll(shown).toEqual(['reach-app-app-grafana']);
    expect(await map.locator('select.m-class').inputValue()).toBe('internet');
    await map.locator('button[type="reset"]').click();
    await page.locator('#reach-app-app-1 a[data-find]').click();
    await expect.poll(() => page.inputValue('#f-search')).toBe('app-1');
    await expect.poll(() => rows.count()).toBe(3);

    await page.locator('#reach-app-app-grafana').scrollIntoViewIfNeeded();
    await page.evaluate(() => document.getElementById('access')?.scrollIntoView());
    const artifacts = path.join(PACKAGE_ROOT, 'test-artifacts');
    mkdirSync(artifacts, { recursive: true });
    await page.screenshot({ path: path.join(artifacts, 'report-access-map.png') });
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
    await page.close();
  }, 90_000);

  it("links the findings of each account to that account's access map", async () => {
    const { makeAccount, makeManifest } = await import('./fixtures.js');
    const { exposingResult, makeReach, makeReachInput } = await import('./reach-fixtures.js');
    const other = 'f'.repeat(32);
    const input = makeReachInput();
    input.accounts.push(
      makeAccount({
        accountId: other,
        accountName: 'Other',
        manifest: makeManifest({}, other),
        results: [exposingResult()],
        reach: makeReach(),
      }),
    );
    const file = path.join(dir, 'maps.html');
    writeFileSync(file, renderHtml(input));
    const { page, problems } = await watchedPage();
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    expect(await page.locator('.access-map').count()).toBe(2);
    const rows = page.locator('#findings-body tr.row');
    await page.selectOption('#f-account', other);
    await page.fill('#f-search', 'pol-health');
    await expect.poll(() => rows.count()).toBe(1);
    await rows.first().click();
    const exposed = page.locator('#findings-body tr.detail li a');
    expect(await exposed.evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual([
      `#reach-app-app-grafana-${other}`,
      `#reach-app-app-ssh-${other}`,
      `#reach-target-tgt-db-${other}`,
    ]);
    await exposed.first().click();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#reach-app-app-grafana-${other}`);
    const row = page.locator(`#access-map-${other} #reach-app-app-grafana-${other}`);
    expect(await row.locator('details').getAttribute('open')).toBe('');
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);

  it('stays usable with 50,000 findings: one page of rows, filters and search still work', async () => {
    const input = makeRichInput();
    const results: Result[] = [];
    for (let i = 0; i < 50_000; i++) {
      results.push(
        makeResult({
          resource_id: `app-${i}`,
          resource_name: `service-${i}`,
          severity: i % 10 === 0 ? 'high' : 'medium',
        }),
      );
    }
    input.accounts[0]!.results = results;
    const file = path.join(dir, 'big.html');
    writeFileSync(file, renderHtml(input));
    const { page, problems } = await watchedPage(null);
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const rows = page.locator('#findings-body tr.row');
    await expect.poll(() => page.locator('#page-info').textContent()).toBe('Page 1 of 500');
    expect(await page.locator('#findings-body tr').count()).toBe(100);
    await page.selectOption('#f-severity', 'high');
    await expect.poll(() => page.locator('#page-info').textContent()).toBe('Page 1 of 50');
    await page.fill('#f-search', 'service-49990');
    await expect.poll(() => rows.count()).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);
});
