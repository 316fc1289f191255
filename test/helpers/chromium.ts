import { existsSync } from 'node:fs';

/** The Chromium the browser tests launch: Debian's package, or CHROMIUM_PATH when set (e.g. to try the skip path). */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** CI=true (any value but empty, "false" or "0") makes a missing Chromium an error instead of a skip. */
function requiredByCi(): boolean {
  const ci = process.env.CI?.trim().toLowerCase();
  return !!ci && ci !== 'false' && ci !== '0';
}

/**
 * Whether a browser test can run, for `describe.skipIf(!chromiumAvailable())`. When Chromium is missing it warns in
 * one line and returns false, or, under CI, throws so the test file fails instead of passing without its browser test.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (requiredByCi()) {
    const hint = 'install it (apt-get install -y chromium) or point CHROMIUM_PATH at a Chromium binary';
    throw new Error(`chromium not found at ${CHROMIUM_PATH}: CI=true requires the browser test; ${hint}.`);
  }
  console.warn(`chromium not found at ${CHROMIUM_PATH}: browser test skipped (set CI=true to require it)`);
  return false;
}
