import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Where the previous index waits while the new one is moved into place. */
export function previousDirOf(dir: string): string {
  return `${dir}.previous`;
}

/** A fresh temporary sibling of `dir` to build the new contents in. */
export async function makeStagingDir(dir: string): Promise<string> {
  await mkdir(dirname(dir), { recursive: true });
  await removeStaleStagingDirs(dir);
  const staging = `${dir}.tmp-${process.pid}-${Date.now().toString(36)}`;
  await mkdir(staging);
  return staging;
}

/**
 * Moves a fully written staging directory into place as `dir`. At every instant either `dir`
 * or `dir.previous` holds a complete index, so a crash never leaves nothing readable; readers
 * fall back to `dir.previous` when `dir` is missing.
 */
export async function commitStagingDir(staging: string, dir: string): Promise<void> {
  const previous = previousDirOf(dir);
  if (existsSync(dir)) {
    // `dir` is complete, so an older `previous` left by an earlier crash is stale.
    await rm(previous, { recursive: true, force: true });
    await rename(dir, previous);
  }
  await rename(staging, dir);
  await rm(previous, { recursive: true, force: true });
}

/** Removes staging directories left by writers that are no longer running. */
async function removeStaleStagingDirs(dir: string): Promise<void> {
  const prefix = `${basename(dir)}.tmp-`;
  const entries = await readdir(dirname(dir)).catch(() => [] as string[]);
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const pid = Number(entry.slice(prefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && isRunning(pid)) continue;
    await rm(join(dirname(dir), entry), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
