import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleModelScratchDirs } from '../../src/embed/trained/scratch.js';
import { isMcdeweyError } from '../../src/errors.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { openIndex } from '../../src/open.js';
import { acquireIndexLock, lockPathOf } from '../../src/store/lock.js';
import { testdir } from '../helpers.js';

function corpusFiles(): Record<string, string> {
  return { 'acme/v1/guide/a.txt': 'Alpha\n\nfirst', 'acme/v1/guide/b.txt': 'Beta\n\nsecond', 'globex/9.0/manual/c.txt': 'Gamma\n\nthird' };
}

/** The pid of a process that has just exited. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

function lockText(pid: number, host = hostname()): string {
  return `${JSON.stringify({ pid, host, started: '2024-01-01T00:00:00.000Z', token: 'x' })}\n`;
}

describe('index lock', () => {
  it('lets one of two ingests started together run; the other fails with INDEX_LOCKED naming the pid', async () => {
    const corpus = testdir(corpusFiles());
    const index = join(testdir(), 'index');
    const results = await Promise.allSettled([ingest(corpus, index), ingest(corpus, index)]);
    const failed = results.filter((result) => result.status === 'rejected');
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(failed).toHaveLength(1);
    const error = (failed[0] as PromiseRejectedResult).reason;
    expect(isMcdeweyError(error, 'INDEX_LOCKED')).toBe(true);
    expect(error.message).toContain(`process ${process.pid}`);
    expect(error.details.pid).toBe(process.pid);
    expect((await openIndex(index)).manifest.counts.documents).toBe(3);
    expect(existsSync(lockPathOf(index))).toBe(false);
  });

  it('takes over the lock of a process that is gone', async () => {
    const index = join(testdir(), 'index');
    writeFileSync(lockPathOf(index), lockText(deadPid()));
    const report = await ingest(testdir(corpusFiles()), index);
    expect(report.documents).toBe(3);
    expect(existsSync(lockPathOf(index))).toBe(false);
  });

  it('holds pid, host and start time while taken, and refuses a second taker', async () => {
    const index = join(testdir(), 'index');
    const lock = await acquireIndexLock(index);
    const held = JSON.parse(readFileSync(lockPathOf(index), 'utf8'));
    expect(held).toMatchObject({ pid: process.pid, host: hostname() });
    expect(Date.parse(held.started)).not.toBeNaN();
    const error = await acquireIndexLock(index).catch((e: unknown) => e);
    expect(isMcdeweyError(error, 'INDEX_LOCKED')).toBe(true);
    await lock.release();
    expect(existsSync(lockPathOf(index))).toBe(false);
  });

  it('does not take over a lock from another host (its pid cannot be checked)', async () => {
    const index = join(testdir(), 'index');
    writeFileSync(lockPathOf(index), lockText(deadPid(), 'elsewhere.example'));
    const error = await acquireIndexLock(index).catch((e: unknown) => e);
    expect(isMcdeweyError(error, 'INDEX_LOCKED')).toBe(true);
    expect((error as Error).message).toContain('on host elsewhere.example');
  });

  it('never deletes a file in the lock path that it did not write', async () => {
    const index = join(testdir(), 'index');
    writeFileSync(lockPathOf(index), 'my own notes');
    const error = await ingest(testdir(corpusFiles()), index).catch((e: unknown) => e);
    expect(isMcdeweyError(error, 'INDEX_LOCKED')).toBe(true);
    expect(readFileSync(lockPathOf(index), 'utf8')).toBe('my own notes');
  });
});

describe('scratch folders of model training', () => {
  it('removes the folders of trainings whose process is gone, and only those', async () => {
    const root = testdir();
    const dead = join(root, `mcdewey-model-${deadPid()}-abc123`);
    const live = join(root, `mcdewey-model-${process.ppid}-def456`);
    const other = join(root, 'mcdewey-model-notes');
    for (const dir of [dead, live, other]) mkdirSync(join(dir, 'model'), { recursive: true });
    expect(await removeStaleModelScratchDirs(root)).toEqual([dead]);
    expect([existsSync(dead), existsSync(live), existsSync(other)]).toEqual([false, true, true]);
  });

  it('names the scratch folder of a training after its pid, in the temp folder', async () => {
    const { makeModelScratchDir } = await import('../../src/embed/trained/scratch.js');
    const dir = await makeModelScratchDir();
    try {
      expect(dir.startsWith(join(tmpdir(), `mcdewey-model-${process.pid}-`))).toBe(true);
    } finally {
      (await import('node:fs')).rmSync(dir, { recursive: true, force: true });
    }
  });
});
