import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { readFileSync } from 'node:fs';
import { link, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { McdeweyError } from '../errors.js';
import { isProcessRunning } from '../process.js';

export { isProcessRunning };

/** What a lock file holds: who took it, where and when. */
interface LockOwner {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  started: string;
  /** Tells two takers with the same pid apart (and a stale file from a fresh one). */
  token: string;
}

/** A held index lock; `release` removes the lock file if it is still this one. */
export interface IndexLock {
  readonly path: string;
  release(): Promise<void>;
}

/** `<dir>.lock`: the lock file beside an index directory. */
export function lockPathOf(dir: string): string {
  return `${dir}.lock`;
}

/** A lock file left empty for this long was never finished by a writer that died at that instant. */
const EMPTY_LOCK_STALE_MS = 10_000;

/**
 * Takes the lock of the index at `dir` (the file `<dir>.lock`, holding pid, host and start time),
 * so that two ingests never write one index at once. A lock whose process is no longer running
 * (on this host) is taken over.
 * @throws McdeweyError `INDEX_LOCKED` naming the pid holding it.
 */
export async function acquireIndexLock(dir: string): Promise<IndexLock> {
  const path = lockPathOf(dir);
  await mkdir(dirname(path), { recursive: true });
  const owner: LockOwner = { pid: process.pid, host: hostname(), started: new Date().toISOString(), token: randomBytes(8).toString('hex') };
  const text = `${JSON.stringify(owner)}\n`;
  // Each pass creates the file, removes one stale lock, or waits for a lock being written.
  for (let attempt = 0; attempt < 10; attempt++) {
    if (await createExclusive(path, text)) {
      return { path, release: () => releaseLock(path, text) };
    }
    const held = await readLock(path);
    if (held === undefined) continue; // removed meanwhile
    const holder = parseOwner(held.text);
    if (holder === undefined) {
      if (held.text !== '') throw unknownLock(path, dir, held.text);
      if (Date.now() - held.mtimeMs < EMPTY_LOCK_STALE_MS) {
        // Created an instant ago; its owner is writing it.
        await new Promise((resume) => setTimeout(resume, 25));
        if (attempt < 9) continue;
        throw unknownLock(path, dir, held.text);
      }
    } else if (isLiveHolder(holder)) {
      throw lockedError(path, dir, holder);
    }
    await removeStale(path, held.text);
  }
  throw new McdeweyError('INDEX_LOCKED', `Index ${dir} is locked: ${path} keeps changing hands; try again`, { details: { dir, lock: path } });
}

/** True when a running process (on this host, or any process on another host) holds the lock of the index at `dir`. */
export function isIndexLockHeld(dir: string): boolean {
  let text: string;
  try {
    text = readFileSync(lockPathOf(dir), 'utf8');
  } catch {
    return false;
  }
  const holder = parseOwner(text);
  return holder !== undefined && isLiveHolder(holder);
}

/** A holder on another host is taken to be alive: its process cannot be checked from here. */
function isLiveHolder(holder: LockOwner): boolean {
  return holder.host !== hostname() || isProcessRunning(holder.pid);
}

async function createExclusive(path: string, text: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
  return true;
}

async function readLock(path: string): Promise<{ text: string; mtimeMs: number } | undefined> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { text, mtimeMs: info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseOwner(text: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(text) as Partial<LockOwner>;
    if (Number.isInteger(owner.pid) && typeof owner.host === 'string' && typeof owner.started === 'string' && typeof owner.token === 'string') return owner as LockOwner;
  } catch {
    // not a lock this tool wrote
  }
  return undefined;
}

/**
 * Removes a stale lock whose contents were `seen`. It is first moved aside, so that if another
 * process took it over in the meantime, its fresh lock is recognised (different contents) and put
 * back instead of being deleted.
 */
async function removeStale(path: string, seen: string): Promise<void> {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readFile(aside, 'utf8');
  if (moved !== seen) {
    // Someone else's live lock: put it back (without replacing a newer one).
    await link(aside, path).catch((error: NodeJS.ErrnoException) => (error.code === 'EEXIST' ? undefined : rename(aside, path)));
  }
  await rm(aside, { force: true });
}

async function releaseLock(path: string, text: string): Promise<void> {
  const held = await readLock(path).catch(() => undefined);
  if (held?.text === text) await rm(path, { force: true });
}

function lockedError(path: string, dir: string, holder: LockOwner): McdeweyError {
  const where = holder.host === hostname() ? `process ${holder.pid}` : `process ${holder.pid} on host ${holder.host}`;
  return new McdeweyError('INDEX_LOCKED', `Index ${dir} is locked by ${where} (an ingest or rollback started ${holder.started}); wait for it to finish, or remove ${path} if that process is gone`, {
    details: { dir, lock: path, pid: holder.pid, host: holder.host, started: holder.started },
  });
}

function unknownLock(path: string, dir: string, text: string): McdeweyError {
  const what = text === '' ? 'is being written by another ingest' : 'is not a McDewey lock file';
  return new McdeweyError('INDEX_LOCKED', `Index ${dir} is locked: ${path} ${what}; remove it if no ingest is running`, { details: { dir, lock: path } });
}
