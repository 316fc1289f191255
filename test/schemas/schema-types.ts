/**
 * The TypeScript types that describe each JSON Schema's documents, as ts-json-schema-generator reads them
 * (test/schemas/types-match-schemas.test.ts).
 */
import type { FileConfig } from '../../src/cli/config/load-config.js';
import type { CaseKind, RuleCase } from '../../src/engine/rule-cases.js';
import type { RuleDefinition } from '../../src/engine/types.js';
import type { FindingsDocument } from '../../src/renderers/findings-document.js';
import type { SnapshotManifest } from '../../src/snapshot/types.js';

/** A rule file as written: custom rules may omit references and frameworks (loaded as [] and {}). */
export type RuleFile = Omit<RuleDefinition, 'references' | 'frameworks'> &
  Partial<Pick<RuleDefinition, 'references' | 'frameworks'>>;

/** A rule's `.test.yaml`: pass and fail cases required, the other kinds optional. */
export type RuleTestFile = Partial<Record<CaseKind, RuleCase[]>> & Pick<Record<CaseKind, RuleCase[]>, 'pass' | 'fail'>;

export type ConfigFile = FileConfig;
export type FindingsFile = FindingsDocument;
export type ManifestFile = SnapshotManifest;
