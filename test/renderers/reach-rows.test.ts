import { describe, expect, it } from 'vitest';
import { compareReach, sortReach } from '../../src/renderers/reach-rows.js';
import { makeReach } from './reach-fixtures.js';

describe('sortReach', () => {
  it('orders by class rank, then type (application, target, MCP server, portal), then name and id', () => {
    const sorted = sortReach(makeReach());
    expect(sorted.map((r) => `${r.broadest}/${r.type}/${r.id}`)).toEqual([
      'internet/access_application/app-grafana',
      'any_email/access_application/app-xss',
      'email_domain/access_application/app-portal',
      'email_domain/mcp_server/srv-tools',
      'named/access_application/app-ssh',
      'named/access_application/app-1',
      'named/infrastructure_target/tgt-db',
      'nobody/mcp_portal/portal-support',
    ]);
  });

  it('breaks a name tie by id and gives the same order whatever the input order', () => {
    const [a, b] = makeReach()
      .filter((r) => r.type === 'access_application')
      .slice(0, 2)
      .map((r) => ({ ...r, name: 'same', broadest: 'named' as const }));
    expect(compareReach({ ...a!, id: 'a' }, { ...b!, id: 'b' })).toBeLessThan(0);
    expect(sortReach(makeReach().reverse())).toEqual(sortReach(makeReach()));
  });
});
