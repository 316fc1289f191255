import path from 'node:path';
import { writeFileAtomic } from '../snapshot/atomic-write.js';
import { renderFindingsJson } from './findings-json.js';
import { renderHtml } from './html.js';
import { renderSarif } from './sarif.js';
import { renderSummaryMarkdown } from './summary-markdown.js';
import { REPORT_FORMATS, type ReportFormat, type ReportInput, type Renderer } from './types.js';

export { REPORT_FORMATS, type AccountReport, type ReportFormat, type ReportInput } from './types.js';
export { renderSarif, renderHtml, renderFindingsJson, renderSummaryMarkdown };

/** Format → renderer (pure: input → file content). */
export const RENDERERS: Record<ReportFormat, Renderer> = {
  sarif: renderSarif,
  html: renderHtml,
  json: renderFindingsJson,
  markdown: renderSummaryMarkdown,
};

/** File name of each format inside `--out`. */
export const REPORT_FILES: Record<ReportFormat, string> = {
  sarif: 'report.sarif',
  html: 'report.html',
  json: 'findings.json',
  markdown: 'summary.md',
};

/**
 * Renders every requested format, then writes each file atomically into `outDir` (created if needed).
 * Nothing is written when a renderer throws. Returns the paths written, in format order.
 */
export async function writeReports(
  outDir: string,
  input: ReportInput,
  formats: readonly ReportFormat[] = REPORT_FORMATS,
): Promise<string[]> {
  const unknown = formats.filter((f) => !REPORT_FORMATS.includes(f));
  if (unknown.length > 0)
    throw new Error(`Unknown report format(s) ${unknown.join(', ')}; use ${REPORT_FORMATS.join(', ')}.`);
  const wanted = REPORT_FORMATS.filter((f) => formats.includes(f));
  const rendered = wanted.map((format) => ({
    file: path.join(outDir, REPORT_FILES[format]),
    content: RENDERERS[format](input),
  }));
  for (const { file, content } of rendered) await writeFileAtomic(file, content);
  return rendered.map((r) => r.file);
}
