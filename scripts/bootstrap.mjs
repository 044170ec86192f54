#!/usr/bin/env node
// The two README commands run through here so that a machine with only Node 20 and npm needs
// nothing else: pnpm comes from the npm registry through npx when it is not installed.
//
//   node scripts/bootstrap.mjs start   install, build, ingest corpus/, serve the web app and /mcp
//   node scripts/bootstrap.mjs test    install, build, run every test
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const PNPM_VERSION = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).packageManager.split('@')[1];
const root = new URL('..', import.meta.url).pathname;
const env = { ...process.env };

// hnswlib-node is a native addon. node-gyp downloads Node's headers unless told where they are;
// on machines that ship them beside Node (Debian's nodejs, this project's CI), use those.
if (!env.npm_config_nodedir && headersMatchRunningNode('/usr/include/node/node_version.h')) env.npm_config_nodedir = '/usr';

function headersMatchRunningNode(path) {
  if (!existsSync(path)) return false;
  const header = readFileSync(path, 'utf8');
  const part = (name) => header.match(new RegExp(`#define ${name} (\\d+)`))?.[1];
  return `v${part('NODE_MAJOR_VERSION')}.${part('NODE_MINOR_VERSION')}.${part('NODE_PATCH_VERSION')}` === process.version;
}

function pnpmCommand() {
  const installed = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (installed.status === 0 && installed.stdout.trim() === PNPM_VERSION) return ['pnpm'];
  return ['npx', '--yes', `pnpm@${PNPM_VERSION}`];
}

function run(command, args) {
  process.stderr.write(`\n> ${[command, ...args].join(' ')}\n`);
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const [pnpm, ...pnpmPrefix] = pnpmCommand();
const pnpmRun = (...args) => run(pnpm, [...pnpmPrefix, ...args]);
const task = process.argv[2];

pnpmRun('install', '--frozen-lockfile');
pnpmRun('run', 'build');
if (task === 'test') {
  pnpmRun('exec', 'vitest', 'run', ...process.argv.slice(3));
} else if (task === 'start') {
  const cli = ['packages/cli/dist/bin.js'];
  const index = env.MCDEWEY_INDEX ?? '.mcdewey/index';
  run(process.execPath, [...cli, 'ingest', 'corpus', '--index', index]);
  run(process.execPath, [...cli, 'serve', '--index', index, '--corpus', 'corpus', '--port', env.PORT ?? '3000']);
} else {
  process.stderr.write('usage: node scripts/bootstrap.mjs start|test\n');
  process.exit(2);
}
