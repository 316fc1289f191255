/**
 * The one renderer of authored rule text (descriptions, risks, remediation) into HTML. The page script shows
 * remediation by copying these rendered nodes from the rule reference, so the page never renders Markdown twice.
 */
import Handlebars from 'handlebars';

/** Escapes text (Handlebars escapes a backtick as `&#x60;`), then renders only `code`, **bold** and *italic* spans. */
export function inlineMarkdown(text: string): string {
  return Handlebars.escapeExpression(text)
    .replace(/&#x60;(.+?)&#x60;/g, '<code>$1</code>')
    .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
    .replace(/(^|[\s(])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>');
}
