/** `node:fs` plus `globSync` (Node 22's API, for the conformance CLI on Node 20), built on tinyglobby. */
import fs from 'node:fs';
import { globSync as tinyGlobSync } from 'tinyglobby';

export * from 'node:fs';
export default fs;

/** The subset of `fs.globSync(pattern, { cwd, exclude })` the conformance CLI uses: relative paths. */
export function globSync(pattern, options = {}) {
  const patterns = Array.isArray(pattern) ? pattern : [pattern];
  const ignore = Array.isArray(options.exclude) ? options.exclude : [];
  return tinyGlobSync(patterns, { cwd: options.cwd ?? process.cwd(), ignore, onlyFiles: false, expandDirectories: false });
}
