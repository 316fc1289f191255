import { describe, expect, it } from 'vitest';
import { exposedOthers, exposesSentence } from '../../src/renderers/exposes-text.js';
import { makeResult } from './fixtures.js';
import { exposingResult } from './reach-fixtures.js';

describe('exposesSentence', () => {
  it('names what a finding exposes when its message does not', () => {
    expect(exposesSentence(exposingResult())).toBe(
      "Exposes application 'Grafana' (app-grafana), application 'Production servers (SSH)' (app-ssh), " +
        "target 'db-01' (tgt-db).",
    );
  });

  it('says nothing when the message already names an exposed resource, or nothing is exposed', () => {
    const own = makeResult({ exposes: [{ type: 'access_application', id: 'app-1', name: 'wiki' }] });
    expect(exposesSentence(own)).toBeUndefined();
    expect(exposesSentence({ ...exposingResult(), message: "It opens 'Grafana' to everyone." })).toBeUndefined();
    expect(exposesSentence(makeResult())).toBeUndefined();
  });
});

describe('exposedOthers', () => {
  it('leaves out the finding’s own resource', () => {
    const r = makeResult({
      exposes: [
        { type: 'access_application', id: 'app-1', name: 'wiki' },
        { type: 'mcp_portal', id: 'app-1', name: 'p' },
      ],
    });
    expect(exposedOthers(r)).toEqual([{ type: 'mcp_portal', id: 'app-1', name: 'p' }]);
  });
});
