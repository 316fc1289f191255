import { describe, expect, it } from 'vitest';
import { htmlPage, markdownCell, markdownCode, sarifText } from '../../src/renderers/text-safety.js';

const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

describe('markdownCell', () => {
  it('cannot start a heading, a link, an image, an autolink, HTML, a mention or a new table row', () => {
    const hostile =
      'x\n# Heading\n| a | b |\n[click](https://evil.example) ![i](x) <b>hi</b> @org/team `code` ' +
      'www.evil.example \u001b[31m';
    const cell = markdownCell(hostile);
    expect(cell).not.toMatch(/[\n\r]/);
    expect(cell).not.toMatch(CONTROL);
    expect(cell).not.toMatch(/(^|[^\\])[[\]|`<>@]/);
    expect(cell).not.toContain('https://');
    expect(cell).not.toContain('www.evil');
    expect(cell).toBe(
      'x \\# Heading \\| a \\| b \\| \\[click\\](https&#58;//evil.example) ' +
        '\\!\\[i\\](x) &lt;b&gt;hi&lt;/b&gt; ' +
        '&#64;org/team \\`code\\` www&#46;evil.example \\\\x1b\\[31m',
    );
  });

  it('cuts to the length given, with an ellipsis', () => {
    expect(markdownCell('a'.repeat(50), 10)).toBe(`${'a'.repeat(9)}…`);
  });

  it('neutralises entities from data', () => {
    expect(markdownCell('&#124; &lt;')).toBe('&amp;\\#124; &amp;lt;');
  });
});

describe('markdownCode', () => {
  it('stays one code span in one table cell', () => {
    const code = markdownCode('id`with|pipe\nand\u001bescape');
    expect(code).toBe("`id'with\\|pipe and\\x1bescape`");
    expect(code.match(/`/g)).toHaveLength(2);
  });
});

describe('sarifText', () => {
  it('escapes brackets (and a backslash before one) so data never forms an embedded link', () => {
    expect(sarifText('see [x](1) and [docs](https://evil)')).toBe('see \\[x\\](1) and \\[docs\\](https://evil)');
    expect(sarifText('a\\[b] c\\d')).toBe('a\\\\\\[b\\] c\\d');
  });

  it('has no control characters', () => {
    expect(sarifText('a\u001b[31mb\u009bc\nd')).toBe('a\\x1b\\[31mb\\x9bc\nd');
  });
});

describe('htmlPage', () => {
  it('replaces any raw control character left in a page', () => {
    expect(htmlPage('<p>a\u001b[2Jb\u0085c\u202ed</p>\n')).toBe('<p>a\uFFFD[2Jb\uFFFDc\uFFFDd</p>\n');
  });
});
