import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pathBelow, resultRegion, snapshotDocuments } from '../../src/renderers/locations.js';
import { makeResourceRecord } from '../../src/snapshot/layout.js';
import { formatJson } from '../../src/snapshot/write.js';
import { snapshotOf } from '../emulator/fixtures.js';
import { ACCOUNT_ID, makeAccount, makeResult } from './fixtures.js';

const account = { kind: 'account', id: ACCOUNT_ID } as const;
const everyone = { id: 'pol-a', name: 'Everyone', decision: 'allow', include: [{ everyone: {} }], require: [] };
const copy = { ...everyone, include: [{ email: { email: 'a@example.com' } }] };
const reusable = { id: 'pol-r', name: 'Reusable', decision: 'allow', reusable: true, include: [] };
const APP = { id: 'app-1', name: 'wiki', policies: [reusable, everyone, copy] };

function lineOf(data: unknown, line: number): string {
  return formatJson(data).split('\n')[line - 1]!;
}

describe('snapshotDocuments and resultRegion', () => {
  const snapshot = snapshotOf([makeResourceRecord('access_application', account, APP)]);
  const report = makeAccount({ manifest: snapshot.manifest, documents: snapshotDocuments(snapshot) });

  it('knows where each embedded policy sits in its application, a changed copy included', () => {
    expect([...report.documents!.embeddedPolicies]).toEqual([
      ['pol-a', 1],
      ['pol-a@app-1', 2],
    ]);
  });

  it("points an embedded policy's finding at its field inside the application file", () => {
    const policy = (id: string, evidence: string) =>
      makeResult({
        rule_id: 'access-policy-no-everyone',
        resource_type: 'access_policy',
        resource_id: id,
        file: 'access_application/app-1.json',
        application: { id: 'app-1', name: 'wiki' },
        evidence: [
          { path: 'absent_field', value: null },
          { path: evidence, value: null },
        ],
      });
    const first = resultRegion(policy('pol-a', 'include[0].everyone'), report)!;
    expect(lineOf(APP, first.startLine)).toBe('          "everyone": {}');
    expect(first).toMatchObject({ endLine: first.startLine, startColumn: 11, endColumn: 25 });
    const changed = resultRegion(policy('pol-a@app-1', 'include'), report)!;
    expect(lineOf(APP, changed.startLine)).toBe('      "include": [');
    expect(lineOf(APP, changed.startLine + 2)).toBe('          "email": {');
  });

  it('spans the whole resource (or embedded policy) when no evidence path names a field of it', () => {
    const app = resultRegion(makeResult({ evidence: [{ path: '(a label)', value: 1 }] }), report)!;
    expect(app).toEqual({
      startLine: 1,
      startColumn: 1,
      endLine: formatJson(APP).split('\n').length - 1,
      endColumn: 2,
    });
    const policy = resultRegion(
      makeResult({
        resource_type: 'access_policy',
        resource_id: 'pol-a',
        file: 'access_application/app-1.json',
        application: { id: 'app-1', name: 'wiki' },
        evidence: [],
      }),
      report,
    )!;
    expect(lineOf(APP, policy.startLine).trim()).toBe('{');
    expect(lineOf(APP, policy.startLine + 1).trim()).toBe('"id": "pol-a",');
  });

  it("points a result without a file at its type in the manifest's coverage", () => {
    const result = makeResult({ resource_type: 'organization', resource_id: 'organization', file: null });
    const region = resultRegion(result, report)!;
    expect(lineOf(snapshot.manifest, region.startLine)).toBe('    "organization": {');
  });

  it('gives nothing when the file is not known', () => {
    expect(resultRegion(makeResult({ file: 'access_application/other.json' }), report)).toBeUndefined();
    expect(resultRegion(makeResult(), makeAccount())).toBeUndefined();
  });
});

describe('pathBelow', () => {
  const root = path.resolve('/repo');
  it('gives the POSIX path below the root, or nothing outside it', () => {
    expect(pathBelow(root, path.join(root, 'cloudflare-access', 'acc'))).toBe('cloudflare-access/acc');
    expect(pathBelow(root, root)).toBe('.');
    expect(pathBelow(root, path.resolve('/repository'))).toBeUndefined();
    expect(pathBelow(root, path.resolve('/other/snap'))).toBeUndefined();
    expect(pathBelow(path.join(root, 'a'), root)).toBeUndefined();
    expect(pathBelow(root, path.join(root, '..dots'))).toBe('..dots');
  });
});
