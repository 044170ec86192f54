// Whether a package's dist is up to date with its sources: a stamp beside dist, written after a
// successful build, holds a hash of the build's inputs (the package's sources and configs, the
// shared build configs, the lockfile, and the input hashes of the workspace packages it depends
// on) and a hash of the dist it produced.
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashFiles, hashFolder, listFiles, readJsonOrUndefined } from './hash.mjs';

/** The stamp's file name, beside the package's dist/ (not inside it: tsup cleans dist/, and `files` packs only dist/). */
export const BUILD_STAMP = '.dist-stamp.json';

/** Root files every package's build reads. */
export const SHARED_BUILD_INPUTS = ['tsup.base.ts', 'tsconfig.base.json', 'pnpm-lock.yaml'];

/** Top-level files of a package that its build reads (besides everything under src/). */
const PACKAGE_CONFIG = /^(package\.json|tsconfig(\..+)?\.json|tsup\.config\.[cm]?[jt]s)$/;

/**
 * The input hash of each package, in build order: each includes its workspace dependencies'
 * input hashes, so a change in core changes the hash of every package built on it.
 * @param {string} root
 * @param {readonly import('./workspace.mjs').WorkspacePackage[]} ordered  packages in build order
 * @returns {Map<string, string>} package name → input hash
 */
export function inputHashes(root, ordered) {
  const hashes = new Map();
  const shared = hashFiles(root, SHARED_BUILD_INPUTS);
  for (const pkg of ordered) {
    const dir = join(root, pkg.dir);
    const files = [...listFiles(join(dir, 'src')).map((path) => `src/${path}`), ...listFiles(dir).filter((path) => !path.includes('/') && PACKAGE_CONFIG.test(path))];
    const dependencies = pkg.workspaceDependencies.map((name) => `${name}=${hashes.get(name) ?? 'outside the build'}`);
    hashes.set(pkg.name, hashFiles(dir, files, [`shared=${shared}`, ...dependencies]));
  }
  return hashes;
}

/**
 * Whether a package's build can be skipped, and if not, why.
 * @param {string} root
 * @param {import('./workspace.mjs').WorkspacePackage} pkg
 * @param {string} inputHash  from {@link inputHashes}
 * @returns {{ upToDate: boolean, reason: string }}
 */
export function buildState(root, pkg, inputHash) {
  const dir = join(root, pkg.dir);
  if (!existsSync(join(dir, 'dist'))) return { upToDate: false, reason: 'dist is missing' };
  const stamp = readJsonOrUndefined(join(dir, BUILD_STAMP));
  if (stamp === undefined) return { upToDate: false, reason: 'no record of a finished build' };
  if (typeof stamp.inputs !== 'string' || typeof stamp.dist !== 'string') return { upToDate: false, reason: 'the build record is damaged' };
  if (stamp.inputs !== inputHash) return { upToDate: false, reason: 'its sources, configs or dependencies changed' };
  if (stamp.dist !== hashFolder(join(dir, 'dist'))) return { upToDate: false, reason: 'dist was changed since it was built' };
  return { upToDate: true, reason: 'up to date' };
}

/**
 * Records a successful build of `pkg` from inputs with `inputHash` (call it only after the build
 * finished): the input hash and a hash of the dist it made.
 * @param {string} root
 * @param {import('./workspace.mjs').WorkspacePackage} pkg
 * @param {string} inputHash
 */
export function writeBuildStamp(root, pkg, inputHash) {
  const dir = join(root, pkg.dir);
  const dist = hashFolder(join(dir, 'dist'));
  if (dist === undefined) throw new Error(`${pkg.name}: the build finished but ${pkg.dir}/dist is empty`);
  writeFileSync(join(dir, BUILD_STAMP), `${JSON.stringify({ inputs: inputHash, dist, writtenAt: new Date().toISOString() }, null, 2)}\n`);
}
