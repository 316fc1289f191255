import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import { REPORT_TEMPLATES_DIR } from '../paths.js';
import { FindingLinker, type AccessMapView } from './access-map.js';
import { HtmlPagePlan } from './html-view-model.js';
import { escapeControls } from '../common/sanitize.js';
import { inlineMarkdown } from './inline-markdown.js';
import { htmlPage } from './text-safety.js';
import type { ReportInput } from './types.js';

const HTML_DIR = path.join(REPORT_TEMPLATES_DIR, 'html');

interface Templates {
  page: Handlebars.TemplateDelegate;
  /** One account's access map (the `access-map` partial), as the page would render it in its turn. */
  accessMap: Handlebars.TemplateDelegate<{ multiAccount: boolean; map: AccessMapView }>;
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
  // `@root` of the partial is this template's input, as it would be the page's.
  const accessMap = hb.compile('{{#with map}}{{> access-map}}{{/with}}', { strict: true, noEscape: false });
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(js)}`,
    `style-src ${sha256(css)}`,
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  cached = { page, accessMap, css, js, csp };
  return cached;
}

/** Findings serialised per batch: the page is written in pieces of about this many rows. */
const FINDINGS_PER_CHUNK = 500;

/**
 * `report.html` in pieces, for writing to a file without holding the page as one string, nor every account at
 * once: the page's head (from one pass over the accounts, run before this returns); the findings rows, account by
 * account in batches; the table of access map rows they link to; each account's access map; the rest of the page;
 * and last the evidence, account by account. Each account is read once per pass (four passes).
 */
export function htmlChunks(input: ReportInput): Iterable<string> {
  const templates = loadTemplates();
  const plan = new HtmlPagePlan(input);
  const { head } = plan;
  const accounts = plan.accounts.map((_, a) => a);
  // Markers the page cannot contain otherwise (random, and replaced, so the output stays deterministic).
  const nonce = randomBytes(12).toString('hex');
  const markers = {
    findings: `findings-${nonce}`,
    reach: `reach-${nonce}`,
    accessMaps: `access-maps-${nonce}`,
    evidence: `evidence-${nonce}`,
  };
  const page = htmlPage(
    templates.page({
      ...head,
      data: { ...head.data, findings: markers.findings },
      reach: markers.reach,
      accessMaps: markers.accessMaps,
      evidence: markers.evidence,
      csp: templates.csp,
    }),
  );
  const { before, end } = splitBefore(page, [
    ['rows', jsonForScript(markers.findings)],
    ['reach', jsonForScript(markers.reach)],
    ...(head.hasAccessMaps ? [['accessMaps', markers.accessMaps] as const] : []),
    ['evidence', jsonForScript(markers.evidence)],
  ]);
  return (function* pieces() {
    const linker = new FindingLinker();
    // The access map rows the findings link to, as JSON, account by account while their rows are written.
    const links: string[] = [];
    const rowsOf = (a: number) => () => {
      const rows = plan.findingRows(a, linker);
      const added = linker.take();
      if (added.length > 0) links.push(added.map((link) => jsonForScript(link)).join(','));
      return rows;
    };
    yield before.rows ?? '';
    yield* jsonArrayChunks(accounts.map(rowsOf));
    yield before.reach ?? '';
    // Read by the page script, which comes next.
    yield '[';
    for (const [i, part] of links.entries()) yield htmlPage(i === 0 ? part : `,${part}`);
    yield ']';
    if (head.hasAccessMaps) {
      yield before.accessMaps ?? '';
      for (const a of accounts) {
        const map = plan.accessMap(a);
        if (map) yield htmlPage(templates.accessMap({ multiAccount: head.multiAccount, map }));
      }
    }
    yield before.evidence ?? '';
    // The rows come first; their evidence, read only when a finding is opened or printed, ends the page, so the
    // browser shows the first rows before it has read the evidence.
    yield* jsonArrayChunks(accounts.map((a) => () => plan.evidence(a)));
    yield end;
  })();
}

/** The page split at each marker (each must occur once, in order): the text before each, and after the last. */
function splitBefore<K extends string>(
  page: string,
  markers: readonly (readonly [K, string])[],
): { before: Partial<Record<K, string>>; end: string } {
  const before: Partial<Record<K, string>> = {};
  let rest = page;
  for (const [key, marker] of markers) {
    const at = rest.indexOf(marker);
    if (at < 0) throw new Error('report.hbs must embed the data, reach table, access maps and evidence once each.');
    before[key] = rest.slice(0, at);
    rest = rest.slice(at + marker.length);
  }
  return { before, end: rest };
}

/** One JSON array for an inline script, from lists made one at a time, in batches of FINDINGS_PER_CHUNK items. */
function* jsonArrayChunks(lists: Iterable<() => readonly unknown[]>): Iterable<string> {
  yield '[';
  let first = true;
  for (const list of lists) {
    const items = list();
    for (let i = 0; i < items.length; i += FINDINGS_PER_CHUNK) {
      const batch = items
        .slice(i, i + FINDINGS_PER_CHUNK)
        .map((item) => jsonForScript(item))
        .join(',');
      yield htmlPage(first ? batch : `,${batch}`);
      first = false;
    }
  }
  yield ']';
}

/** `report.html`: one self-contained page (inline CSS, JS, SVG; no network; CSP by hashes). */
export function renderHtml(input: ReportInput): string {
  return [...htmlChunks(input)].join('');
}
