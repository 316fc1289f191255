/**
 * Writes the resource catalog's types into every JSON Schema that lists them, so no schema copies the list by
 * hand. test/schemas/resource-type-enums.test.ts fails when a schema is out of date.
 *
 *   npm run schemas            # rewrite what is out of date
 *   npm run schemas -- --check # only report it (exit 1)
 *
 * Only the listed spots change; the rest of each file keeps its formatting byte for byte.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from '../src/paths.js';
// The one import of the catalog's type list for the schemas (and their tests).
import { RESOURCE_TYPES } from '../src/catalog/resource-types.js';

export { RESOURCE_TYPES };

/** A JSON pointer into a schema and the value it must hold. */
export interface Slot {
  pointer: string;
  value: unknown;
}

export interface SchemaSlots {
  /** Package-relative path of the schema. */
  file: string;
  slots: Slot[];
}

/** Where each schema lists the resource types. Every other list refers to these (`$ref`). */
export function resourceTypeSlots(types: readonly string[] = RESOURCE_TYPES): SchemaSlots[] {
  const list = [...types];
  const coverageEntries = Object.fromEntries(list.map((t) => [t, { $ref: '#/$defs/coverageEntry' }]));
  return [
    { file: 'rules/rule.schema.json', slots: [{ pointer: '/definitions/resource_type/enum', value: list }] },
    { file: 'rules/rule-test.schema.json', slots: [{ pointer: '/definitions/resource_type/enum', value: list }] },
    { file: 'schemas/findings.schema.json', slots: [{ pointer: '/definitions/resource_type/enum', value: list }] },
    {
      file: 'schemas/snapshot-manifest.schema.json',
      slots: [
        { pointer: '/properties/coverage/required', value: list },
        { pointer: '/properties/coverage/properties', value: coverageEntries },
        { pointer: '/properties/zone_coverage/additionalProperties/properties', value: coverageEntries },
      ],
    },
  ];
}

type Span = [start: number, end: number];

/** The text span of every value in a JSON text, by JSON pointer ("" is the whole document). */
export function valueSpans(text: string): Map<string, Span> {
  const spans = new Map<string, Span>();
  let pos = 0;
  const skipSpace = (): void => {
    while (pos < text.length && ' \t\r\n'.includes(text[pos]!)) pos += 1;
  };
  const readString = (): string => {
    const start = pos;
    pos += 1;
    while (text[pos] !== '"') {
      if (pos >= text.length) throw new Error(`unterminated string at offset ${start}`);
      pos += text[pos] === '\\' ? 2 : 1;
    }
    pos += 1;
    return JSON.parse(text.slice(start, pos)) as string;
  };
  const expect = (char: string): void => {
    skipSpace();
    if (text[pos] !== char) throw new Error(`expected "${char}" at offset ${pos}`);
    pos += 1;
  };
  const readValue = (pointer: string): void => {
    skipSpace();
    const start = pos;
    const open = text[pos];
    if (open === '{' || open === '[') {
      pos += 1;
      skipSpace();
      const close = open === '{' ? '}' : ']';
      for (let index = 0; text[pos] !== close; index += 1) {
        if (index > 0) expect(',');
        skipSpace();
        const key = open === '{' ? readString() : String(index);
        if (open === '{') expect(':');
        readValue(`${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
        skipSpace();
      }
      pos += 1;
    } else if (open === '"') {
      readString();
    } else {
      while (pos < text.length && !',]} \t\r\n'.includes(text[pos]!)) pos += 1;
    }
    spans.set(pointer, [start, pos]);
  };
  readValue('');
  return spans;
}

/** Indentation of the line `offset` is on. */
function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

export interface SlotUpdate {
  /** The schema text with every slot holding its value (the same text when nothing was out of date). */
  text: string;
  /** Pointers whose value was out of date. */
  stale: string[];
}

/**
 * Puts each slot's value into a schema's text. A slot already holding its value (same items, same order) is
 * left as it is written; a stale one is rewritten with two-space indentation at its line's indent.
 */
export function applySlots(file: string, text: string, slots: readonly Slot[]): SlotUpdate {
  const spans = valueSpans(text);
  const edits: { span: Span; replacement: string; pointer: string }[] = [];
  for (const slot of slots) {
    const span = spans.get(slot.pointer);
    if (!span) throw new Error(`${file}: nothing at ${slot.pointer}; update resourceTypeSlots() in ${SCRIPT}`);
    const current = JSON.parse(text.slice(...span)) as unknown;
    if (JSON.stringify(current) === JSON.stringify(slot.value)) continue;
    const indent = lineIndent(text, span[0]);
    const replacement = JSON.stringify(slot.value, null, 2).replace(/\n/g, `\n${indent}`);
    edits.push({ span, replacement, pointer: slot.pointer });
  }
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.span[0] - a.span[0])) {
    out = out.slice(0, edit.span[0]) + edit.replacement + out.slice(edit.span[1]);
  }
  return { text: out, stale: edits.map((e) => e.pointer) };
}

const SCRIPT = 'scripts/generate-schema-enums.ts';

/** Brings every schema up to date (or, with `check`, only lists what is stale); returns `file pointer` lines. */
export async function updateSchemas(check: boolean, root = PACKAGE_ROOT): Promise<string[]> {
  const stale: string[] = [];
  for (const { file, slots } of resourceTypeSlots()) {
    const absolute = path.join(root, file);
    const text = await readFile(absolute, 'utf8');
    const update = applySlots(file, text, slots);
    stale.push(...update.stale.map((pointer) => `${file} ${pointer}`));
    if (!check && update.text !== text) await writeFile(absolute, update.text);
  }
  return stale;
}

async function main(): Promise<void> {
  const check = process.argv.includes('--check');
  const stale = await updateSchemas(check);
  for (const line of stale) process.stderr.write(`${check ? 'out of date' : 'updated'}: ${line}\n`);
  if (check && stale.length > 0) {
    process.stderr.write('Run "npm run schemas" to write the resource types into these schemas.\n');
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main().catch((err: unknown) => {
    process.stderr.write(`generate-schema-enums: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
