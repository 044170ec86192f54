#!/usr/bin/env node
/**
 * Runs the official MCP conformance suite (@modelcontextprotocol/conformance, server mode, active
 * suite) against McDewey's Streamable HTTP server and compares the outcome with
 * expected-failures.txt.
 *
 *   pnpm --filter @mcdewey/core --filter @mcdewey/mcp build
 *   node packages/mcp/conformance/run.mjs [--output-dir DIR]
 *
 * It builds a small index in a temporary folder, serves it on 127.0.0.1 (port 0), runs every
 * scenario, and exits 1 on an unexpected failure, an unexpected pass (a stale expected-failures
 * entry), or a scenario listed but not run. Offline: the suite talks only to this server.
 * On Node 20 the CLI is started with --import ./node20-globsync.mjs (see that file).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const dist = join(here, '..', 'dist', 'index.js');
const SUITE_TIMEOUT_MS = 5 * 60 * 1000;
/** Protocol scenarios that must run and pass whatever expected-failures.txt says. */
const MUST_PASS = ['server-initialize', 'ping', 'logging-set-level', 'tools-list', 'resources-list', 'prompts-list', 'server-sse-multiple-streams', 'dns-rebinding-protection'];

if (!existsSync(dist)) {
  console.error('conformance: packages/mcp/dist is missing; run `pnpm --filter @mcdewey/core --filter @mcdewey/mcp build` first');
  process.exit(2);
}
const { ingest, openIndex } = await import('@mcdewey/core');
const { startMcpHttpServer } = await import(dist);

const args = process.argv.slice(2);
const outputFlag = args.indexOf('--output-dir');
const work = mkdtempSync(join(tmpdir(), 'mcdewey-conformance-'));
const outputDir = outputFlag >= 0 ? args[outputFlag + 1] : join(work, 'results');

/** Scenario names listed in expected-failures.txt (one per line, `#` starts a comment). */
function expectedFailures() {
  return readFileSync(join(here, 'expected-failures.txt'), 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean);
}

const CORPUS = {
  'acme/v1/guide/backup.md': '# Backups\n\nTake a snapshot with `acme snapshot save`.\n\n## Restore\n\nRestore with `acme snapshot restore FILE`.\n',
  'acme/v2/guide/backup.md': '# Backups\n\nTake a snapshot with `acme snapshot save`.\n\n## Restore\n\nRestore with `acme snapshot restore FILE --verify`.\n',
  'globex/9.0/manual/notes.txt': 'Release notes\n\nThe snapshot format changed in 9.0.\n',
};

function runSuite(url, baseline) {
  const require = createRequire(import.meta.url);
  const cli = join(dirname(require.resolve('@modelcontextprotocol/conformance/package.json')), 'dist', 'index.js');
  const preload = join(here, 'node20-globsync.mjs');
  const argv = ['--import', preload, cli, 'server', '--url', url, '--output-dir', outputDir, '--expected-failures', baseline];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, { stdio: 'inherit' });
    const timer = setTimeout(() => {
      console.error(`conformance: the suite ran over ${SUITE_TIMEOUT_MS / 1000} s; stopping it`);
      child.kill('SIGKILL');
    }, SUITE_TIMEOUT_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/** Per scenario: failed when any check is FAILURE or WARNING (the suite's own rule). */
function readOutcomes() {
  const outcomes = new Map();
  for (const entry of readdirSync(outputDir)) {
    const file = join(outputDir, entry, 'checks.json');
    if (!existsSync(file)) continue;
    const name = entry.replace(/^server-/, '').replace(/-\d{4}-\d{2}-\d{2}T.*$/, '');
    const checks = JSON.parse(readFileSync(file, 'utf8'));
    const failed = checks.filter((check) => check.status === 'FAILURE' || check.status === 'WARNING');
    outcomes.set(name, { passed: failed.length === 0, why: failed.map((check) => `${check.id}: ${check.errorMessage ?? check.status}`) });
  }
  return outcomes;
}

let exitCode = 1;
let server;
try {
  const corpus = join(work, 'corpus');
  for (const [path, text] of Object.entries(CORPUS)) {
    mkdirSync(dirname(join(corpus, path)), { recursive: true });
    writeFileSync(join(corpus, path), text);
  }
  await ingest(corpus, join(work, 'index'));
  const library = await openIndex(join(work, 'index'), { warm: true });
  server = await startMcpHttpServer({ library });
  console.log(`conformance: McDewey MCP server at ${server.url}`);

  const expected = expectedFailures();
  const baseline = join(work, 'expected-failures.yaml');
  writeFileSync(baseline, `server:\n${expected.map((name) => `  - ${name}`).join('\n')}\n`);
  mkdirSync(outputDir, { recursive: true });
  const suiteExit = await runSuite(server.url, baseline);

  const outcomes = readOutcomes();
  const unexpectedFailures = [...outcomes].filter(([name, o]) => !o.passed && !expected.includes(name));
  const unexpectedPasses = [...outcomes].filter(([name, o]) => o.passed && expected.includes(name));
  const notRun = expected.filter((name) => !outcomes.has(name));
  const protocolFailures = MUST_PASS.filter((name) => !outcomes.get(name)?.passed);
  console.log(
    `\nconformance: ${[...outcomes.values()].filter((o) => o.passed).length} scenarios passed, ${[...outcomes.values()].filter((o) => !o.passed).length} failed (${expected.length} expected to fail: they need the suite's fixture tools, resources or prompts)`,
  );
  for (const [name, o] of unexpectedFailures) console.log(`  UNEXPECTED FAILURE ${name}\n    ${o.why.join('\n    ')}`);
  for (const [name] of unexpectedPasses) console.log(`  UNEXPECTED PASS    ${name} (remove it from expected-failures.txt)`);
  for (const name of notRun) console.log(`  NOT RUN            ${name} (listed in expected-failures.txt)`);
  for (const name of protocolFailures) console.log(`  PROTOCOL SCENARIO  ${name} did not pass; it must`);
  const ok = outcomes.size > 0 && unexpectedFailures.length === 0 && unexpectedPasses.length === 0 && notRun.length === 0 && protocolFailures.length === 0 && suiteExit === 0;
  console.log(ok ? 'conformance: OK' : `conformance: FAILED (suite exit code ${suiteExit})`);
  exitCode = ok ? 0 : 1;
} catch (error) {
  console.error('conformance: error', error);
} finally {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);
