// The `prepare` lifecycle script: builds dist/ (scripts/build.mjs) when npm installs or packs this package from
// source — `npm ci` in a checkout, `npm pack`, `npm publish`, and `npm install [-g] git+https://…`.
//
// Installs from git on npm 11. npm clones the repository into its cache and, because a `prepare` script exists,
// runs `npm install` in the clone before packing it. Under `npm install -g` that nested install inherits
// `npm_config_global=true`, so it installs nothing into the clone (npm/cli#8440: no dependencies, dev or not, for
// `prepare`) and instead links the global package folder to the clone (npm/cli#4148, #9406), which npm deletes right
// after packing: the global command then points into an empty folder. `--install-links` avoids the link, and npm 12
// (pacote 22) passes `--global=false` to the nested install, but npm 11 users get neither by default. So:
//  - the build needs no dependencies installed (scripts/build.mjs fetches the pinned TypeScript when it is absent),
//    and in a clone it only emits: the code was type-checked before it was pushed;
//  - in that nested global install, once dist/ is built, this script removes the global link to the clone — only
//    when it is a symbolic link that resolves to this very folder — and moves back the folder npm set aside for it,
//    so that npm's outer install writes the packed package there as a real folder, as for any other package;
//  - npm then runs `prepare` a second time in the same clone before packing it: dist/ is already built, so it is kept.
// Verified with npm 11.19 (the tests install from a git URL). npm 12 (pacote 22 passes --global=false to the nested
// install) should never create the link, and then this does nothing.
// Committing dist/ (or moving TypeScript to the dependencies of every registry install) would avoid the build, but
// the first puts generated files under review and the second costs every user 23 MB.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, realpathSync, renameSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { MAIN, ROOT, build } from './build.mjs';

const NAME = 'cf-access-audit';
const inGitClone = /[\\/]_cacache[\\/]tmp[\\/]git-clone[^\\/]*[\\/]?$/.test(ROOT);
const global = process.env.npm_config_global === 'true';

/** The global package folder npm would use for this package (lib/node_modules, node_modules on Windows). */
function globalPackageFolder() {
  const prefix = process.env.npm_config_global_prefix || process.env.npm_config_prefix;
  if (!prefix) return undefined;
  const lib = process.platform === 'win32' ? prefix : path.join(prefix, 'lib');
  return path.resolve(lib, 'node_modules', NAME);
}

/** Where npm's reify moved what was in `folder` before replacing it (@npmcli/arborist, lib/retire-path.js). */
function retiredPath(folder) {
  const hash = createHash('sha1')
    .update(folder)
    .digest('base64')
    .replace(/[^a-zA-Z0-9]+/g, '')
    .slice(0, 8);
  return path.join(path.dirname(folder), `.${path.basename(folder)}-${hash}`);
}

/**
 * Undoes what the nested global install did to the global package folder (npm/cli#4148): removes its link to this
 * clone — only a symbolic link that resolves to this very folder — and moves back what it had set aside there (the
 * folder npm's outer install is filling with the dependencies), so that the outer install extracts the packed
 * package into a real folder, as npm 12 does by keeping the nested install out of the global folder.
 */
function undoNestedGlobalInstall() {
  const folder = globalPackageFolder();
  if (!folder) return;
  try {
    if (!lstatSync(folder).isSymbolicLink() || realpathSync(folder) !== realpathSync(ROOT)) return;
  } catch {
    return; // nothing there, or not a link to this clone: leave it alone
  }
  unlinkSync(folder);
  const retired = retiredPath(folder);
  if (existsSync(retired)) renameSync(retired, folder);
  console.error(`${NAME}: kept npm's nested install of this git clone out of ${folder} (npm/cli#4148)`);
}

function prepare() {
  // `npx cf-access-audit` in a checkout, and npm's second `prepare` of a git clone: the build is there already.
  const built = existsSync(MAIN) && (process.env.npm_command === 'exec' || inGitClone);
  if (!built && !build({ typeCheck: !inGitClone })) return 1;
  if (inGitClone && global) undoNestedGlobalInstall();
  return 0;
}

process.exitCode = prepare();
