import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateNaive, evaluateSnapshot } from '../../src/engine/evaluate.js';
import { fieldTypeProblem } from '../../src/engine/field-types.js';
import { loadAllRules } from '../../src/engine/load-rules.js';
import { caseSnapshot } from '../../src/engine/rule-cases.js';
import type { LoadedRule, Result } from '../../src/engine/types.js';
import type { ResourceType } from '../../src/catalog/resource-types.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { rule } from './helpers.js';

const now = new Date('2026-01-15T00:00:00Z');
let catalog: LoadedRule[];

beforeAll(async () => {
  catalog = await loadAllRules();
});

function builtin(id: string): LoadedRule {
  const r = catalog.find((x) => x.id === id);
  if (!r) throw new Error(`no rule ${id}`);
  return r;
}

type Data = Record<string, unknown>;

/** One rule on one resource (plus `snapshot` resources), by both engines; the resource's result. */
async function judge(
  r: LoadedRule,
  resource: Data,
  extra: Partial<Record<ResourceType, Data[]>> = {},
): Promise<Result> {
  const { snapshot, key } = caseSnapshot(r, { name: 'x', resource, snapshot: extra });
  const fast = await evaluateSnapshot(snapshot, [r], { now });
  const naive = await evaluateNaive(snapshot, [r], { now });
  expect(JSON.stringify(fast.results)).toBe(JSON.stringify(naive.results));
  return fast.results.find((x) => x.resource_id === key)!;
}

const app = (fields: Data): Data => ({
  id: 'app-1',
  name: 'wiki',
  type: 'self_hosted',
  domain: 'wiki.example.com',
  ...fields,
});
const unknown = (detail: string | RegExp) => ({
  status: 'unknown',
  detail: typeof detail === 'string' ? detail : expect.stringMatching(detail),
});

describe('field types against the field schemas', () => {
  it('names the field, what it holds and what the API documents', () => {
    expect(fieldTypeProblem('access_application', 'http_only_cookie_attribute', 'false')).toBe(
      'http_only_cookie_attribute is a string, the API documents a boolean',
    );
    expect(fieldTypeProblem('access_application', 'policies', { id: 'p', decision: 'allow' })).toBe(
      'policies is an object, the API documents an array',
    );
    expect(fieldTypeProblem('access_policy', 'decision', 'ALLOW')).toBe(
      'decision is "ALLOW", not a value the API documents ("allow", "deny", "non_identity", "bypass")',
    );
    expect(fieldTypeProblem('access_policy', 'session_duration', 24)).toBe(
      'session_duration is a number, the API documents a string',
    );
    expect(fieldTypeProblem('access_policy', 'include', [{ everyone: {} }, { email: 'a@example.com' }])).toBe(
      'include[1].email is a string, the API documents an object',
    );
    expect(fieldTypeProblem('access_application', 'created_at', 'yesterday')).toBe(
      'created_at is "yesterday", not a date-time as the API documents',
    );
  });

  it('accepts what the API documents, null (unset) and undocumented extras', () => {
    const include = [{ everyone: {} }, { email: { email: 'a@example.com' } }, { future_selector: { x: 1 } }];
    expect(fieldTypeProblem('access_policy', 'include', include)).toBeNull();
    expect(fieldTypeProblem('tunnel', 'deleted_at', null)).toBeNull();
    expect(fieldTypeProblem('tunnel', 'deleted_at', null, 'strict')).toBe(
      'deleted_at is null, the API documents a string',
    );
    expect(fieldTypeProblem('access_application', 'not_a_documented_field', { any: 'thing' })).toBeNull();
    expect(fieldTypeProblem('access_application', 'created_at', '2026-01-01T00:00:00.123456Z')).toBeNull();
  });
});

describe('a field of the wrong type makes the result unknown', () => {
  it('a string where the API documents a boolean does not pass', async () => {
    const r = builtin('access-application-http-only-cookie');
    const result = await judge(r, app({ http_only_cookie_attribute: 'false' }));
    expect(result).toMatchObject(unknown('http_only_cookie_attribute is a string, the API documents a boolean'));
    expect(result.message).toMatch(/could not judge 'wiki' \(app-1\)/);
  });

  it('policies sent as an object cannot hide an allow-everyone policy', async () => {
    const r = builtin('access-application-reach-restricted');
    const policies = { id: 'p-1', name: 'open', decision: 'allow', include: [{ everyone: {} }] };
    const result = await judge(r, app({ policies }));
    expect(result).toMatchObject(unknown('policies is an object, the API documents an array'));
  });

  it('a decision outside the enum and a numeric session_duration are not pass or not_applicable', async () => {
    const everyone = builtin('access-policy-everyone-not-allowed');
    const upper = await judge(everyone, { id: 'p-2', name: 'open', decision: 'ALLOW', include: [{ everyone: {} }] });
    expect(upper).toMatchObject(unknown(/^decision is "ALLOW", not a value the API documents/));
    const session = builtin('access-policy-session-duration-limited');
    const policy = { id: 'p-3', name: 'staff', decision: 'allow', include: [{ everyone: {} }], session_duration: 720 };
    const numeric = await judge(session, policy);
    expect(numeric).toMatchObject(unknown('session_duration is a number, the API documents a string'));
  });

  it('applies_to reads its fields too: a type outside the enum is unknown, not not_applicable', async () => {
    const r = builtin('access-application-iframe-disallowed');
    expect(r.applies_to).toBeDefined();
    const result = await judge(r, app({ type: 'SELF_HOSTED', allow_iframe: true }));
    expect(result).toMatchObject(unknown(/^type is "SELF_HOSTED", not a value/));
    const saas = await judge(r, app({ type: 'saas', allow_iframe: 'yes' }));
    expect(saas.status).toBe('not_applicable');
  });

  it('a wrong type in a field the rule does not read changes nothing', async () => {
    const r = builtin('access-application-http-only-cookie');
    const result = await judge(r, app({ logo_url: 42, http_only_cookie_attribute: false }));
    expect(result.status).toBe('fail');
  });

  it('a check that throws on a value the API does not document is unknown naming it (was T0410)', async () => {
    const r = builtin('access-application-scope-without-wildcards');
    const result = await judge(r, app({ domain: { host: '*.example.com' } }));
    expect(result).toMatchObject(unknown(/^domain is an object, the API documents a string; the check threw T0410/));
    const numeric = await judge(r, app({ domain: 12 }));
    expect(numeric).toMatchObject(unknown(/^domain is a number, the API documents a string/));
  });

  it('a null the check cannot handle is named (strict), a check error nothing explains stays an error', async () => {
    const nullable = rule({ check: '$contains(domain, "*")' });
    const named = await judge(nullable, { id: 'app-6', name: 'x', domain: null });
    expect(named).toMatchObject(unknown(/^domain is null, the API documents a string; the check threw T0410/));
    const buggy = rule({ check: '$contains(42, "*")' });
    const error = await judge(buggy, { id: 'app-7', name: 'x', domain: 'x.example.com' });
    expect(error).toMatchObject({ status: 'error', detail: expect.stringMatching(/T0410/) });
  });

  it('an error caused by another resource the rule reads is unknown naming that resource', async () => {
    const check = `'$count($snapshot.identity_provider[$contains(type, "x")]) = 0'`;
    const r = rule({ uses: '[identity_provider]', check });
    const idp = { id: 'idp-1', name: 'odd', type: ['saml'], config: {} };
    const result = await judge(r, { id: 'app-8', name: 'x' }, { identity_provider: [idp] });
    expect(result).toMatchObject(
      unknown(/^identity_provider idp-1: type is an array, the API documents a string; the check threw T0410/),
    );
  });
});

describe('app-scoped policies embedded under one id in two applications', () => {
  const staff = { id: 'p-1', name: 'staff', decision: 'allow', include: [{ email_domain: { domain: 'example.com' } }] };

  function twoApps(second: Data): Snapshot {
    const r = builtin('access-policy-everyone-not-allowed');
    const { snapshot } = caseSnapshot(r, { name: 's', resource: { id: 'unused', decision: 'deny', include: [] } });
    snapshot.resources.access_policy = [];
    const record = (id: string, policy: Data) => ({
      type: 'access_application' as const,
      key: id,
      scope: { kind: 'account' as const, id: snapshot.manifest.account_id },
      file: `access_application/${id}.json`,
      data: app({ id, name: id, domain: `${id}.example.com`, policies: [policy] }),
    });
    snapshot.resources.access_application = [record('app-a', { ...staff, precedence: 1 }), record('app-b', second)];
    return snapshot;
  }

  it('both are judged when their contents differ: the second is keyed <policy id>@<app id>', async () => {
    const snapshot = twoApps({ ...staff, include: [{ everyone: {} }], precedence: 1 });
    const { results } = await evaluateSnapshot(snapshot, [builtin('access-policy-everyone-not-allowed')], { now });
    expect(results.map((x) => [x.resource_id, x.status, x.application?.id])).toEqual([
      ['p-1', 'pass', 'app-a'],
      ['p-1@app-b', 'fail', 'app-b'],
    ]);
    expect(results[1]!.message).toContain("in application 'app-b' (app-b)");
  });

  it('the same content (precedence aside) is one record', async () => {
    const snapshot = twoApps({ ...staff, precedence: 3 });
    const { results } = await evaluateSnapshot(snapshot, [builtin('access-policy-everyone-not-allowed')], { now });
    expect(results.map((x) => x.resource_id)).toEqual(['p-1']);
  });
});
