import { describe, expect, it } from 'vitest';
import { followUpsFirst, possibleFollowUps } from '../../src/collectors/request-order.js';
import { RESOURCE_TYPES, RESOURCE_TYPE_SPECS, type ResourceTypeSpec } from '../../src/snapshot/resource-types.js';

describe('request order', () => {
  it('counts the requests a full listing may need after its first answer', () => {
    expect(possibleFollowUps(RESOURCE_TYPE_SPECS.infrastructure_target)).toBe(4); // 5000 at 1000 a page
    expect(possibleFollowUps(RESOURCE_TYPE_SPECS.mcp_server)).toBe(1); // 200 at 100 a page
    expect(possibleFollowUps(RESOURCE_TYPE_SPECS.custom_page)).toBeGreaterThanOrEqual(1); // per-item reads
    expect(possibleFollowUps(RESOURCE_TYPE_SPECS.access_application)).toBe(0); // 500 fit one page
    expect(possibleFollowUps(RESOURCE_TYPE_SPECS.organization)).toBe(0);
    expect(possibleFollowUps(RESOURCE_TYPE_SPECS.tunnel)).toBe(1000); // one page, then a configuration per tunnel
    expect(possibleFollowUps(RESOURCE_TYPE_SPECS.tunnel_configuration)).toBe(0); // waits for the tunnels
    const unknownLimit: ResourceTypeSpec = { ...RESOURCE_TYPE_SPECS.access_tag };
    delete unknownLimit.accountLimit;
    expect(possibleFollowUps(unknownLimit)).toBe(0);
  });

  it('starts the types with follow-ups first, keeping catalog order otherwise', () => {
    const jobs = RESOURCE_TYPES.map((type) => ({ type, spec: RESOURCE_TYPE_SPECS[type] }));
    const ordered = followUpsFirst(jobs).map((job) => job.type);
    expect(ordered.slice(0, 4)).toEqual(['tunnel', 'infrastructure_target', 'custom_page', 'mcp_server']);
    expect(ordered.slice(4)).toEqual(RESOURCE_TYPES.filter((t) => !ordered.slice(0, 4).includes(t)));
    expect(jobs.map((job) => job.type)).toEqual([...RESOURCE_TYPES]);
  });
});
