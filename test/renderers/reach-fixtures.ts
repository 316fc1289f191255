import type { Result } from '../../src/engine/types.js';
import type { PublicReach, ReachWay } from '../../src/reach/model.js';
import type { ReportInput } from '../../src/renderers/types.js';
import { XSS, makeResult, makeRichInput } from './fixtures.js';

export const OKTA = 'idp-okta';
export const OTP = 'idp-otp';

export function makeWay(overrides: Partial<ReachWay> = {}): ReachWay {
  return {
    policy: 'pol-staff',
    policy_name: 'Staff',
    decision: 'allow',
    class: 'named',
    identity: ["Okta group 'engineering' at Okta Workforce"],
    idps: [OKTA],
    credentials: [],
    conditions: ['authentication method mfa'],
    unknown: [],
    groups: ['grp-eng'],
    has_exceptions: false,
    ...overrides,
  };
}

const SSH = { type: 'access_application', id: 'app-ssh', name: 'Production servers (SSH)' } as const;
const PORTAL_APP = { type: 'access_application', id: 'app-portal', name: 'AI Tools Portal' } as const;

/** A hand-built reach array, deliberately out of order: every type, five classes, a dead policy, notes. */
export function makeReach(): PublicReach[] {
  const sshWays = [
    makeWay(),
    makeWay({
      policy: 'pol-ci',
      policy_name: 'CI deploy',
      decision: 'non_identity',
      class: 'service_token',
      identity: [],
      idps: [],
      credentials: ["service token 'ci deploy'"],
      conditions: [],
    }),
  ];
  return [
    {
      type: 'mcp_portal',
      id: 'portal-support',
      name: 'Support AI portal',
      hosts: ['mcp-support.example.com'],
      broadest: 'nobody',
      ways: [],
      dead: [],
      through: [],
      notes: ['no Access application of type mcp_portal covers this portal hostname'],
    },
    {
      type: 'infrastructure_target',
      id: 'tgt-db',
      name: 'db-01',
      hosts: ['db-01'],
      broadest: 'named',
      ways: sshWays.map((w) => ({ ...w, through: SSH })),
      dead: [],
      through: [SSH],
      notes: [],
    },
    {
      type: 'access_application',
      id: 'app-1',
      name: 'wiki',
      hosts: ['wiki.example.com'],
      broadest: 'named',
      ways: [makeWay()],
      dead: [],
      through: [],
      notes: [],
    },
    {
      type: 'access_application',
      id: 'app-grafana',
      name: 'Grafana',
      hosts: ['grafana.example.com', 'metrics.example.com/api'],
      broadest: 'internet',
      ways: [
        makeWay({
          policy: 'pol-health',
          policy_name: 'Public health checks',
          decision: 'bypass',
          class: 'internet',
          identity: [],
          idps: [],
          conditions: [],
          groups: [],
        }),
        makeWay({ idps: [OKTA, OTP], has_exceptions: true }),
      ],
      dead: [
        {
          policy: 'pol-sre',
          policy_name: 'SRE only',
          decision: 'allow',
          reason: 'shadowed',
          detail: "policy 'Public health checks' is evaluated first and decides for everyone it admits",
          shadowed_by: 'pol-health',
        },
      ],
      through: [],
      notes: [],
    },
    {
      type: 'access_application',
      id: 'app-ssh',
      name: 'Production servers (SSH)',
      hosts: [],
      broadest: 'named',
      ways: sshWays,
      dead: [],
      through: [],
      notes: [],
    },
    {
      type: 'access_application',
      id: 'app-portal',
      name: 'AI Tools Portal',
      hosts: ['mcp.example.com'],
      broadest: 'email_domain',
      ways: [
        makeWay({
          class: 'email_domain',
          identity: ['emails ending in @example.com'],
          unknown: ['a valid client certificate'],
        }),
      ],
      dead: [],
      through: [],
      notes: [],
    },
    {
      type: 'mcp_server',
      id: 'srv-tools',
      name: 'Internal tools',
      hosts: ['https://tools.example.com/mcp'],
      broadest: 'email_domain',
      ways: [makeWay({ class: 'email_domain', identity: ['emails ending in @example.com'], through: PORTAL_APP })],
      dead: [],
      through: [{ type: 'mcp_portal', id: 'portal-eng', name: 'Engineering AI portal' }],
      notes: [],
    },
    {
      type: 'access_application',
      id: 'app-xss',
      name: XSS,
      hosts: ['xss.example.com'],
      broadest: 'any_email',
      ways: [makeWay({ class: 'any_email', identity: ['anyone with an email address'], idps: [OTP], groups: [] })],
      dead: [],
      through: [],
      notes: [],
    },
  ];
}

/** A failing policy finding that exposes two applications and a target (its message names none of them). */
export function exposingResult(): Result {
  return makeResult({
    rule_id: 'access-policy-no-everyone',
    severity: 'critical',
    resource_type: 'access_policy',
    resource_id: 'pol-health',
    resource_name: 'Public health checks',
    message: "Bypass policy 'Public health checks' (pol-health) admits everyone.",
    evidence: [{ path: 'include', value: [{ everyone: {} }] }],
    exposes: [
      { type: 'access_application', id: 'app-grafana', name: 'Grafana' },
      { type: 'access_application', id: 'app-ssh', name: 'Production servers (SSH)' },
      { type: 'infrastructure_target', id: 'tgt-db', name: 'db-01' },
    ],
  });
}

/** The rich fixture with reach, IdP names and a finding that carries `exposes`. */
export function makeReachInput(): ReportInput {
  const input = makeRichInput();
  const account = input.accounts[0]!;
  account.reach = makeReach();
  account.idpNames = { [OKTA]: 'Okta Workforce', [OTP]: 'One-time PIN' };
  account.results = [...account.results, exposingResult()];
  return input;
}
