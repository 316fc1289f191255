/**
 * YAML for rule, rule test, suppressions and configuration files: one parse that turns syntax errors and
 * alias bombs (anchors expanding exponentially, "billion laughs") into problems naming the file, instead of
 * an exception from deep inside the parser.
 */
import { parseDocument, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';
import type { LoadProblem } from './errors.js';

/** Alias expansions allowed in one file (yaml's `maxAliasCount`); the catalog's files use none. */
export const MAX_ALIAS_COUNT = 100;

export const ALIAS_BOMB_MESSAGE =
  `YAML aliases expand too far (more than ${MAX_ALIAS_COUNT} alias expansions, as in a "billion laughs" file); ` +
  'write the values out instead of repeating anchors';

export type YamlResult = { ok: true; value: unknown } | { ok: false; problems: LoadProblem[] };

/** True for the error yaml throws when aliases expand past `maxAliasCount`. */
export function isAliasBomb(err: unknown): boolean {
  return err instanceof ReferenceError && /alias count/i.test(err.message);
}

/** The document's value with alias expansion bounded; throws only what `isAliasBomb` recognises. */
export function documentValue(doc: Document): unknown {
  return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
}

/** Parse `text` (from `file`); `syntaxHint` is appended to syntax error messages. */
export function parseYaml(
  text: string,
  file: string,
  options: ParseOptions & DocumentOptions & SchemaOptions = {},
  syntaxHint = '',
): YamlResult {
  const doc = parseDocument(text, { prettyErrors: true, ...options });
  if (doc.errors.length > 0) {
    const message = (e: Error) => `YAML syntax error: ${e.message.split('\n')[0]}${syntaxHint}`;
    return { ok: false, problems: doc.errors.map((e) => ({ file, field: '', message: message(e) })) };
  }
  try {
    return { ok: true, value: documentValue(doc) };
  } catch (err) {
    if (isAliasBomb(err)) return { ok: false, problems: [{ file, field: '', message: ALIAS_BOMB_MESSAGE }] };
    throw err;
  }
}
