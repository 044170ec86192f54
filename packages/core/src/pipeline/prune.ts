import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { McdeweyError } from '../errors.js';
import { previousDirOf } from '../store/atomic.js';
import { INDEX_FILES, type Manifest } from '../store/manifest.js';

/**
 * Ids of the documents in the index at `dir` (or in `dir.previous` while `dir` is missing), read
 * from its manifest whatever its chunker settings; none when there is no readable index.
 */
export function indexedDocumentIds(dir: string): string[] {
  const at = existsSync(join(dir, INDEX_FILES.manifest)) ? dir : previousDirOf(dir);
  try {
    const manifest = JSON.parse(readFileSync(join(at, INDEX_FILES.manifest), 'utf8')) as Partial<Manifest>;
    return typeof manifest.documents === 'object' && manifest.documents !== null ? Object.keys(manifest.documents) : [];
  } catch {
    return [];
  }
}

/** What {@link checkRemovals} compares. */
export interface RemovalCheck {
  indexDir: string;
  corpusDir: string;
  /** Document ids in the index now. */
  indexed: readonly string[];
  /** Document ids the new index will hold. */
  kept: ReadonlySet<string>;
  /** True when the caller accepts losing most or all documents (`--prune`). */
  prune: boolean;
}

/**
 * Counts the documents an ingest would drop from the index and refuses, unless `prune`, when
 * that is more than half of them or all of them: an empty corpus, or a corpus path one folder
 * too deep, would otherwise wipe a library.
 * @returns the number of documents removed.
 * @throws McdeweyError `PRUNE_REQUIRED` saying how many of how many, before anything is written.
 */
export function checkRemovals({ indexDir, corpusDir, indexed, kept, prune }: RemovalCheck): number {
  const removed = indexed.filter((id) => !kept.has(id)).length;
  if (prune || removed === 0 || removed * 2 <= indexed.length) return removed;
  throw new McdeweyError(
    'PRUNE_REQUIRED',
    `Ingest would remove ${removed} of the ${indexed.length} documents in the index ${indexDir} (the corpus ${corpusDir} gives ${kept.size}); check the corpus path (it must hold vendor/version/group/doc files), or pass --prune to remove them`,
    { details: { dir: indexDir, corpus: corpusDir, removed, indexed: indexed.length, kept: kept.size } },
  );
}
