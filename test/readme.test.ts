import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACKAGE_ROOT } from '../src/paths.js';
import { RESOURCE_TYPE_SPECS } from '../src/catalog/resource-types.js';

const readme = await readFile(path.join(PACKAGE_ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('keeps the two-command quick start', () => {
    expect(readme).toContain('npm ci && npm start');
    expect(readme).toContain('\nnpm test\n');
  });

  it('lists every resource type under the token permission the collectors ask for', () => {
    const rows = new Map(
      readme
        .split('\n')
        .filter((l) => /^\s*\| (Access|Zero Trust|Cloudflare Tunnel)[^|]* \| `/.test(l))
        .map((l) => {
          const [, permission = '', types = ''] = l.split('|').map((c) => c.trim());
          return [permission, types] as const;
        }),
    );
    const wrong = Object.values(RESOURCE_TYPE_SPECS).filter((spec) => {
      const types = rows.get(spec.permission) ?? '';
      const listed = types.includes(`\`${spec.type}\``);
      const footnoted = types.includes(`\`${spec.type}\`¹`);
      return !listed || footnoted === spec.permissionDocumented;
    });
    expect(wrong.map((s) => `${s.type} (${s.permission})`)).toEqual([]);
  });

  it('documents every exit code', () => {
    for (const code of ['| 0 |', '| 1 |', '| 2 |', '| 3 |']) expect(readme).toContain(code);
  });
});
