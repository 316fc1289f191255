/**
 * Regenerates schemas/fields/<type>.json: a JSON Schema of each resource type's fields, derived from the
 * official Cloudflare SDK's .d.ts files (ts-json-schema-generator) plus schemas/fields/supplement.yaml
 * (fields the API returns that the SDK types omit, each with its source).
 *
 *   npx tsx scripts/generate-field-schemas.ts [type ...]
 *
 * Slow (seconds per type): a script, never a test. Output is deterministic; commit the result.
 */
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { createGenerator } from 'ts-json-schema-generator';
import { RESOURCE_TYPES, isResourceType, type ResourceType } from '../src/catalog/resource-types.js';
import { PACKAGE_ROOT, SCHEMAS_DIR } from '../src/paths.js';

/** Where each type's list (or get) response is declared, below node_modules/cloudflare/resources/. */
export const SDK_SOURCES: Record<ResourceType, { file: string; type: string }> = {
  access_application: { file: 'zero-trust/access/applications/applications.d.ts', type: 'ApplicationListResponse' },
  access_policy: { file: 'zero-trust/access/policies.d.ts', type: 'PolicyListResponse' },
  access_group: { file: 'zero-trust/access/groups.d.ts', type: 'GroupListResponse' },
  identity_provider: {
    file: 'zero-trust/identity-providers/identity-providers.d.ts',
    type: 'IdentityProviderListResponse',
  },
  service_token: { file: 'zero-trust/access/service-tokens.d.ts', type: 'ServiceToken' },
  mtls_certificate: { file: 'zero-trust/access/certificates/certificates.d.ts', type: 'Certificate' },
  mtls_hostname_settings: { file: 'zero-trust/access/certificates/settings.d.ts', type: 'CertificateSettings' },
  organization: { file: 'zero-trust/organizations/organizations.d.ts', type: 'OrganizationListResponse' },
  saml_certificate_set: { file: 'zero-trust/access/saml-certificates.d.ts', type: 'SAMLCertificateListResponse' },
  idp_federation_grant: { file: 'zero-trust/access/idp-federation-grants.d.ts', type: 'IdPFederationGrant' },
  gateway_ca: { file: 'zero-trust/access/gateway-ca.d.ts', type: 'GatewayCAListResponse' },
  short_lived_ca: { file: 'zero-trust/access/applications/cas.d.ts', type: 'CA' },
  infrastructure_target: { file: 'zero-trust/access/infrastructure/targets.d.ts', type: 'TargetListResponse' },
  access_tag: { file: 'zero-trust/access/tags.d.ts', type: 'Tag' },
  custom_page: { file: 'zero-trust/access/custom-pages.d.ts', type: 'CustomPage' },
  bookmark: { file: 'zero-trust/access/bookmarks.d.ts', type: 'Bookmark' },
  access_keys: { file: 'zero-trust/access/keys.d.ts', type: 'KeyGetResponse' },
  mcp_server: { file: 'zero-trust/access/ai-controls/mcp/servers.d.ts', type: 'ServerListResponse' },
  mcp_portal: { file: 'zero-trust/access/ai-controls/mcp/portals.d.ts', type: 'PortalListResponse' },
  gateway_configuration: {
    file: 'zero-trust/gateway/configurations/configurations.d.ts',
    type: 'ConfigurationGetResponse',
  },
  tunnel: { file: 'shared.d.ts', type: 'CloudflareTunnel' },
  tunnel_configuration: {
    file: 'zero-trust/tunnels/cloudflared/configurations.d.ts',
    type: 'ConfigurationGetResponse',
  },
};

const ROOT_TYPE = 'CfAccessAuditRoot';

export const FIELDS_DIR = path.join(SCHEMAS_DIR, 'fields');
const SUPPLEMENT_FILE = path.join(FIELDS_DIR, 'supplement.yaml');

interface SupplementEntry {
  /** Dotted path of the field; `[]` marks array items (`policies[].app_count`). */
  path: string;
  schema: Record<string, unknown>;
  description: string;
  /** Where we know the field from (API docs URL, reference section, observed response). */
  source: string;
}

type Schema = Record<string, unknown>;

async function sdkVersion(): Promise<string> {
  const pkg = path.join(PACKAGE_ROOT, 'node_modules', 'cloudflare', 'package.json');
  return (JSON.parse(await readFile(pkg, 'utf8')) as { version: string }).version;
}

function resolveRef(root: Schema, schema: Schema): Schema {
  let s = schema;
  for (let i = 0; i < 20 && typeof s.$ref === 'string'; i++) {
    const name = decodeURIComponent((s.$ref as string).replace('#/definitions/', ''));
    s = ((root.definitions as Record<string, Schema>)[name] ?? {}) as Schema;
  }
  return s;
}

/** Object schemas a value at this schema can be (through $ref / anyOf / oneOf / allOf). */
function objectVariants(root: Schema, schema: Schema): Schema[] {
  const s = resolveRef(root, schema);
  const parts = [...((s.anyOf as Schema[]) ?? []), ...((s.oneOf as Schema[]) ?? []), ...((s.allOf as Schema[]) ?? [])];
  if (parts.length > 0) return parts.flatMap((p) => objectVariants(root, p));
  return s.type === 'object' || s.properties ? [s] : [];
}

function arrayItems(root: Schema, schema: Schema): Schema[] {
  const s = resolveRef(root, schema);
  const parts = [...((s.anyOf as Schema[]) ?? []), ...((s.oneOf as Schema[]) ?? [])];
  if (parts.length > 0) return parts.flatMap((p) => arrayItems(root, p));
  return s.type === 'array' && s.items && typeof s.items === 'object' ? [s.items as Schema] : [];
}

/** Add a supplement field to every object variant at its parent path. */
function applySupplement(root: Schema, entry: SupplementEntry): void {
  const segments = entry.path.split('.');
  let targets: Schema[] = objectVariants(root, root);
  for (const seg of segments.slice(0, -1)) {
    const name = seg.replace(/\[\]$/, '');
    const next: Schema[] = [];
    for (const t of targets) {
      const prop = (t.properties as Record<string, Schema> | undefined)?.[name];
      if (!prop) continue;
      const holders = seg.endsWith('[]') ? arrayItems(root, prop) : [prop];
      for (const h of holders) next.push(...objectVariants(root, h));
    }
    targets = next;
  }
  if (targets.length === 0)
    throw new Error(`${SUPPLEMENT_FILE}: parent of "${entry.path}" not found in the SDK schema`);
  const leaf = segments.at(-1)!;
  for (const t of targets) {
    const props = (t.properties ??= {}) as Record<string, Schema>;
    props[leaf] ??= { ...entry.schema, description: `${entry.description} (supplement: ${entry.source})` };
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    const keys = Object.keys(obj);
    const ordered = keys.includes('properties') || keys.includes('definitions') ? keys : keys;
    return Object.fromEntries(
      ordered.map((k) => [k, k === 'properties' || k === 'definitions' ? sortObject(obj[k]) : sortKeys(obj[k])]),
    );
  }
  return value;
}

function sortObject(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return sortKeys(value);
  const obj = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(obj)
      .sort()
      .map((k) => [k, sortKeys(obj[k])]),
  );
}

async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

export async function generate(type: ResourceType, supplement: SupplementEntry[], version: string): Promise<Schema> {
  const source = SDK_SOURCES[type];
  const sdkFile = path.join(PACKAGE_ROOT, 'node_modules', 'cloudflare', 'resources', source.file);
  // A wrapper names the type unambiguously: a bare `Certificate` would also match Node's tls types.
  const dir = await mkdtemp(path.join(tmpdir(), 'cfaa-fields-'));
  const file = path.join(dir, 'root.ts');
  const module = sdkFile.replace(/\.d\.ts$/, '.js');
  await writeFile(
    file,
    `import type { ${source.type} as SdkType } from ${JSON.stringify(module)};\nexport type ${ROOT_TYPE} = SdkType;\n`,
  );
  const generator = createGenerator({
    path: file,
    type: ROOT_TYPE,
    skipTypeCheck: true,
    additionalProperties: true,
    expose: 'export',
    topRef: false,
    jsDoc: 'basic',
  });
  let schema: Schema;
  try {
    schema = generator.createSchema(ROOT_TYPE) as Schema;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  for (const entry of supplement) applySupplement(schema, entry);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $comment:
      `Generated by scripts/generate-field-schemas.ts from cloudflare@${version} ${source.file} ` +
      `(${source.type}) and schemas/fields/supplement.yaml. Do not edit.`,
    title: type,
    ...(sortKeys(schema) as Schema),
  };
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  for (const w of wanted)
    if (!isResourceType(w)) throw new Error(`unknown resource type "${w}"; use one of ${RESOURCE_TYPES.join(', ')}`);
  const types = wanted.length > 0 ? (wanted as ResourceType[]) : [...RESOURCE_TYPES];
  const supplement = (parse(await readFile(SUPPLEMENT_FILE, 'utf8')) ?? {}) as Partial<
    Record<ResourceType, SupplementEntry[]>
  >;
  for (const key of Object.keys(supplement))
    if (!isResourceType(key)) throw new Error(`${SUPPLEMENT_FILE}: unknown resource type "${key}"`);
  const version = await sdkVersion();
  await mkdir(FIELDS_DIR, { recursive: true });
  for (const type of types) {
    const started = Date.now();
    const schema = await generate(type, supplement[type] ?? [], version);
    delete (schema as { $schema?: string }).$schema;
    const out = { $schema: 'http://json-schema.org/draft-07/schema#', ...schema };
    await writeAtomic(path.join(FIELDS_DIR, `${type}.json`), `${JSON.stringify(out, null, 2)}\n`);
    process.stderr.write(`${type}: ${SDK_SOURCES[type].type} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main().catch((err: unknown) => {
    process.stderr.write(`generate-field-schemas: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
