import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Package root: works from both `src/paths.ts` (tsx/vitest) and `dist/paths.js` (built). */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

export const BUILTIN_RULES_DIR = path.join(PACKAGE_ROOT, 'rules');
export const REPORT_TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'reports');
export const SCHEMAS_DIR = path.join(PACKAGE_ROOT, 'schemas');
export const DEMO_ACCOUNT_DIR = path.join(PACKAGE_ROOT, 'examples', 'demo-account');

export const TOOL_NAME = 'cf-access-audit';
export const TOOL_VERSION: string = (
  JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
export const TOOL_INFORMATION_URI = 'https://github.com/cf-access-audit/cf-access-audit';
