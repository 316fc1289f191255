import { describe, expect, it } from 'vitest';
import { PRINCIPAL_CLASSES } from '../../src/reach/classes.js';
import { exposureRows } from '../../src/renderers/reach-counts.js';
import { makeReach } from './reach-fixtures.js';

describe('exposureRows', () => {
  it('counts resources per broadest class and type, broadest first, leaving out empty classes', () => {
    expect(exposureRows(makeReach()).map((r) => [r.cls, r.counts, r.total])).toEqual([
      ['internet', { access_application: 1, infrastructure_target: 0, mcp_server: 0, mcp_portal: 0 }, 1],
      ['any_email', { access_application: 1, infrastructure_target: 0, mcp_server: 0, mcp_portal: 0 }, 1],
      ['email_domain', { access_application: 1, infrastructure_target: 0, mcp_server: 1, mcp_portal: 0 }, 2],
      ['named', { access_application: 2, infrastructure_target: 1, mcp_server: 0, mcp_portal: 0 }, 3],
      ['nobody', { access_application: 0, infrastructure_target: 0, mcp_server: 0, mcp_portal: 1 }, 1],
    ]);
  });

  it('keeps every class when asked', () => {
    const rows = exposureRows([], true);
    expect(rows.map((r) => r.cls)).toEqual([...PRINCIPAL_CLASSES]);
    expect(rows.every((r) => r.total === 0)).toBe(true);
  });
});
