import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPORT_FILES, RENDERERS, writeReports } from '../../src/renderers/index.js';
import type { ReportFormat } from '../../src/renderers/types.js';
import { makeRichInput } from './fixtures.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cfaa-reports-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeReports', () => {
  it('writes the four reports and leaves no temporary file behind', async () => {
    const out = path.join(dir, 'out');
    const written = await writeReports(out, makeRichInput());
    expect(written.map((f) => path.basename(f))).toEqual([
      'report.sarif',
      'report.html',
      'findings.json',
      'summary.md',
    ]);
    expect(readdirSync(out).sort()).toEqual(['findings.json', 'report.html', 'report.sarif', 'summary.md']);
    for (const format of Object.keys(REPORT_FILES) as ReportFormat[]) {
      expect(readFileSync(path.join(out, REPORT_FILES[format]), 'utf8')).toBe(RENDERERS[format](makeRichInput()));
    }
  });

  it('produces byte-identical files from the same input', async () => {
    await writeReports(path.join(dir, 'a'), makeRichInput());
    await writeReports(path.join(dir, 'b'), makeRichInput());
    for (const name of Object.values(REPORT_FILES)) {
      expect(readFileSync(path.join(dir, 'b', name)), name).toEqual(readFileSync(path.join(dir, 'a', name)));
    }
  });

  it('writes only the requested formats and rejects unknown ones', async () => {
    expect((await writeReports(dir, makeRichInput(), ['markdown'])).map((f) => path.basename(f))).toEqual([
      'summary.md',
    ]);
    await expect(writeReports(dir, makeRichInput(), ['pdf' as ReportFormat])).rejects.toThrow(
      /Unknown report format\(s\) pdf; use sarif, html, json, markdown/,
    );
  });

  it('writes nothing when a renderer fails', async () => {
    const input = makeRichInput();
    input.rules = input.rules.filter((r) => r.id !== 'access-application-http-only-cookie');
    await expect(writeReports(path.join(dir, 'x'), input)).rejects.toThrow(/access-application-http-only-cookie/);
    expect(() => readdirSync(path.join(dir, 'x'))).toThrow();
  });
});
