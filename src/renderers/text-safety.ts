/**
 * One sanitiser per output kind, for text that comes from data (resource names, ids, API error text):
 * a Markdown table cell, a Markdown code span, SARIF message text, and the final HTML page.
 */
import { escapeControls } from '../common/sanitize.js';

/** `text` cut to `max` characters with an ellipsis. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text[max - 2] ?? '') ? max - 2 : max - 1;
  return `${text.slice(0, end)}…`;
}

/**
 * Text safe inside a Markdown table cell (or a heading): one line, no control characters, no HTML, entities,
 * emphasis, links, images, autolinks, code, @mentions or pipes.
 */
export function markdownCell(text: string, max = 300): string {
  const flat = escapeControls(text.replace(/[\s\u2028\u2029]+/g, ' ').trim(), true);
  return cut(flat, max)
    .replace(/([\\`*_[\]|~#!])/g, '\\$1')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@/g, '&#64;')
    .replace(/:(?=\/\/)/g, '&#58;')
    .replace(/\b(www)\./gi, '$1&#46;');
}

/**
 * A Markdown code span safe inside a table cell: one line, no control characters, backticks replaced,
 * pipes escaped (GitHub splits cells on `|` even inside code spans).
 */
export function markdownCode(text: string, max = 200): string {
  const flat = escapeControls(text.replace(/[\s\u2028\u2029]+/g, ' ').trim(), true);
  return `\`${cut(flat, max).replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

/**
 * SARIF `message.text` from data: no control characters, and square brackets escaped with a backslash
 * (SARIF 2.1.0 §3.11.6) so `[text](target)` in a name never becomes an embedded link.
 */
export function sarifText(text: string): string {
  return escapeControls(text)
    .replace(/\\(?=[[\]])/g, '\\\\')
    .replace(/[[\]]/g, '\\$&');
}

/** Raw control characters anywhere in the page (a safety net: data is escaped before) become U+FFFD. */
const HTML_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function htmlPage(html: string): string {
  return html.replace(HTML_CONTROL, '\uFFFD');
}
