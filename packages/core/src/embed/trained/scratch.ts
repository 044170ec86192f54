import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProcessRunning } from '../../process.js';

/** Scratch model folders are named `mcdewey-model-<pid>-<random>`, so a later run can tell whose they are. */
const PREFIX = 'mcdewey-model-';
const OWNED = /^mcdewey-model-(\d+)-[A-Za-z0-9]+$/;

/**
 * A fresh scratch folder for a model being trained, in the system temp folder. Folders left by
 * trainings that were killed (their pid no longer runs) are removed first.
 */
export async function makeModelScratchDir(): Promise<string> {
  await removeStaleModelScratchDirs();
  return mkdtemp(join(tmpdir(), `${PREFIX}${process.pid}-`));
}

/** Removes scratch model folders in `root` whose process is gone; returns their paths. */
export async function removeStaleModelScratchDirs(root: string = tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  for (const entry of await readdir(root).catch(() => [] as string[])) {
    const pid = OWNED.exec(entry)?.[1];
    if (pid === undefined || Number(pid) === process.pid || isProcessRunning(Number(pid))) continue;
    const path = join(root, entry);
    await rm(path, { recursive: true, force: true }).then(
      () => removed.push(path),
      () => {}, // another user's folder, or already gone: not ours to worry about
    );
  }
  return removed;
}
