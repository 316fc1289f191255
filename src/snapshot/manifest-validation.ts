import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { createAjv } from '../common/ajv.js';
import { SCHEMAS_DIR } from '../paths.js';
import type { SnapshotManifest } from './types.js';

export const MANIFEST_SCHEMA_FILE = path.join(SCHEMAS_DIR, 'snapshot-manifest.schema.json');

let validator: ValidateFunction<SnapshotManifest> | undefined;

function manifestValidator(): ValidateFunction<SnapshotManifest> {
  if (!validator) {
    const ajv = createAjv({ draft: '2020-12', strict: true });
    const schema = JSON.parse(readFileSync(MANIFEST_SCHEMA_FILE, 'utf8')) as object;
    validator = ajv.compile<SnapshotManifest>(schema);
  }
  return validator;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath.slice(1).replaceAll('/', '.');
  if (error.keyword === 'additionalProperties') {
    return `${where}: unexpected field "${String(error.params['additionalProperty'])}"`;
  }
  if (error.keyword === 'required') return `${where}: missing field "${String(error.params['missingProperty'])}"`;
  return `${where}: ${error.message ?? error.keyword}`;
}

/** Problems with a parsed manifest against schemas/snapshot-manifest.schema.json (empty when valid). */
export function manifestProblems(value: unknown): string[] {
  const validate = manifestValidator();
  if (validate(value)) return [];
  return (validate.errors ?? []).map(describe);
}
