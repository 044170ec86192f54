// The workspace's packages and the order they build in.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @typedef {object} WorkspacePackage
 * @property {string} name      the package name (`@mcdewey/core`)
 * @property {string} dir       its folder, relative to the workspace root (`packages/core`)
 * @property {string[]} workspaceDependencies  names of the workspace packages it depends on
 * @property {boolean} hasBuild whether it has a `build` script
 */

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'];

/**
 * The folders the workspace file lists (`packages:` entries of pnpm-workspace.yaml; `dir/*`
 * means each folder in `dir`), relative to `root`.
 * @param {string} root
 * @returns {string[]}
 */
export function workspaceFolders(root) {
  const file = join(root, 'pnpm-workspace.yaml');
  if (!existsSync(file)) return [];
  const patterns = [];
  let inPackages = false;
  for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
    if (/^packages:\s*$/.test(line)) inPackages = true;
    else if (/^\S/.test(line)) inPackages = false;
    else if (inPackages) {
      const entry = line.match(/^\s+-\s+['"]?([^'"#]+?)['"]?\s*(#.*)?$/);
      if (entry) patterns.push(entry[1]);
    }
  }
  const folders = [];
  for (const pattern of patterns) {
    if (pattern.endsWith('/*')) {
      const parent = pattern.slice(0, -2);
      if (!existsSync(join(root, parent))) continue;
      for (const entry of readdirSync(join(root, parent), { withFileTypes: true })) {
        if (entry.isDirectory() && existsSync(join(root, parent, entry.name, 'package.json'))) folders.push(`${parent}/${entry.name}`);
      }
    } else if (existsSync(join(root, pattern, 'package.json'))) {
      folders.push(pattern);
    }
  }
  return folders.sort();
}

/**
 * The packages under `packages/` (what the root build builds), with their workspace dependencies.
 * @param {string} root
 * @returns {WorkspacePackage[]}
 */
export function readWorkspacePackages(root) {
  const folders = workspaceFolders(root).filter((dir) => dir.startsWith('packages/'));
  const manifests = folders.map((dir) => ({ dir, json: JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) }));
  const names = new Set(manifests.map(({ json }) => json.name));
  return manifests.map(({ dir, json }) => {
    const dependencies = new Set();
    for (const field of DEPENDENCY_FIELDS) {
      for (const name of Object.keys(json[field] ?? {})) if (names.has(name)) dependencies.add(name);
    }
    return { name: json.name, dir, workspaceDependencies: [...dependencies].sort(), hasBuild: typeof json.scripts?.build === 'string' };
  });
}

/**
 * The packages in an order where each comes after the workspace packages it depends on (ties by
 * name, so the order is stable).
 * @param {readonly WorkspacePackage[]} packages
 * @returns {WorkspacePackage[]}
 * @throws {Error} on a dependency cycle
 */
export function buildOrder(packages) {
  const byName = new Map(packages.map((pkg) => [pkg.name, pkg]));
  const ordered = [];
  const state = new Map();
  const visit = (pkg, path) => {
    if (state.get(pkg.name) === 'done') return;
    if (state.get(pkg.name) === 'visiting') throw new Error(`workspace dependency cycle: ${[...path, pkg.name].join(' → ')}`);
    state.set(pkg.name, 'visiting');
    for (const name of pkg.workspaceDependencies) {
      const dependency = byName.get(name);
      if (dependency) visit(dependency, [...path, pkg.name]);
    }
    state.set(pkg.name, 'done');
    ordered.push(pkg);
  };
  for (const pkg of [...packages].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) visit(pkg, []);
  return ordered;
}
