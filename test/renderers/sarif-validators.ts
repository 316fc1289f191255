import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import { createAjv } from '../../src/common/ajv.js';
import { PACKAGE_ROOT } from '../../src/paths.js';

/** Vendored, byte-identical copies of the validation inputs; vendor/README.md gives their sources. */
const VENDOR_DIR = path.join(PACKAGE_ROOT, 'test/renderers/vendor');
const SCHEMA_FILE = path.join(VENDOR_DIR, 'sarif-schema-2.1.0.json');
const GITHUB_CONFIG = path.join(VENDOR_DIR, 'sarif-github.config.xml');
const MULTITOOL = path.join(PACKAGE_ROOT, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');

function requireFile(file: string, what: string): string {
  if (!existsSync(file)) throw new Error(`${what} not found at ${file}.`);
  return file;
}

type Validate = ((data: unknown) => boolean) & { errors?: unknown };
let validator: Validate | undefined;

/** ajv errors of a SARIF log against the official OASIS 2.1.0 schema (draft-04); empty when valid. */
export function sarifSchemaErrors(log: unknown): string[] {
  if (!validator) {
    const schema = JSON.parse(readFileSync(requireFile(SCHEMA_FILE, 'SARIF 2.1.0 schema'), 'utf8')) as object;
    validator = createAjv({ draft: AjvDraft04.default }).compile(schema);
  }
  const validate: Validate = validator;
  if (validate(log)) return [];
  return ((validate.errors ?? []) as { instancePath: string; message?: string }[]).map(
    (e) => `${e.instancePath} ${e.message ?? ''}`,
  );
}

export interface MultitoolFinding {
  level: string;
  ruleId: string;
  text: string;
}

/**
 * Runs SARIF Multitool's `validate` with the GitHub code-scanning rules (vendor/sarif-github.config.xml)
 * and returns what it reported.
 * Its exit code is 0 even when it reports errors, so the output log is parsed instead.
 */
export function runMultitool(sarifText: string): MultitoolFinding[] {
  requireFile(MULTITOOL, 'SARIF Multitool binary (npm ci installs @microsoft/sarif-multitool)');
  const dir = mkdtempSync(path.join(tmpdir(), 'cfaa-multitool-'));
  try {
    const input = path.join(dir, 'report.sarif');
    const output = path.join(dir, 'validation.sarif');
    writeFileSync(input, sarifText);
    execFileSync(
      MULTITOOL,
      [
        'validate',
        input,
        '--rule-kind',
        'Ghas;Sarif',
        '-c',
        requireFile(GITHUB_CONFIG, 'GitHub rules config'),
        '--quiet',
        'true',
        '-o',
        output,
        '--log',
        'ForceOverwrite',
        '--max-file-size-in-kb',
        '1000000',
      ],
      { env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' }, stdio: 'pipe', timeout: 120_000 },
    );
    const log = JSON.parse(readFileSync(output, 'utf8')) as {
      runs: {
        tool: { driver: { rules?: { id: string; messageStrings?: Record<string, { text: string }> }[] } };
        results?: { ruleId: string; level?: string; message: { text?: string; id?: string; arguments?: string[] } }[];
        invocations?: {
          toolExecutionNotifications?: { level?: string; message: { text: string }; descriptor?: { id: string } }[];
          toolConfigurationNotifications?: { level?: string; message: { text: string }; descriptor?: { id: string } }[];
        }[];
      }[];
    };
    const findings: MultitoolFinding[] = [];
    for (const run of log.runs) {
      const rules = new Map((run.tool.driver.rules ?? []).map((r) => [r.id, r]));
      for (const r of run.results ?? []) {
        const template =
          (r.message.id && rules.get(r.ruleId)?.messageStrings?.[r.message.id]?.text) || r.message.text || '';
        const text = template.replace(/\{(\d+)\}/g, (_, i: string) => r.message.arguments?.[Number(i)] ?? `{${i}}`);
        findings.push({ level: r.level ?? 'warning', ruleId: r.ruleId, text });
      }
      for (const inv of run.invocations ?? []) {
        for (const n of [...(inv.toolExecutionNotifications ?? []), ...(inv.toolConfigurationNotifications ?? [])]) {
          findings.push({
            level: n.level ?? 'warning',
            ruleId: n.descriptor?.id ?? 'notification',
            text: n.message.text,
          });
        }
      }
    }
    return findings;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
