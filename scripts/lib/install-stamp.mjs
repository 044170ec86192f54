// Whether node_modules is up to date with the lockfile: a stamp written after a successful install
// holds a hash of everything the install read, and the Node it ran under (native addons are built
// for one Node ABI).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hashFiles, readJsonOrUndefined } from './hash.mjs';
import { workspaceFolders } from './workspace.mjs';

/** Where the install stamp lives: inside node_modules, so that removing node_modules removes it. */
export const INSTALL_STAMP = 'node_modules/.mcdewey-install-stamp.json';

/**
 * @typedef {object} RuntimeIdentity
 * @property {string} [nodeVersion]  default `process.version`
 * @property {string} [platform]     default `process.platform`
 * @property {string} [arch]         default `process.arch`
 */

/**
 * The files an install reads: the lockfile, the workspace file, `.npmrc` and every workspace
 * package's package.json, relative to `root`.
 * @param {string} root
 * @returns {string[]}
 */
export function installInputs(root) {
  return ['pnpm-lock.yaml', 'pnpm-workspace.yaml', '.npmrc', 'package.json', ...workspaceFolders(root).map((dir) => `${dir}/package.json`)];
}

/**
 * The hash an install stamp must hold for node_modules to count as up to date.
 * @param {string} root
 * @param {RuntimeIdentity} [runtime]
 * @returns {string}
 */
export function installHash(root, runtime = {}) {
  return hashFiles(root, installInputs(root), [runtimeOf(runtime)]);
}

/**
 * Whether `pnpm install` can be skipped, and if not, why.
 * @param {string} root
 * @param {RuntimeIdentity} [runtime]
 * @returns {{ upToDate: boolean, reason: string }}
 */
export function installState(root, runtime = {}) {
  if (!existsSync(join(root, 'node_modules'))) return { upToDate: false, reason: 'node_modules is missing' };
  const stamp = readJsonOrUndefined(join(root, INSTALL_STAMP));
  if (stamp === undefined) return { upToDate: false, reason: 'no record of a finished install' };
  if (typeof stamp.hash !== 'string' || typeof stamp.runtime !== 'string') return { upToDate: false, reason: 'the install record is damaged' };
  if (stamp.runtime !== runtimeOf(runtime)) return { upToDate: false, reason: `Node changed since the last install (${stamp.runtime} → ${runtimeOf(runtime)})` };
  if (stamp.hash !== installHash(root, runtime)) return { upToDate: false, reason: 'the lockfile or a package.json changed since the last install' };
  const missing = workspaceFolders(root).find((dir) => !existsSync(join(root, dir, 'node_modules')));
  if (missing) return { upToDate: false, reason: `${missing}/node_modules is missing` };
  return { upToDate: true, reason: 'node_modules matches the lockfile' };
}

/**
 * Records a successful install (call it only after the install finished).
 * @param {string} root
 * @param {RuntimeIdentity} [runtime]
 */
export function writeInstallStamp(root, runtime = {}) {
  mkdirSync(join(root, 'node_modules'), { recursive: true });
  const stamp = { hash: installHash(root, runtime), runtime: runtimeOf(runtime), writtenAt: new Date().toISOString() };
  writeFileSync(join(root, INSTALL_STAMP), `${JSON.stringify(stamp, null, 2)}\n`);
}

function runtimeOf({ nodeVersion = process.version, platform = process.platform, arch = process.arch }) {
  return `node ${nodeVersion} ${platform}-${arch}`;
}
