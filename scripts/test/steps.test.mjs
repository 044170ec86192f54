// The first start tells what it is doing: numbered steps, each with its estimate and the time left.
import { describe, expect, it } from 'vitest';
import { runWithDependencies } from '../lib/schedule.mjs';
import { stepReporter } from '../lib/steps.mjs';
import { formatDuration } from '../lib/timings.mjs';

describe('step announcements', () => {
  it('numbers the steps and gives each one its estimate and the time left in all', () => {
    const out = [];
    let clock = 0;
    const estimates = { install: 0, build: 23, ingest: 40, serve: 1 };
    const steps = stepReporter(['install', 'build', 'ingest', 'serve'], { estimate: (name) => estimates[name], write: (text) => out.push(text), now: () => clock });
    steps.skip('install', 'node_modules matches the lockfile');
    steps.begin('build', '5 of 5 packages');
    clock += 21_400;
    steps.end('build');
    estimates.build = 0;
    steps.begin('ingest');
    expect(out.join('')).toBe(
      [
        'step 1/4: install — skipped: node_modules matches the lockfile',
        '',
        'step 2/4: build — 5 of 5 packages (about 23 s; about 1 min 4 s left in all)',
        'step 2/4: build done in 21 s',
        '',
        'step 3/4: ingest (about 40 s; about 41 s left in all)',
        '',
      ].join('\n'),
    );
  });

  it('formats durations for people', () => {
    expect([0.3, 1, 59.4, 60, 125].map(formatDuration)).toEqual(['under a second', '1 s', '59 s', '1 min', '2 min 5 s']);
  });
});

describe('running dependent tasks', () => {
  it('refuses tasks that wait on each other', async () => {
    const items = [
      { id: 'a', after: ['b'] },
      { id: 'b', after: ['a'] },
    ];
    await expect(runWithDependencies(items, { key: (item) => item.id, dependsOn: (item) => item.after, run: async () => {} })).rejects.toThrow('a, b depend on each other');
  });

  it('starts nothing new after a failure and reports the first error', async () => {
    const ran = [];
    const items = ['a', 'b', 'c'].map((id) => ({ id }));
    const run = async ({ id }) => {
      ran.push(id);
      if (id === 'b') throw new Error('b broke');
    };
    await expect(runWithDependencies(items, { key: (item) => item.id, dependsOn: () => [], run })).rejects.toThrow('b broke');
    expect(ran).toEqual(['a', 'b']);
  });
});
