import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/cli/config/load-config.js';
import { resolveRunOptions } from '../../src/cli/config/resolve-options.js';
import { UserError } from '../../src/cli/errors.js';

describe('configuration limits', () => {
  it('a YAML alias bomb is refused at once, naming the file', async () => {
    const lines = ['a0: &a0 [lol]'];
    for (let i = 1; i < 10; i++)
      lines.push(
        `a${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const error = await parseConfig('/cfg/cf-access-audit.config.yaml', `${lines.join('\n')}\n`).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).message).toMatch(/^\/cfg\/cf-access-audit\.config\.yaml: YAML aliases expand too far/);
  });

  it('rule_budget sets the per-rule evaluation budget', async () => {
    const config = await parseConfig('/cfg/c.yaml', 'rule_budget: 500ms\n');
    const options = resolveRunOptions({}, {}, { file: '/cfg/c.yaml', config }, '/cfg');
    expect(options.ruleBudgetMs).toBe(500);
    expect(resolveRunOptions({}, {}, { file: undefined, config: {} }, '/cfg').ruleBudgetMs).toBeUndefined();
    await expect(parseConfig('/cfg/c.yaml', 'rule_budget: soon\n')).rejects.toBeInstanceOf(UserError);
  });
});
