#!/usr/bin/env node
// The README's commands run through here so that a machine with only Node 20 and npm needs
// nothing else: pnpm comes from the npm registry through npx when it is not installed. Each run
// installs only when node_modules is out of date with the lockfile and builds only the packages
// whose sources changed (see scripts/lib/), so running it again is quick.
//
//   node scripts/bootstrap.mjs start [--no-watch] install, build, ingest corpus/, serve the web app and /mcp,
//                                                re-ingesting corpus/ when it changes (--no-watch: not)
//   node scripts/bootstrap.mjs test [args]        install, build, run the tests (args go to vitest)
//   node scripts/bootstrap.mjs build [--force]    install, build (--force: every package)
//   node scripts/bootstrap.mjs changeset [args]   install, run the changesets CLI
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureBuilt, ensureInstalled, estimateBuildSeconds, planBuilds } from './lib/prepare.mjs';
import { pnpmCommand, processRunner, withNodeHeaders } from './lib/run.mjs';
import { stepReporter } from './lib/steps.mjs';
import { readTimings, recordTiming } from './lib/timings.mjs';
import { installState } from './lib/install-stamp.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const PNPM_VERSION = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const env = withNodeHeaders({ ...process.env });
const run = processRunner(env);
const log = (line) => process.stderr.write(`${line}\n`);
const concurrency = Math.max(1, Math.min(4, availableParallelism()));
let pnpmResolved;
const pnpm = () => (pnpmResolved ??= pnpmCommand(PNPM_VERSION));
const context = { root, run, pnpm, log };

const TASKS = {
  start: { steps: ['install', 'build', 'ingest', 'serve'], main: start },
  test: { steps: ['install', 'build', 'test'], main: test },
  build: { steps: ['install', 'build'], main: async () => {} },
  changeset: { steps: ['install', 'changeset'], main: changeset },
};

const [task, ...args] = process.argv.slice(2);
if (!Object.hasOwn(TASKS, task ?? '')) {
  log('usage: node scripts/bootstrap.mjs start|test|build|changeset [args]');
  process.exit(2);
}

try {
  await main(TASKS[task], args);
} catch (error) {
  // Ctrl+C reaches the server too; its ending that way is not a failure to report.
  if (error.signal === 'SIGINT' || error.signal === 'SIGTERM') process.exit(130);
  log(`bootstrap: ${error.message}`);
  process.exit(error.exitCode ?? 1);
}

async function main({ steps: names, main: rest }, taskArgs) {
  const timings = readTimings(root);
  const force = task === 'build' && taskArgs.includes('--force');
  let plan = planBuilds(root, { force });
  const indexDir = env.MCDEWEY_INDEX ?? '.mcdewey/index';
  const firstIngest = !existsSync(resolve(root, indexDir, 'manifest.json'));
  const buildSeconds = (name) => timings[`build:${name}`] ?? timings.build;
  const estimates = {
    install: () => (installState(root).upToDate ? 0 : timings.install),
    build: () =>
      estimateBuildSeconds(
        plan.filter((entry) => !entry.upToDate),
        buildSeconds,
        concurrency,
      ),
    ingest: () => timings[firstIngest ? 'ingest:first' : 'ingest:again'],
    serve: () => timings.serve,
    // A run of some of the tests has no remembered duration.
    test: () => (taskArgs.length > 0 ? 0 : timings.test),
    changeset: () => 0,
  };
  const steps = stepReporter(names, { estimate: (name) => estimates[name]() });

  const install = installState(root);
  if (install.upToDate) {
    steps.skip('install', install.reason);
  } else {
    steps.begin('install');
    await ensureInstalled(context);
    recordTiming(root, 'install', steps.elapsed('install'));
    steps.end('install');
  }

  if (names.includes('build')) {
    plan = planBuilds(root, { force });
    const stale = plan.filter((entry) => !entry.upToDate);
    if (stale.length === 0) {
      steps.skip('build', `every package's dist is up to date with its sources`);
    } else {
      steps.begin('build', `${stale.length} of ${plan.length} packages: ${stale.map((entry) => entry.pkg.name).join(', ')}`);
      const { seconds } = await ensureBuilt({ ...context, plan, concurrency, estimate: buildSeconds });
      for (const [name, each] of Object.entries(seconds)) recordTiming(root, `build:${name}`, each);
      plan = plan.map((entry) => ({ ...entry, upToDate: true }));
      steps.end('build');
    }
  }
  await rest(steps, taskArgs, { indexDir, firstIngest });
}

async function start(steps, args, { indexDir, firstIngest }) {
  const cli = join('packages', 'cli', 'dist', 'bin.js');
  steps.begin(
    'ingest',
    firstIngest ? `corpus/ into ${indexDir} for the first time: every document is read, and an embedding model is trained when none can be loaded` : `corpus/ into ${indexDir}, only changed documents`,
  );
  await run(process.execPath, [cli, 'ingest', 'corpus', '--index', indexDir], { cwd: root });
  recordTiming(root, firstIngest ? 'ingest:first' : 'ingest:again', steps.elapsed('ingest'));
  steps.end('ingest');
  // Changes to corpus/ are re-ingested and served without a restart, unless --no-watch.
  const watch = args.includes('--no-watch') ? [] : ['--watch'];
  steps.begin('serve', `http://127.0.0.1:${env.PORT ?? '3000'}/ (Ctrl+C stops it)${watch.length ? '; corpus/ is watched' : ''}`);
  await run(process.execPath, [cli, 'serve', '--index', indexDir, '--corpus', 'corpus', '--port', env.PORT ?? '3000', ...watch], { cwd: root });
}

async function test(steps, vitestArgs) {
  const [command, ...prefix] = pnpm();
  steps.begin('test', vitestArgs.length > 0 ? vitestArgs.join(' ') : 'every test');
  await run(command, [...prefix, 'exec', 'vitest', 'run', ...vitestArgs], { cwd: root });
  if (vitestArgs.length === 0) recordTiming(root, 'test', steps.elapsed('test'));
  steps.end('test');
}

async function changeset(steps, changesetArgs) {
  const [command, ...prefix] = pnpm();
  steps.begin('changeset');
  await run(command, [...prefix, 'exec', 'changeset', ...changesetArgs], { cwd: root });
}
