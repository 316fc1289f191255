/**
 * Writes examples/demo-account/ (the snapshot folder and planted.yaml) from examples/demo-account/source.ts.
 * Run after editing the source: `npx tsx scripts/build-demo-account.ts`. A test fails when they drift.
 */
import path from 'node:path';
import { buildDemoAccount, plantedYaml } from '../examples/demo-account/build.js';
import { DEMO_ACCOUNT_DIR } from '../src/paths.js';
import { writeFileAtomic } from '../src/snapshot/atomic-write.js';
import { writeSnapshot } from '../src/snapshot/write.js';

const { manifest, records } = buildDemoAccount();
await writeSnapshot(DEMO_ACCOUNT_DIR, manifest, records);
await writeFileAtomic(path.join(DEMO_ACCOUNT_DIR, 'planted.yaml'), plantedYaml());
process.stdout.write(
  `Wrote ${records.length} resources and planted.yaml to ${path.relative(process.cwd(), DEMO_ACCOUNT_DIR) || '.'}\n`,
);
