import { describe, expect, it } from 'vitest';
import {
  jsonLineCount,
  jsonRegion,
  parseJsonPath,
  wholeJsonRegion,
  type JsonPathSegment,
  type JsonRegion,
} from '../../src/renderers/json-lines.js';
import { formatJson } from '../../src/snapshot/write.js';

const RESOURCE = {
  id: 'app-1',
  name: 'wiki "internal"\nsecond line',
  'key.with.dots': 1,
  empty_object: {},
  empty_list: [],
  policies: [
    { id: 'p1', include: [{ everyone: {} }, { email: { email: 'a@example.com' } }], require: [] },
    { id: 'p2', include: [{ email_domain: { domain: 'example.com' } }], exclude: [null, 3.5, true] },
  ],
  cors_headers: { allow_all_origins: true, allowed_methods: ['GET', 'POST'] },
  'ünïcödé 🔑': 'värde 🚀',
  '10': 'numeric keys come first in JSON.stringify',
  http_only_cookie_attribute: false,
  nothing: null,
  skipped: undefined,
};

/** Every member path of a value, depth first. */
function allPaths(value: unknown, prefix: JsonPathSegment[] = []): JsonPathSegment[][] {
  if (typeof value !== 'object' || value === null) return [];
  const entries: [JsonPathSegment, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.keys(value)
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, (value as Record<string, unknown>)[k]]);
  return entries.flatMap(([key, child]) => [[...prefix, key], ...allPaths(child, [...prefix, key])]);
}

function valueAt(root: unknown, path: JsonPathSegment[]): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root);
}

/** The text a region covers in the pretty-printed file. */
function regionText(text: string, region: JsonRegion): string {
  const lines = text.split('\n').slice(region.startLine - 1, region.endLine);
  lines[lines.length - 1] = lines[lines.length - 1]!.slice(0, region.endColumn - 1);
  lines[0] = lines[0]!.slice(region.startColumn - 1);
  return lines.join('\n');
}

describe('jsonRegion', () => {
  const text = formatJson(RESOURCE);

  it('covers exactly the member as JSON.stringify writes it, key included, for every path', () => {
    const paths = allPaths(RESOURCE);
    expect(paths.length).toBeGreaterThan(30);
    for (const path of paths) {
      const region = jsonRegion(RESOURCE, path);
      expect(region, path.join('/')).toBeDefined();
      const key = path[path.length - 1]!;
      const indent = ' '.repeat(path.length * 2);
      const value = JSON.stringify(valueAt(RESOURCE, path), null, 2).replace(/\n/g, `\n${indent}`);
      const expected = typeof key === 'string' ? `${JSON.stringify(key)}: ${value}` : value;
      expect(regionText(text, region!), path.join('/')).toBe(expected);
      expect(text.split('\n')[region!.startLine - 1]!.slice(0, region!.startColumn - 1), path.join('/')).toBe(indent);
    }
  });

  it('names the line of a field (the example of issue 11)', () => {
    const region = jsonRegion(RESOURCE, ['http_only_cookie_attribute'])!;
    expect(text.split('\n')[region.startLine - 1]).toBe('  "http_only_cookie_attribute": false,');
    expect(region).toMatchObject({ startLine: region.endLine, startColumn: 3 });
  });

  it('gives nothing for a path that does not resolve', () => {
    for (const path of [
      ['absent'],
      ['policies', 2],
      ['policies', 'p1'],
      ['cors_headers', 0],
      ['id', 'x'],
      ['skipped'],
      ['http_only_cookie_attribute', 'x'],
      ['empty_list', 0],
    ] as JsonPathSegment[][]) {
      expect(jsonRegion(RESOURCE, path), path.join('/')).toBeUndefined();
    }
  });

  it('spans the whole value for an empty path, and counts lines as the writer does', () => {
    const lines = text.split('\n').length - 1;
    expect(jsonLineCount(RESOURCE)).toBe(lines);
    expect(wholeJsonRegion(RESOURCE)).toEqual({ startLine: 1, startColumn: 1, endLine: lines, endColumn: 2 });
    expect(jsonRegion(RESOURCE, [])).toEqual(wholeJsonRegion(RESOURCE));
    expect(wholeJsonRegion({})).toEqual({ startLine: 1, startColumn: 1, endLine: 1, endColumn: 3 });
    expect(jsonLineCount([])).toBe(1);
    expect(jsonLineCount('a\nb')).toBe(1);
  });
});

describe('parseJsonPath', () => {
  it('reads keys and array indexes', () => {
    expect(parseJsonPath('policies[0].include[1].everyone')).toEqual(['policies', 0, 'include', 1, 'everyone']);
    expect(parseJsonPath('cors_headers.allow_all_origins')).toEqual(['cors_headers', 'allow_all_origins']);
    expect(parseJsonPath('destinations[12]')).toEqual(['destinations', 12]);
    expect(parseJsonPath('(applications using the policy)')).toEqual(['(applications using the policy)']);
  });

  it('refuses what is not a field path', () => {
    for (const path of ['', 'policies[*].include', 'a..b', 'a[0]b', 'a[', 'a]', 'a.']) {
      expect(parseJsonPath(path), path).toBeUndefined();
    }
  });
});
