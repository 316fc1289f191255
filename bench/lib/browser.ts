/**
 * Opens a report.html in headless Chromium and measures what a reader waits for: the first rows of the
 * findings table, and the table update after a severity filter or a search.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface BrowserTimings {
  /** Navigation start → first `tr.row` in the findings table (a MutationObserver records the moment). */
  firstRowsMs: number;
  domContentLoadedMs: number;
  loadEventMs: number;
  /** Rows shown after load (one page of the table). */
  rowsShown: number;
  /** `change` on the severity filter → table rebuilt and laid out (synchronous handler, then a forced layout). */
  severityFilterMs: number;
  /** Matching results for the severity filter. */
  severityMatches: string;
  /**
   * Search term applied through the same synchronous filter path (the typing debounce is excluded); first search
   * builds the search index.
   */
  searchColdMs: number;
  searchWarmMs: number;
  searchMatches: string;
  /** Console errors and uncaught exceptions seen while measuring. */
  problems: string[];
  /** Requests other than the file itself (must be none). */
  externalRequests: string[];
}

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM);
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

declare global {
  interface Window {
    __cfaaFirstRows?: number;
  }
}

/** Measures one report file. `severity` is a value of the severity filter, `search` a term that matches. */
export async function measureReport(
  browser: Browser,
  file: string,
  severity: string,
  search: string,
): Promise<BrowserTimings> {
  const url = pathToFileURL(file).href;
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const problems: string[] = [];
  const externalRequests: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.push(msg.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('request', (request) => {
    if (request.url() !== url) externalRequests.push(request.url());
  });
  try {
    await page.addInitScript(() => {
      const observer = new MutationObserver(() => {
        if (document.querySelector('#findings-body tr.row')) {
          window.__cfaaFirstRows = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(document, { childList: true, subtree: true });
    });
    await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    await page.waitForFunction(() => window.__cfaaFirstRows !== undefined, undefined, { timeout: 120_000 });
    const load = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return {
        firstRowsMs: window.__cfaaFirstRows!,
        domContentLoadedMs: nav.domContentLoadedEventEnd,
        loadEventMs: nav.loadEventEnd,
        rowsShown: document.querySelectorAll('#findings-body tr.row').length,
      };
    });

    const applyFilter = (kind: 'severity' | 'search', value: string) =>
      page.evaluate(
        ({ kind, value }) => {
          const severityBox = document.getElementById('f-severity') as HTMLSelectElement;
          const searchBox = document.getElementById('f-search') as HTMLInputElement;
          if (kind === 'search') {
            severityBox.value = '';
            searchBox.value = value;
          } else {
            searchBox.value = '';
            severityBox.value = value;
          }
          const started = performance.now();
          severityBox.dispatchEvent(new Event('change'));
          void document.body.offsetHeight;
          const ms = performance.now() - started;
          return { ms, count: document.getElementById('result-count')?.textContent ?? '' };
        },
        { kind, value },
      );

    // Warm the filter code once (JIT), then measure.
    await applyFilter('severity', 'info');
    await applyFilter('severity', '');
    const severityRun = await applyFilter('severity', severity);
    const cold = await applyFilter('search', search);
    await applyFilter('severity', '');
    const warm = await applyFilter('search', search);
    return {
      ...load,
      severityFilterMs: severityRun.ms,
      severityMatches: severityRun.count,
      searchColdMs: cold.ms,
      searchWarmMs: warm.ms,
      searchMatches: warm.count,
      problems,
      externalRequests,
    };
  } finally {
    await page.close();
  }
}
