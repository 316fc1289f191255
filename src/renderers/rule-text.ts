import type { LoadedRule, RuleFrameworks } from '../engine/types.js';
import { TOOL_INFORMATION_URI } from '../paths.js';

export const FRAMEWORK_LABELS: Record<keyof RuleFrameworks, string> = {
  'nist-800-53': 'NIST SP 800-53',
  'cis-controls-v8': 'CIS Controls v8',
  'iso-27001': 'ISO/IEC 27001',
  soc2: 'SOC 2',
};

export const FRAMEWORK_KEYS = Object.keys(FRAMEWORK_LABELS) as (keyof RuleFrameworks)[];

/** `[{ key, label, controls }]` for the frameworks a rule maps to, in a fixed order. */
export function ruleFrameworks(rule: LoadedRule): { key: keyof RuleFrameworks; label: string; controls: string[] }[] {
  return FRAMEWORK_KEYS.flatMap((key) => {
    const controls = rule.frameworks?.[key];
    return controls && controls.length > 0 ? [{ key, label: FRAMEWORK_LABELS[key], controls: [...controls] }] : [];
  });
}

/**
 * Where a rule's help lives: a built-in rule's entry in docs/rules.md; a custom rule's own `help_uri`, else its
 * first reference, else nothing (docs/rules.md has no entry for it).
 */
export function ruleHelpUri(rule: Pick<LoadedRule, 'id' | 'builtin' | 'help_uri' | 'references'>): string | undefined {
  if (rule.builtin) return `${TOOL_INFORMATION_URI}/blob/main/docs/rules.md#${encodeURIComponent(rule.id)}`;
  return rule.help_uri ?? rule.references[0];
}

/** Cuts text to `max` characters on a word boundary, ending with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Plain-text help: description, risk, remediation (dashboard, API, Terraform), references, frameworks. */
export function ruleHelpText(rule: LoadedRule): string {
  const lines = [
    oneLine(rule.description),
    '',
    `Risk: ${oneLine(rule.risk)}`,
    '',
    'Remediation:',
    `- Dashboard: ${oneLine(rule.remediation.dashboard)}`,
    `- API: ${oneLine(rule.remediation.api)}`,
  ];
  if (rule.remediation.terraform) lines.push(`- Terraform: ${oneLine(rule.remediation.terraform)}`);
  const frameworks = ruleFrameworks(rule);
  if (frameworks.length > 0) {
    lines.push('', 'Frameworks:', ...frameworks.map((f) => `- ${f.label}: ${f.controls.join(', ')}`));
  }
  if (rule.references.length > 0) lines.push('', 'References:', ...rule.references.map((r) => `- ${r}`));
  return lines.join('\n');
}

/** The same help as Markdown (GitHub shows it instead of the text). Rule text is authored Markdown already. */
export function ruleHelpMarkdown(rule: LoadedRule): string {
  const lines = [
    `**${rule.title}** (severity: ${rule.severity}, resource: \`${rule.resource}\`)`,
    '',
    rule.description.trim(),
    '',
    '#### Risk',
    '',
    rule.risk.trim(),
    '',
    '#### Remediation',
    '',
    `- **Dashboard:** ${oneLine(rule.remediation.dashboard)}`,
    `- **API:** ${oneLine(rule.remediation.api)}`,
  ];
  if (rule.remediation.terraform) lines.push(`- **Terraform:** ${oneLine(rule.remediation.terraform)}`);
  const frameworks = ruleFrameworks(rule);
  if (frameworks.length > 0) {
    lines.push('', '#### Frameworks', '', ...frameworks.map((f) => `- ${f.label}: ${f.controls.join(', ')}`));
  }
  if (rule.references.length > 0) {
    lines.push('', '#### References', '', ...rule.references.map((r) => `- <${r}>`));
  }
  return lines.join('\n');
}

/** `access-application-http-only-cookie` → `AccessApplicationHttpOnlyCookie` (SARIF `name`, ≤ 255 chars). */
export function ruleName(ruleId: string): string {
  return ruleId
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('')
    .slice(0, 255);
}
