import { resolve } from 'node:path';
import { McdeweyError } from '../errors.js';
import { previousDirOf, swapWithPrevious } from './atomic.js';
import { isIndexDir, targetKind } from './index-dir.js';
import { acquireIndexLock } from './lock.js';
import { readStoredIndex } from './read.js';
import { asIndexWriteError } from './write-error.js';

/** What `rollbackIndex` did. */
export interface RollbackReport {
  /** The index directory, now holding the restored generation. */
  indexDir: string;
  /** Where the generation that was current before the rollback now waits (`<indexDir>.previous`). */
  previousDir: string;
  /** Documents and chunks of the restored generation. */
  documents: number;
  chunks: number;
}

/**
 * Brings back the index generation that the last ingest replaced (`<dir>.previous`, kept by
 * every ingest). The current generation becomes `<dir>.previous`, so a second rollback undoes the
 * first. Takes the index's lock like an ingest does.
 *
 * @param dir the index directory (as given to `ingest` / `--index`).
 * @throws McdeweyError `INDEX_NOT_FOUND` when there is no previous generation, `INDEX_CORRUPT` /
 *   `INDEX_FORMAT_UNSUPPORTED` when it cannot be read, `NOT_AN_INDEX` when `dir` holds something
 *   else, `INDEX_LOCKED` while an ingest runs, `INDEX_WRITE_FAILED` when the folders cannot be renamed.
 */
export async function rollbackIndex(dir: string): Promise<RollbackReport> {
  const target = resolve(dir);
  const previous = previousDirOf(target);
  const lock = await acquireIndexLock(target).catch((error: unknown) => {
    throw asIndexWriteError(target, error);
  });
  try {
    if (!isIndexDir(previous)) {
      throw new McdeweyError(
        'INDEX_NOT_FOUND',
        `No previous generation of the index ${target} to roll back to (${previous} ${targetKind(previous) === 'absent' ? 'does not exist' : 'is not an index'})`,
        {
          details: { dir: target, previous },
        },
      );
    }
    // Never restore a generation that does not read back whole.
    const restored = readStoredIndex(previous);
    restored.chunks.close();
    await swapWithPrevious(target);
    return { indexDir: target, previousDir: previous, documents: restored.manifest.counts.documents, chunks: restored.manifest.counts.chunks };
  } catch (error) {
    throw asIndexWriteError(target, error);
  } finally {
    await lock.release();
  }
}
