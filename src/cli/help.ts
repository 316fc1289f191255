import { TOOL_VERSION } from '../paths.js';
import { COMMAND_SPECS, RULES_SUMMARY } from './command-specs.js';

/** `cf-access-audit --help`. */
export function globalHelp(): string {
  const rows = [
    ...COMMAND_SPECS.map((spec) => [spec.name, spec.summary] as const),
    ['rules', RULES_SUMMARY] as const,
  ].sort((a, b) => order(a[0]) - order(b[0]));
  return (
    [
      `cf-access-audit ${TOOL_VERSION}: policy audit for Cloudflare Zero Trust Access.`,
      '',
      'Usage: cf-access-audit <command> [options]',
      '',
      'Commands:',
      ...rows.map(([name, summary]) => `  ${name.padEnd(10)} ${summary}`),
      '',
      'Options:',
      '  --help     Show help (also after a command: cf-access-audit scan --help).',
      '  --version  Print the version.',
      '',
      'Quick start: cf-access-audit demo    (no account needed)',
      '             CLOUDFLARE_API_TOKEN=... cf-access-audit scan --account ID',
    ].join('\n') + '\n'
  );
}

function order(name: string): number {
  return ['scan', 'collect', 'evaluate', 'merge', 'reach', 'rules', 'demo', 'emulator'].indexOf(name);
}
