import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { isMcdeweyError } from '../errors.js';
import { resolveCorpusFile } from '../ingest/corpus.js';
import type { Manifest } from './manifest.js';

/** Where the original files of an index are, or why they cannot be served. */
export type OriginalsFolder =
  | { dir: string; from: 'option' | 'recorded' }
  | {
      dir: undefined;
      /** Why, in words for a reader of the page (no server path). */
      reason: string;
      /** The same, with the folder's path, for the operator's log. */
      detail: string;
    };

/** How many documents are looked up to decide whether a folder still holds the indexed files. */
const SAMPLE_SIZE = 16;

/**
 * Finds the corpus folder whose files an index's documents came from: `corpusDir` when given,
 * else the folder recorded in the manifest at ingest (`Manifest.corpusDir`). The folder must exist
 * and still hold the indexed files (a sample of documents is looked up through
 * `resolveCorpusFile`, so confinement applies); otherwise the answer says why the originals are
 * unavailable: no folder recorded, the folder moved, or it no longer holds the files.
 *
 * @param index The opened index (its manifest and documents).
 * @param corpusDir A folder named by the caller (`serve --corpus`), which wins over the recorded one.
 */
export function findOriginals(index: { manifest: Pick<Manifest, 'corpusDir'>; documents: readonly { source: string }[] }, corpusDir?: string): OriginalsFolder {
  const from = corpusDir !== undefined ? 'option' : 'recorded';
  const dir = corpusDir !== undefined ? resolve(corpusDir) : index.manifest.corpusDir;
  const named = from === 'option' ? `corpus folder ${dir} (--corpus)` : `corpus folder ${dir} recorded at ingest`;
  if (dir === undefined) {
    const reason = 'this index does not record the corpus folder it was ingested from (re-run mcdewey ingest, or start serve with --corpus DIR)';
    return { dir: undefined, reason, detail: reason };
  }
  if (!isDirectory(dir)) {
    const reason = from === 'option' ? 'the corpus folder given with --corpus does not exist' : 'the corpus folder recorded at ingest is gone (moved or deleted?); start serve with --corpus DIR';
    return { dir: undefined, reason, detail: `${named} does not exist` };
  }
  const sample = sampleOf(index.documents);
  if (sample.length > 0 && !sample.some((document) => originalFileProblem(dir, document.source) === undefined)) {
    const reason = 'the corpus folder no longer holds the indexed files (moved or replaced?); start serve with --corpus DIR';
    return { dir: undefined, reason, detail: `${named} holds none of the ${sample.length} indexed files looked up` };
  }
  return { dir, from };
}

/**
 * Why the original of one document cannot be served from `corpusDir` ("the original file
 * acme/v2/guides/guide.pdf is missing from the corpus folder"), or undefined when it can.
 */
export function originalFileProblem(corpusDir: string, source: string): string | undefined {
  try {
    resolveCorpusFile(corpusDir, source);
    return undefined;
  } catch (error) {
    if (isMcdeweyError(error, 'OUTSIDE_CORPUS')) return `the original file ${source} leads outside the corpus folder`;
    return `the original file ${source} is missing from the corpus folder`;
  }
}

/** Up to `SAMPLE_SIZE` documents spread over the list. */
function sampleOf<T>(documents: readonly T[]): T[] {
  if (documents.length <= SAMPLE_SIZE) return [...documents];
  const step = documents.length / SAMPLE_SIZE;
  return Array.from({ length: SAMPLE_SIZE }, (_, i) => documents[Math.floor(i * step)]!);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
