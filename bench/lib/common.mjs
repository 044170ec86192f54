// Helpers shared by the bench scripts: machine description, statistics, loading the built core.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, totalmem, platform, release } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root (bench/..). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The shared evaluation data and corpus, beside the repository. */
export const SHARED = resolve(ROOT, '..', 'shared');

/** CPU model, cores, RAM, OS, Node version: what a reader needs to compare figures. */
export function machineInfo() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model?.trim() ?? 'unknown',
    cores: cpu.length,
    ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
    /** V8's default heap limit for a child started without --max-old-space-size. */
    heapLimitMB: Math.round(getHeapStatistics().heap_size_limit / 2 ** 20),
    loadAverage: readLoadAverage(),
  };
}

function readLoadAverage() {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
  } catch {
    return null;
  }
}

/** Today's date and time in ISO form (UTC). */
export function now() {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Value at quantile q (0..1) of a list of numbers (nearest rank). */
export function quantile(values, q) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export const median = (values) => quantile(values, 0.5);
export const mean = (values) => (values.length === 0 ? NaN : values.reduce((s, v) => s + v, 0) / values.length);

/** Rounds to `digits` decimals (for JSON output). */
export function round(value, digits = 3) {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Core's other built entries, read from beside the main one (`@mcdewey/core/models`, `/eval`). */
const SUBPATH_ENTRIES = ['models.js', 'eval.js'];

/**
 * Imports @mcdewey/core's built entries as one namespace: the main entry
 * (packages/core/dist/index.js, or the file named by --core / MCDEWEY_CORE) with the models and
 * eval entries beside it, when there are (a build from before they split off has every name in
 * its main entry). `needed` names exports the script uses; a missing one stops the script with a
 * message saying what to do.
 */
export async function loadCore(path, needed = []) {
  const file = resolve(path ?? process.env.MCDEWEY_CORE ?? join(ROOT, 'packages/core/dist/index.js'));
  if (!existsSync(file)) fail(`${file} does not exist; build first: pnpm --filter @mcdewey/core build`);
  const core = { ...(await import(pathToFileURL(file).href)) };
  for (const entry of SUBPATH_ENTRIES.map((name) => join(dirname(file), name)).filter((sibling) => existsSync(sibling))) {
    Object.assign(core, await import(pathToFileURL(entry).href));
  }
  const missing = needed.filter((name) => !(name in core));
  if (missing.length > 0) fail(`${file} does not export ${missing.join(', ')}; rebuild core (pnpm --filter @mcdewey/core build)`);
  return core;
}

/** minisearch, as core depends on it (packages/core/node_modules/minisearch). */
export async function loadMiniSearch() {
  const entry = join(ROOT, 'packages/core/node_modules/minisearch/dist/es/index.js');
  if (!existsSync(entry)) fail(`${entry} is missing; run pnpm install`);
  return (await import(pathToFileURL(entry).href)).default;
}

/** Prints a message on stderr and exits with status 1. */
export function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** The git commit of the working tree, or null (figures name the code they measured). */
export function gitCommit() {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() !== '';
    return dirty ? `${head}+dirty` : head;
  } catch {
    return null;
  }
}

/** Minimal `--flag value` / `--flag` parser. `spec` maps flag names to 'string' | 'boolean' | 'list'. */
export function parseArgs(argv, spec) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) fail(`unexpected argument ${arg}`);
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    const kind = spec[name];
    if (!kind)
      fail(
        `unknown option --${name}; known: ${Object.keys(spec)
          .map((k) => `--${k}`)
          .join(' ')}`,
      );
    if (kind === 'boolean') {
      out[name] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) fail(`--${name} needs a value`);
    out[name] = kind === 'list' ? [...(out[name] ?? []), ...value.split(',')] : value;
  }
  return out;
}

/**
 * The telling line of a failed child's stderr: the error message or code, not the generic
 * "Command exited with non-zero status" of /usr/bin/time.
 */
export function errorLine(lines) {
  const useful = lines.filter((line) => line && !/^Command (exited|terminated)|^Node\.js v|^\s+at |^phase |^TIME /.test(line));
  const message = useful.find((line) => /(Error|FATAL|out of memory|Allocation failed)/.test(line));
  const code = useful.map((line) => /code: '([A-Z_]+)'/.exec(line)?.[1]).find(Boolean);
  if (message && code && !message.includes(code)) return `${message.trim()} (${code})`;
  return message?.trim() ?? (code ? `error code ${code}` : (useful.at(-1)?.trim() ?? lines.at(-1) ?? 'failed'));
}
