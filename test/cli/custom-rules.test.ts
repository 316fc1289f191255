/**
 * A custom rule written the way docs/writing-rules.md says: no references or frameworks, in a flat folder or a
 * <type>/ folder, run by `rules test DIR` and `evaluate --rules DIR` alike.
 */
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT_DIR } from '../../src/paths.js';
import { tempTree } from '../engine/helpers.js';
import { runCli } from './fixtures.js';

const RULE = `id: access-application-short-session
resource: access_application
title: Access applications keep sessions short
severity: medium
description: Compares each application's session duration with one hour.
risk: A stolen session cookie stays valid for as long as the session lasts.
remediation:
  dashboard: Zero Trust › Access › Applications › app › Session duration.
  api: "PUT the application with session_duration: 1h."
check: |
  $durationHours(session_duration) <= 1
message: "Access application '{{$name}}' ({{$id}}) keeps sessions for {{session_duration}}."
`;
const CASES = `pass:
  - name: half an hour
    resource: { id: a1, name: wiki, type: self_hosted, session_duration: 30m }
fail:
  - name: a day
    resource: { id: a2, name: admin, type: self_hosted, session_duration: 24h }
    message: "Access application 'admin' (a2) keeps sessions for 24h."
`;
const FILES = { 'access-application-short-session.yaml': RULE, 'access-application-short-session.test.yaml': CASES };
const WARNING = /\(check\): the check compares `session_duration` with <=/;
const NOT_APPLICABLE = `not_applicable:
  - name: no session duration
    resource: { id: a3, name: api, type: self_hosted }
`;

const dirs: string[] = [];
function folder(files: Record<string, string>): string {
  const dir = tempTree(files);
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('custom rules', () => {
  it('rules test accepts a flat and a per-type folder, and warns about a comparison with an absent field', async () => {
    const flat = folder(FILES);
    const typed = folder({
      'access_application/access-application-short-session.yaml': RULE,
      'access_application/access-application-short-session.test.yaml': CASES,
    });
    for (const dir of [flat, typed]) {
      const run = await runCli(['rules', 'test', dir], { cwd: dir });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout.split('\n').filter((l) => l.startsWith('WARN '))).toEqual([expect.stringMatching(WARNING)]);
      expect(run.stdout).toMatch(/^3 passed, 0 failed, 1 warning\(s\) \(1 rules\)$/m);
    }
    const covered = folder({
      'access-application-short-session.yaml': RULE,
      'access-application-short-session.test.yaml': CASES + NOT_APPLICABLE,
    });
    const run = await runCli(['rules', 'test', covered], { cwd: covered });
    expect(run.stdout).toBe('4 passed, 0 failed (1 rules)\n');
  });

  it('evaluate --rules loads the same folder, warns the same way, and links no missing help page', async () => {
    const rules = folder(FILES);
    const out = folder({});
    const argv = ['evaluate', DEMO_ACCOUNT_DIR, '--rules', rules, '--out', out, '--format', 'sarif'];
    argv.push('--fail-on', 'none');
    const run = await runCli(argv, { cwd: out });
    expect(run.code).toBe(0);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('warning: '))).toEqual([expect.stringMatching(WARNING)]);
    const sarif = JSON.parse(await readFile(path.join(out, 'report.sarif'), 'utf8')) as {
      runs: { tool: { driver: { rules: { id: string; helpUri?: string }[] } } }[];
    };
    const descriptors = sarif.runs[0]!.tool.driver.rules;
    expect(descriptors.find((d) => d.id === 'access-application-short-session')).not.toHaveProperty('helpUri');
    const builtin = descriptors.find((d) => d.id === 'access-application-http-only-cookie');
    expect(builtin?.helpUri).toMatch(/docs\/rules\.md#/);
  });
});
