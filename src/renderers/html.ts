import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { REPORT_TEMPLATES_DIR } from '../paths.js';
import { buildHtmlViewModel } from './html-view-model.js';
import { escapeControls } from '../common/sanitize.js';
import { inlineMarkdown } from './inline-markdown.js';
import { htmlPage } from './text-safety.js';
import type { ReportInput } from './types.js';

const HTML_DIR = path.join(REPORT_TEMPLATES_DIR, 'html');

interface Templates {
  page: Handlebars.TemplateDelegate;
  css: string;
  js: string;
  csp: string;
}

let cached: Templates | undefined;

/** A JSON text that would hand control characters to the page's script (escaped C0, raw C1 or bidi). */
const JSON_CONTROL = /\\u00[01][0-9a-f]|\\[bfr]|[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * JSON that is inert inside `<script type="application/json">`: no `<`, `>`, `&` or line separators survive,
 * and control characters in strings are replaced by visible escapes (`\x1b`) before the page script sees them.
 */
export function jsonForScript(value: unknown): string {
  let json = JSON.stringify(value);
  if (JSON_CONTROL.test(json)) {
    json = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? escapeControls(v) : v));
  }
  return json
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function sha256(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

function readAsset(name: string, closingTag: string): string {
  const file = path.join(HTML_DIR, name);
  const text = readFileSync(file, 'utf8');
  if (text.toLowerCase().includes(closingTag)) {
    throw new Error(`${file} contains "${closingTag}", which would end the inline element early.`);
  }
  return text;
}

function loadTemplates(): Templates {
  if (cached) return cached;
  const hb = Handlebars.create();
  hb.registerHelper('inlineMarkdown', (text: unknown) => new hb.SafeString(inlineMarkdown(String(text ?? ''))));
  hb.registerHelper('scriptJson', (value: unknown) => new hb.SafeString(jsonForScript(value)));
  const css = readAsset('report.css', '</style');
  const js = readAsset('report.js', '</script');
  hb.registerHelper('inlineCss', () => new hb.SafeString(css));
  hb.registerHelper('inlineJs', () => new hb.SafeString(js));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  const partialsDir = path.join(HTML_DIR, 'partials');
  for (const name of readdirSync(partialsDir)
    .filter((n) => n.endsWith('.hbs'))
    .sort()) {
    hb.registerPartial(name.slice(0, -'.hbs'.length), readFileSync(path.join(partialsDir, name), 'utf8'));
  }
  const page = hb.compile(readFileSync(path.join(HTML_DIR, 'report.hbs'), 'utf8'), { strict: true, noEscape: false });
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(js)}`,
    `style-src ${sha256(css)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  cached = { page, css, js, csp };
  return cached;
}

/** Findings serialised per batch: the page is written in pieces of about this many rows. */
const FINDINGS_PER_CHUNK = 500;

/**
 * `report.html` in pieces, for writing to a file without holding the page as one string: the page around the
 * findings, then the findings' JSON in batches. Everything that can fail (view model, template) runs before this
 * returns; iterating only serialises findings.
 */
export function htmlChunks(input: ReportInput): Iterable<string> {
  const templates = loadTemplates();
  const model = buildHtmlViewModel(input);
  const { findings } = model.data;
  // Markers the page cannot contain otherwise (random, and replaced, so the output stays deterministic).
  const nonce = randomBytes(12).toString('hex');
  const markers = [`"findings-${nonce}"`, `"evidence-${nonce}"`];
  const data = { ...model.data, findings: markers[0] };
  const page = htmlPage(templates.page({ ...model, data, evidence: markers[1], csp: templates.csp }));
  const [head = '', middle = '', tail = ''] = splitAt(page, markers.map(jsonForScript));
  // The rows come first; their evidence, read only when a finding is opened or printed, ends the page, so the
  // browser shows the first rows before it has read the evidence.
  const rows = findings.map(({ e: _evidence, ...row }) => row);
  const evidence = findings.map((f) => f.e ?? 0);
  return (function* pieces() {
    yield head;
    yield* jsonArrayChunks(rows);
    yield middle;
    yield* jsonArrayChunks(evidence);
    yield tail;
  })();
}

/** The page split around each marker, which must occur once, in order. */
function splitAt(page: string, markers: string[]): string[] {
  const parts: string[] = [];
  let rest = page;
  for (const marker of markers) {
    const at = rest.indexOf(marker);
    if (at < 0) throw new Error('report.hbs must embed the report data and the evidence once each (scriptJson).');
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + marker.length);
  }
  return [...parts, rest];
}

/** A JSON array for an inline script, in batches of FINDINGS_PER_CHUNK items. */
function* jsonArrayChunks(items: readonly unknown[]): Iterable<string> {
  yield '[';
  for (let i = 0; i < items.length; i += FINDINGS_PER_CHUNK) {
    const batch = items
      .slice(i, i + FINDINGS_PER_CHUNK)
      .map((item) => jsonForScript(item))
      .join(',');
    yield htmlPage(i === 0 ? batch : `,${batch}`);
  }
  yield ']';
}

/** `report.html`: one self-contained page (inline CSS, JS, SVG; no network; CSP by hashes). */
export function renderHtml(input: ReportInput): string {
  return [...htmlChunks(input)].join('');
}
