import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EvaluateOptions } from '../../src/engine/evaluate.js';

const engines = vi.hoisted(() => [] as (string | undefined)[]);

// Records the engine each evaluation was asked for; the evaluation itself is the real one.
vi.mock('../../src/engine/evaluate.js', async (original) => {
  const real = await original<typeof import('../../src/engine/evaluate.js')>();
  return {
    ...real,
    evaluateSnapshot: (...args: Parameters<typeof real.evaluateSnapshot>) => {
      engines.push((args[2] as EvaluateOptions).engine);
      return real.evaluateSnapshot(...args);
    },
  };
});

const { DEMO_ACCOUNT_DIR } = await import('../../src/paths.js');
const { runCli } = await import('./fixtures.js');

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(path.join(tmpdir(), 'cfaa-engine-'));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});
beforeEach(() => {
  engines.length = 0;
});

async function findings(out: string, ...extra: string[]): Promise<string> {
  const argv = ['evaluate', DEMO_ACCOUNT_DIR, '--out', out, '--format', 'json', '--quiet', '--fail-on', 'none'];
  const run = await runCli([...argv, ...extra], { cwd });
  expect(run.code, run.stderr).toBe(0);
  return readFile(path.join(cwd, out, 'findings.json'), 'utf8');
}

describe('--engine', () => {
  it('fast by default; --engine jsonata switches the compiled checks off and writes the same findings', async () => {
    const fast = await findings('fast');
    expect(engines).toEqual(['fast']);
    const reference = await findings('jsonata', '--engine', 'jsonata');
    expect(engines).toEqual(['fast', 'jsonata']);
    expect(reference).toBe(fast);
  });

  it('is read from the configuration file, and the flag wins', async () => {
    await writeFile(path.join(cwd, 'engine.yaml'), 'engine: jsonata\n');
    await findings('from-config', '--config', 'engine.yaml');
    await findings('flag-wins', '--config', 'engine.yaml', '--engine', 'fast');
    expect(engines).toEqual(['jsonata', 'fast']);
  });

  it('refuses an unknown engine with a usage error naming the choices', async () => {
    const run = await runCli(['evaluate', DEMO_ACCOUNT_DIR, '--engine', 'turbo'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--engine must be one of fast, jsonata; got "turbo"');
    expect(engines).toEqual([]);
  });
});
