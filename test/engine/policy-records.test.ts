import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateNaive, evaluateSnapshot } from '../../src/engine/evaluate.js';
import {
  embeddedPolicyRecords,
  isEmbeddedPolicy,
  ruleRecordsOf,
  scopePhrase,
} from '../../src/engine/policy-records.js';
import { caseSnapshot, loadRuleCases } from '../../src/engine/rule-cases.js';
import { RuleLoadError } from '../../src/engine/errors.js';
import type { Snapshot, ResourceRecord } from '../../src/snapshot/types.js';
import type { ResourceType } from '../../src/catalog/resource-types.js';
import { rule, tempTree } from './helpers.js';

const now = new Date('2026-01-15T00:00:00Z');

function policyRule(overrides: Record<string, string> = {}) {
  return rule(
    {
      id: 'access-policy-test-rule',
      resource: 'access_policy',
      check: `"decision = 'allow' ? $not($includesEveryone($)) : undefined"`,
      message: `"Access policy '{{$name}}' ({{$id}}){{$scope}} allows everyone."`,
      uses: '[access_group]',
      ...overrides,
    },
    '/rules/access_policy/access-policy-test-rule.yaml',
  );
}

function rec(
  type: ResourceType,
  data: Record<string, unknown>,
  scope: ResourceRecord['scope'] = { kind: 'account', id: 'acc' },
): ResourceRecord {
  const key = String(data.id);
  return { type, key, scope, file: `${type}/${key}.json`, data };
}

const open = { decision: 'allow', include: [{ everyone: {} }] };
const staff = { decision: 'allow', include: [{ email_domain: { domain: 'example.com' } }] };

/** Three apps share reusable policy rp-1; app-1 and app-3 also hold app-scoped policies. */
function snapshot(): Snapshot {
  const { snapshot: s } = caseSnapshot(policyRule(), {
    name: 's',
    resource: { id: 'rp-1', name: 'shared', ...open, reusable: true },
  });
  s.resources.access_application = [
    rec('access_application', {
      id: 'app-1',
      name: 'Wiki',
      policies: [
        { id: 'rp-1', name: 'shared', ...open },
        { id: 'p-1', name: 'own', ...open, precedence: 2 },
      ],
    }),
    rec('access_application', {
      id: 'app-2',
      name: 'CRM',
      policies: [{ id: 'rp-1', name: 'shared', ...open, reusable: true }],
    }),
    rec(
      'access_application',
      {
        id: 'app-3',
        policies: [
          { id: 'rp-1', name: 'shared' },
          { id: 'p-3', name: 'staff', ...staff },
          { id: 'rp-gone', name: 'listed reusable', reusable: true, ...open },
        ],
      },
      { kind: 'zone', id: 'zone-1' },
    ),
  ];
  return s;
}

describe('embedded (app-scoped) policy records', () => {
  it('one record per app-scoped policy, held by its application file; reusable ones are not repeated', () => {
    const s = snapshot();
    const records = embeddedPolicyRecords(s);
    expect(records.map((r) => [r.key, r.file, r.application, r.scope])).toEqual([
      ['p-1', 'access_application/app-1.json', { id: 'app-1', name: 'Wiki' }, { kind: 'account', id: 'acc' }],
      ['p-3', 'access_application/app-3.json', { id: 'app-3', name: 'app-3' }, { kind: 'zone', id: 'zone-1' }],
    ]);
    const app1Policies = s.resources.access_application[0]!.data.policies as unknown[];
    expect(records[0]!.data).toBe(app1Policies[1]);
    expect(records.every((r) => r.type === 'access_policy' && isEmbeddedPolicy(r))).toBe(true);
    expect(scopePhrase(records[0]!)).toBe(" in application 'Wiki' (app-1)");
    expect(scopePhrase(s.resources.access_policy[0]!)).toBe('');
    expect(ruleRecordsOf(s)('access_policy').map((r) => r.key)).toEqual(['rp-1', 'p-1', 'p-3']);
    expect(ruleRecordsOf(s)('access_application')).toBe(s.resources.access_application);
  });

  it('a policy id embedded in two applications is one record; policies without an id get a positional key', () => {
    const s = snapshot();
    s.resources.access_application.push(
      rec('access_application', {
        id: 'app-4',
        name: 'Copy',
        policies: [
          { id: 'p-1', name: 'own', ...open },
          { name: 'no id', ...staff },
        ],
      }),
    );
    expect(embeddedPolicyRecords(s).map((r) => r.key)).toEqual(['p-1', 'p-3', 'app-4/policies[1]']);
  });

  it(
    'access_policy rules evaluate reusable and app-scoped ' + 'policies: a reusable policy on three apps is one result',
    async () => {
      for (const evaluate of [evaluateSnapshot, evaluateNaive]) {
        const { results } = await evaluate(snapshot(), [policyRule()], { now });
        expect(results.map((r) => [r.resource_id, r.status, r.file, r.zone_id])).toEqual([
          ['p-1', 'fail', 'access_application/app-1.json', undefined],
          ['p-3', 'pass', 'access_application/app-3.json', 'zone-1'],
          ['rp-1', 'fail', 'access_policy/rp-1.json', undefined],
        ]);
        const own = results.find((r) => r.resource_id === 'p-1')!;
        expect(own).toMatchObject({
          resource_type: 'access_policy',
          resource_name: 'own',
          message: "Access policy 'own' (p-1) in application 'Wiki' (app-1) allows everyone.",
          evidence: [{ path: 'decision', value: 'allow' }],
        });
        expect(results.find((r) => r.resource_id === 'rp-1')!.message).toBe(
          "Access policy 'shared' (rp-1) allows everyone.",
        );
        expect(own.application).toEqual({ id: 'app-1', name: 'Wiki' });
        expect(results.find((r) => r.resource_id === 'rp-1')!.application).toBeUndefined();
      }
    },
  );

  it('evidence paths are relative to the policy, not to the application file', async () => {
    const r = policyRule({ evidence: `'[{"path": "include[0]", "value": include[0]}]'` });
    const { results } = await evaluateSnapshot(snapshot(), [r], { now });
    expect(results.find((x) => x.resource_id === 'p-1')!.evidence).toEqual([
      { path: 'include[0]', value: { everyone: {} } },
    ]);
  });

  it('an access_policy rule is unknown when applications were not fully collected (and never passes)', async () => {
    const s = snapshot();
    s.manifest.coverage.access_application = {
      status: 'forbidden',
      count: 0,
      requests: 1,
      message: 'needs Access: Apps and Policies Read',
    };
    const { results } = await evaluateSnapshot(s, [policyRule()], { now });
    expect(results.filter((r) => r.status === 'pass')).toEqual([]);
    const unknown = results.filter((r) => r.status === 'unknown');
    expect(unknown).toHaveLength(1);
    expect(unknown[0]!.detail).toBe('access_application is forbidden: needs Access: Apps and Policies Read');
  });

  it('$applicationOf tells app-scoped policies (their application) from reusable ones (undefined)', async () => {
    const r = policyRule({
      check: `'$isKnown($applicationOf($)) ? false : true'`,
      message: `"Policy {{$id}}{{$scope}}."`,
      uses: '[access_application]',
    });
    const { results } = await evaluateSnapshot(snapshot(), [r], { now });
    expect(results.map((x) => [x.resource_id, x.status, x.message])).toEqual([
      ['p-1', 'fail', "Policy p-1 in application 'Wiki' (app-1)."],
      ['p-3', 'fail', "Policy p-3 in application 'app-3' (app-3)."],
      ['rp-1', 'pass', "'shared' (rp-1): Test applications are compliant."],
    ]);
  });
});

describe('rule cases with an embedding application', () => {
  it('puts the case policy into the application and expects its result under the policy id', () => {
    const { snapshot: s, key } = caseSnapshot(policyRule(), {
      name: 'embedded',
      resource: { id: 'p-9', name: 'own', ...open },
      application: { id: 'app-9', name: 'Portal', policies: [{ id: 'p-0', name: 'first', ...staff }] },
    });
    expect(key).toBe('p-9');
    expect(s.resources.access_policy).toEqual([]);
    expect(
      s.resources.access_application.map((r) => [r.key, (r.data.policies as { id: string }[]).map((p) => p.id)]),
    ).toEqual([['app-9', ['p-0', 'p-9']]]);
  });

  it('an application on a case of a rule of another type is a load error naming the field', async () => {
    const dir = tempTree({
      'access_application/access-application-test-rule.yaml': '',
      'access_application/access-application-test-rule.test.yaml':
        'pass:\n  - name: a\n    resource: { id: a1, flag: true }\nfail:\n  - name: b\n    resource: { id: a2 }\n ' +
        '   application: { id: x }\n',
    });
    const sourceFile = path.join(dir, 'access_application/access-application-test-rule.yaml');
    const err = await loadRuleCases({ ...rule(), sourceFile }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RuleLoadError);
    expect((err as RuleLoadError).message).toContain('/fail/0/application');
    expect((err as RuleLoadError).message).toContain('only access_policy rules');
  });
});
