import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCatalog, checkRule } from '../../src/engine/check-catalog.js';
import { loadRules } from '../../src/engine/load-rules.js';
import { fieldPaths } from '../../src/engine/field-paths.js';
import jsonata from 'jsonata';
import { rule, ruleYaml, tempTree } from './helpers.js';

const FILE = '/r/access_application/access-application-test-rule.yaml';

function problems(overrides: Record<string, string>, file = FILE): string[] {
  const real = { check: 'http_only_cookie_attribute = true', message: `"App {{$name}} ({{$id}})."` };
  return checkRule(rule({ ...real, ...overrides }, file)).map((p) => `${p.field}: ${p.message}`);
}

describe('field paths', () => {
  it('lists context paths, $snapshot and helper roots, and skips variables', () => {
    const paths = fieldPaths(
      jsonata(`(
      $p := policies[decision = 'allow'];
      $p.include.everyone and $.cors_headers.allow_all_origins and
      $snapshot.identity_provider[type = 'onetimepin'].config.client_id and
      $resource('access_group', id).include and $policiesOf($).approval_required and undefined
    )`).ast(),
    ).map((p) => `${p.root}:${p.steps.join('.')}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'context:policies',
        'context:policies.decision',
        'context:cors_headers.allow_all_origins',
        'identity_provider:type',
        'identity_provider:config.client_id',
        'access_group:include',
        'context:id',
        'access_policy:approval_required',
      ]),
    );
    expect(paths.some((p) => p.includes('everyone'))).toBe(false);
    expect(paths.some((p) => p.endsWith(':undefined'))).toBe(false);
  });
});

describe('checkRule', () => {
  it('accepts a rule whose fields exist', () => {
    expect(
      problems({
        check: 'http_only_cookie_attribute = true and cors_headers.allow_all_origins = false',
        message: `"App {{$name}} ({{$id}}) cors {{cors_headers.allowed_origins}}."`,
      }),
    ).toEqual([]);
  });

  it('reports a field that does not exist, with the path and known fields', () => {
    const p = problems({ check: 'cors_headers.allow_origins = true' });
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(
      /^check: check reads `cors_headers.allow_origins`, but access_application has no field `allow_origins` under `cors_headers`/,
    );
    expect(p[0]).toMatch(/allow_all_origins/);
    expect(p[0]).toMatch(/supplement.yaml/);
  });

  it('checks $snapshot paths against the other type and requires uses', () => {
    const p = problems({ check: `$count($snapshot.identity_provider[type = 'onetimepin' and conf.x]) = 0` });
    expect(p.some((m) => m.startsWith('check: check (through identity_provider) reads `conf`'))).toBe(true);
    expect(p.some((m) => m.startsWith('/uses:') && m.includes('identity_provider'))).toBe(true);
    expect(
      problems({ check: `$count($snapshot.identity_provider[type = 'onetimepin']) = 0`, uses: '[identity_provider]' }),
    ).toEqual([]);
    expect(problems({ check: '$idpType(allowed_idps[0]) != "onetimepin"' }).join()).toMatch(/uses.*identity_provider/);
    expect(problems({ check: `$isReferenced('custom_page', id)` }).join()).toMatch(/uses.*organization/);
  });

  it('checks placeholders, options, id and folder', () => {
    const msg = problems({ message: `"App {{$nme}} {{nosuch.field}} {{$options.limit}}."` }).join('\n');
    expect(msg).toMatch(/\{\{\$nme\}\} is unknown/);
    expect(msg).toMatch(/\{\{nosuch.field\}\} reads `nosuch.field`/);
    expect(msg).toMatch(/declares no option "limit"/);
    expect(problems({ check: '$count(tags) < $options.max' }).join()).toMatch(/declares no option "max"/);
    const misplaced = problems({}, '/r/access_policy/other-name.yaml');
    expect(misplaced.join('\n')).toMatch(
      /must equal the file name "other-name"[\s\S]*must equal the folder name "access_policy"/,
    );
    expect(
      problems({
        options: '\n  max: { type: number, default: 1, description: Limit, in hours. }',
        check: 'session_duration = $options.max',
      }).join(),
    ).toMatch(/"in hours." is not a JSON Schema keyword/);
  });
});

describe('checkCatalog', () => {
  it('requires a test file with pass and fail cases', async () => {
    const dir = tempTree({
      'access_application/access-application-test-rule.yaml': ruleYaml({
        check: 'http_only_cookie_attribute = true',
        message: `"App {{$id}}."`,
      }),
      'access_application/access-application-other.yaml': ruleYaml({
        id: 'access-application-other',
        check: 'http_only_cookie_attribute = true',
        message: `"App {{$id}}."`,
      }),
      'access_application/access-application-other.test.yaml': 'pass:\n  - name: ok\n    resource: { id: a }\n',
    });
    const rules = await loadRules([{ dir, builtin: false }]);
    const found = (await checkCatalog(rules)).map((p) => `${path.basename(p.file)} ${p.field} ${p.message}`);
    expect(
      found.some((m) => m.startsWith('access-application-test-rule.test.yaml') && m.includes('test file missing')),
    ).toBe(true);
    expect(found.some((m) => m.startsWith('access-application-other.test.yaml') && m.includes('"fail"'))).toBe(true);
  });
});
