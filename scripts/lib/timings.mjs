// How long the bootstrap's steps took last time on this machine, for estimates of the time left.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readJsonOrUndefined } from './hash.mjs';

/** Where step durations are remembered (removed with node_modules). */
export const TIMINGS_FILE = 'node_modules/.cache/mcdewey-bootstrap/timings.json';

/**
 * Seconds each step took on a 2-core machine (measured; see README "Two commands"), used until
 * this machine has timed them itself.
 */
export const DEFAULT_SECONDS = {
  install: 60,
  'build:@mcdewey/core': 11,
  'build:@mcdewey/mcp': 7,
  'build:@mcdewey/static': 6,
  'build:@mcdewey/express': 3,
  'build:mcdewey': 2,
  build: 6,
  'ingest:first': 40,
  'ingest:again': 3,
  serve: 1,
  test: 240,
};

/**
 * The remembered durations, with the defaults for steps not yet timed here.
 * @param {string} root
 * @returns {Record<string, number>}
 */
export function readTimings(root) {
  const stored = readJsonOrUndefined(join(root, TIMINGS_FILE));
  const valid = stored && typeof stored === 'object' ? Object.entries(stored).filter(([, seconds]) => typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0) : [];
  return { ...DEFAULT_SECONDS, ...Object.fromEntries(valid) };
}

/**
 * Remembers how long a step took. Best effort: a machine where node_modules cannot be written
 * simply keeps the defaults.
 * @param {string} root
 * @param {string} step
 * @param {number} seconds
 */
export function recordTiming(root, step, seconds) {
  const file = join(root, TIMINGS_FILE);
  try {
    const stored = readJsonOrUndefined(file) ?? {};
    stored[step] = Math.round(seconds * 10) / 10;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`);
  } catch {
    // Estimates only; nothing depends on them.
  }
}

/**
 * A duration for people: "under a second", "12 s", "2 min 5 s".
 * @param {number} seconds
 * @returns {string}
 */
export function formatDuration(seconds) {
  if (seconds < 1) return 'under a second';
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  const minutes = Math.floor(whole / 60);
  const rest = whole % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}
