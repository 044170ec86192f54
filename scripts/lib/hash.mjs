// Content hashes of files and folders, for deciding whether an install or a build is up to date.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * Every file under `dir`, as paths relative to `dir` with `/` separators, sorted. A missing
 * folder has no files.
 * @param {string} dir
 * @returns {string[]}
 */
export function listFiles(dir) {
  if (!existsSync(dir)) return [];
  const found = [];
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) found.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

/**
 * A SHA-256 over the named files of `baseDir`: each path, then its bytes (or a marker when it is
 * missing), in sorted path order, so that adding, removing, renaming or editing any of them
 * changes the hash. `extra` strings (versions, other hashes) are hashed first.
 * @param {string} baseDir
 * @param {readonly string[]} relativePaths
 * @param {readonly string[]} [extra]
 * @returns {string} hex digest
 */
export function hashFiles(baseDir, relativePaths, extra = []) {
  const digest = createHash('sha256');
  for (const value of extra) digest.update(`extra\0${value}\0`);
  for (const path of [...new Set(relativePaths)].sort()) {
    const full = join(baseDir, path);
    digest.update(`file\0${path}\0`);
    if (existsSync(full) && statSync(full).isFile()) {
      const bytes = readFileSync(full);
      digest.update(`${bytes.length}\0`).update(bytes);
    } else {
      digest.update('missing\0');
    }
  }
  return digest.digest('hex');
}

/**
 * The hash of every file under `dir` (see {@link hashFiles}), or undefined when the folder is
 * missing or empty.
 * @param {string} dir
 * @returns {string | undefined}
 */
export function hashFolder(dir) {
  const files = listFiles(dir);
  return files.length === 0 ? undefined : hashFiles(dir, files);
}

/**
 * Reads a JSON file, or undefined when it is missing or not valid JSON (a damaged stamp counts as
 * no stamp).
 * @param {string} path
 * @returns {any}
 */
export function readJsonOrUndefined(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}
