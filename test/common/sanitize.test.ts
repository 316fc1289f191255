import { describe, expect, it } from 'vitest';
import { escapeControls, hasControls, terminalText } from '../../src/common/sanitize.js';

const HOSTILE = 'evil\u001b]0;pwned\u0007\u001b[2J\r\u009b31mred\u202eelif\u0000end';

describe('terminalText', () => {
  it('turns every C0 (but tab and newline), DEL, C1 and bidi control into a visible escape', () => {
    const out = terminalText(`${HOSTILE}\u007f\n\tnext`);
    expect(out).toBe('evil\\x1b]0;pwned\\x07\\x1b[2J\\x0d\\x9b31mred\\u202eelif\\x00end\\x7f\n\tnext');
    expect(hasControls(out)).toBe(false);
    expect(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/.test(out)).toBe(false);
  });

  it('leaves ordinary text (Unicode included) as it is', () => {
    const text = 'Ünïcødé 🚀 app — "quoted" \\ back';
    expect(terminalText(text)).toBe(text);
  });

  it('escapes newlines and tabs too for single-line text', () => {
    expect(escapeControls('a\nb\tc\u2028d', true)).toBe('a\\x0ab\\x09c\\u2028d');
  });
});
