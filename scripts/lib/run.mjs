// Running commands for the bootstrap: output passed through (or prefixed per package when several
// run at once), a failure as an error carrying the exit code.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * @typedef {(command: string, args: readonly string[], options: { cwd: string, label?: string }) => Promise<void>} Runner
 * Runs a command; resolves when it exits 0, rejects with an Error whose `exitCode` is its exit code
 * (and `signal` the signal that ended it, if one did).
 */

/**
 * A {@link Runner} over real processes. With a `label`, the command's output lines go to stderr
 * prefixed `[label] `; without, the command shares this process's terminal.
 * @param {NodeJS.ProcessEnv} env
 * @returns {Runner}
 */
export function processRunner(env) {
  return (command, args, { cwd, label }) =>
    new Promise((resolve, reject) => {
      const child = spawn(command, args, { cwd, env, stdio: label ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
      if (label) {
        for (const stream of [child.stdout, child.stderr]) {
          createInterface({ input: stream }).on('line', (line) => process.stderr.write(`[${label}] ${line}\n`));
        }
      }
      child.once('error', (error) => reject(Object.assign(new Error(`cannot run ${command}: ${error.message}`), { exitCode: 1 })));
      child.once('close', (code, signal) => {
        if (code === 0) resolve();
        else reject(Object.assign(new Error(`${[command, ...args].join(' ')} failed (${signal ?? `exit code ${code}`})`), { exitCode: code ?? 1, signal }));
      });
    });
}

/**
 * The command that runs pnpm: `pnpm` when the installed one is the version package.json names,
 * else `npx --yes pnpm@<version>` (npm fetches it once).
 * @param {string} version  from package.json `packageManager`
 * @param {typeof spawnSync} [spawnSyncImpl]
 * @returns {string[]}
 */
export function pnpmCommand(version, spawnSyncImpl = spawnSync) {
  const installed = spawnSyncImpl('pnpm', ['--version'], { encoding: 'utf8' });
  if (installed.status === 0 && String(installed.stdout).trim() === version) return ['pnpm'];
  return ['npx', '--yes', `pnpm@${version}`];
}

/**
 * `env` with `npm_config_nodedir` pointing at Node's headers when they sit beside Node and match
 * it (Debian's nodejs, this project's CI): hnswlib-node is a native addon, and node-gyp would
 * otherwise download the headers.
 * @param {NodeJS.ProcessEnv} env
 * @returns {NodeJS.ProcessEnv}
 */
export function withNodeHeaders(env, headerFile = '/usr/include/node/node_version.h', nodeVersion = process.version) {
  if (env.npm_config_nodedir || !existsSync(headerFile)) return env;
  const header = readFileSync(headerFile, 'utf8');
  const part = (name) => header.match(new RegExp(`#define ${name} (\\d+)`))?.[1];
  const version = `v${part('NODE_MAJOR_VERSION')}.${part('NODE_MINOR_VERSION')}.${part('NODE_PATCH_VERSION')}`;
  return version === nodeVersion ? { ...env, npm_config_nodedir: '/usr' } : env;
}
