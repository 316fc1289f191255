import path from 'node:path';

/** A path relative to the working directory when it is inside it. */
export function displayPath(target: string, cwd: string): string {
  const relative = path.relative(cwd, target);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : target;
}
