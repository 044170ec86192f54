// Bringing a clone up to date before it runs: install when the lockfile changed, build the packages
// whose inputs changed (and those built on them), skip everything that is already up to date.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { BUILD_STAMP, buildState, inputHashes, writeBuildStamp } from './build-stamp.mjs';
import { installState, writeInstallStamp } from './install-stamp.mjs';
import { runWithDependencies } from './schedule.mjs';
import { formatDuration } from './timings.mjs';
import { buildOrder, readWorkspacePackages } from './workspace.mjs';

/**
 * @typedef {object} PlannedBuild
 * @property {import('./workspace.mjs').WorkspacePackage} pkg
 * @property {string} inputHash
 * @property {boolean} upToDate
 * @property {string} reason
 */

/**
 * Every buildable package in build order, with whether its dist is up to date and why not.
 * @param {string} root
 * @param {{ force?: boolean }} [options]  `force`: every package is out of date
 * @returns {PlannedBuild[]}
 */
export function planBuilds(root, { force = false } = {}) {
  const ordered = buildOrder(readWorkspacePackages(root)).filter((pkg) => pkg.hasBuild);
  const hashes = inputHashes(root, ordered);
  return ordered.map((pkg) => {
    const inputHash = hashes.get(pkg.name);
    const state = force ? { upToDate: false, reason: 'a rebuild was asked for' } : buildState(root, pkg, inputHash);
    return { pkg, inputHash, ...state };
  });
}

/**
 * @typedef {object} PrepareContext
 * @property {string} root                       the workspace root
 * @property {import('./run.mjs').Runner} run    runs a command
 * @property {() => string[]} pnpm               the command that runs pnpm (asked only when needed)
 * @property {(line: string) => void} log        a line for the user (stderr)
 * @property {import('./install-stamp.mjs').RuntimeIdentity} [runtime]
 */

/**
 * Runs `pnpm install --frozen-lockfile` unless node_modules is up to date with the lockfile,
 * then records the install.
 * @param {PrepareContext} context
 * @returns {Promise<{ installed: boolean, reason: string }>}
 */
export async function ensureInstalled({ root, run, pnpm, log, runtime = {} }) {
  const state = installState(root, runtime);
  if (state.upToDate) return { installed: false, reason: state.reason };
  log(`installing dependencies: ${state.reason}`);
  const [command, ...prefix] = pnpm();
  await run(command, [...prefix, 'install', '--frozen-lockfile'], { cwd: root });
  writeInstallStamp(root, runtime);
  return { installed: true, reason: state.reason };
}

/**
 * Builds the out-of-date packages of `plan` (each after the workspace packages it depends on, up
 * to `concurrency` at once) and records each build as it succeeds.
 * @param {PrepareContext & { plan: PlannedBuild[], concurrency?: number, estimate?: (name: string) => number }} context
 * @returns {Promise<{ built: string[], seconds: Record<string, number> }>}
 */
export async function ensureBuilt({ root, run, pnpm, log, plan, concurrency = 1, estimate = () => 0 }) {
  const stale = plan.filter((entry) => !entry.upToDate);
  if (stale.length === 0) return { built: [], seconds: {} };
  const [command, ...prefix] = pnpm();
  const seconds = {};
  const unfinished = new Set(stale.map((entry) => entry.pkg.name));
  await runWithDependencies(stale, {
    key: (entry) => entry.pkg.name,
    dependsOn: (entry) => entry.pkg.workspaceDependencies,
    concurrency,
    run: async ({ pkg, inputHash, reason }) => {
      log(`building ${pkg.name} (${reason}; about ${formatDuration(estimate(pkg.name))})`);
      // A build that fails halfway must not leave the old record claiming dist is good.
      rmSync(join(root, pkg.dir, BUILD_STAMP), { force: true });
      const started = performance.now();
      await run(command, [...prefix, 'run', 'build'], { cwd: join(root, pkg.dir), label: pkg.name });
      writeBuildStamp(root, pkg, inputHash);
      seconds[pkg.name] = (performance.now() - started) / 1000;
      unfinished.delete(pkg.name);
      const left = [...unfinished].reduce((sum, name) => sum + estimate(name), 0) / Math.max(1, Math.min(concurrency, unfinished.size));
      const done = stale.length - unfinished.size;
      log(`built ${pkg.name} in ${formatDuration(seconds[pkg.name])} (${done} of ${stale.length}${unfinished.size > 0 ? `; about ${formatDuration(left)} left` : ''})`);
    },
  });
  return { built: Object.keys(seconds), seconds };
}

/**
 * Seconds to build `stale` with `concurrency` builds at once: at least the longest chain of
 * dependent builds, and at least the total spread over the parallel builds.
 * @param {readonly PlannedBuild[]} stale  in build order
 * @param {(name: string) => number} secondsOf  one package's build time
 * @param {number} concurrency
 * @returns {number}
 */
export function estimateBuildSeconds(stale, secondsOf, concurrency) {
  const names = new Set(stale.map((entry) => entry.pkg.name));
  const chain = new Map();
  for (const { pkg } of stale) {
    const before = Math.max(0, ...pkg.workspaceDependencies.filter((name) => names.has(name)).map((name) => chain.get(name) ?? 0));
    chain.set(pkg.name, before + secondsOf(pkg.name));
  }
  const total = stale.reduce((sum, { pkg }) => sum + secondsOf(pkg.name), 0);
  return Math.max(0, ...chain.values(), total / Math.max(1, concurrency));
}
