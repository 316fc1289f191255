/**
 * Control characters from data (API error text, resource names) must not reach a terminal or a report:
 * ESC starts terminal sequences, CR overwrites a line, bidi overrides reorder what is shown.
 * Each is replaced by a visible escape (`\x1b`, `\u202e`), so the text stays readable and inert.
 */

/** C0 (but tab and newline), DEL, C1, and the bidi formatting characters. */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
/** The same plus tab and newline, for text that must stay on one line. */
const CONTROL_OR_BREAK = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u2028\u2029]/g;

function visible(char: string): string {
  const code = char.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Replaces control characters (tab and newline kept unless `singleLine`) by visible escapes. */
export function escapeControls(text: string, singleLine = false): string {
  const pattern = singleLine ? CONTROL_OR_BREAK : CONTROL;
  pattern.lastIndex = 0;
  return pattern.test(text) ? text.replace(pattern, visible) : text;
}

/** True when `text` holds a character `escapeControls` would replace. */
export function hasControls(text: string): boolean {
  CONTROL.lastIndex = 0;
  return CONTROL.test(text);
}

/** Text for stderr: no terminal escape sequences, no carriage returns; newlines kept. */
export function terminalText(text: string): string {
  return escapeControls(text);
}
