import { CHUNKER_VERSION, type ChunkerSettings } from '../chunk/chunker.js';
import { fingerprintsMatch } from '../embed/fingerprint.js';
import type { EmbedderFingerprint } from '../embed/types.js';
import type { VectorIndex } from '../rank/vectors.js';
import { indexExists, readStoredIndex, type StoredIndex } from '../store/read.js';
import type { ChunkRecord, DocumentRecord } from '../types.js';

/** The previous index: its documents by id, their chunks and (same embedder only) vectors, read on demand. */
export interface PreviousIndex {
  documents: Map<string, PreviousDocument>;
  chunksOf(document: PreviousDocument): ChunkRecord[];
  /** The vector of a document's n-th chunk, when the previous index was embedded by the same model. */
  vectorOf(document: PreviousDocument, n: number): Float32Array | undefined;
  close(): void;
  /** The index has vectors (of any model): it serves semantic search while the new one is made. */
  hasVectors: boolean;
  /** The index is still being embedded (`Manifest.pendingEmbedding`). */
  pending: boolean;
}

/** A document of the previous index and the row of its first chunk. */
export interface PreviousDocument {
  record: DocumentRecord;
  firstRow: number;
}

const NO_PREVIOUS: PreviousIndex = { documents: new Map(), chunksOf: () => [], vectorOf: () => undefined, close: () => {}, hasVectors: false, pending: false };

/**
 * The previous index, when its chunker settings match (otherwise every document is re-chunked).
 * A damaged previous index is reported and ingest starts afresh.
 */
export function loadPrevious(dir: string, settings: ChunkerSettings, fingerprint: EmbedderFingerprint | undefined, notice: ((message: string) => void) | undefined): PreviousIndex {
  if (!indexExists(dir)) return NO_PREVIOUS;
  let stored: StoredIndex;
  try {
    stored = readStoredIndex(dir);
  } catch (error) {
    notice?.(`The existing index at ${dir} cannot be reused (${(error as Error).message}); every document will be read again.`);
    return NO_PREVIOUS;
  }
  const { chunker } = stored.manifest;
  const kind = { hasVectors: stored.manifest.vectors !== null, pending: stored.manifest.pendingEmbedding !== undefined };
  if (chunker.version !== CHUNKER_VERSION || chunker.maxTokens !== settings.maxTokens) {
    stored.chunks.close();
    notice?.('Chunker settings changed since the last ingest; every document will be chunked again.');
    return { ...NO_PREVIOUS, ...kind };
  }
  const sameEmbedder = fingerprint !== undefined && stored.manifest.embedder !== null && fingerprintsMatch(stored.manifest.embedder, fingerprint);
  let vectors: VectorIndex | undefined;
  try {
    // Damage is found now rather than halfway through writing the new index; a damaged index is not reused.
    stored.chunks.checkLines();
    vectors = sameEmbedder ? stored.loadVectors() : undefined;
  } catch (error) {
    stored.chunks.close();
    notice?.(`The existing index at ${dir} cannot be reused (${(error as Error).message}); every document will be read again.`);
    return NO_PREVIOUS;
  }
  const documents = new Map<string, PreviousDocument>();
  let row = 0;
  for (const record of stored.documents) {
    documents.set(record.id, { record, firstRow: row });
    row += record.chunkCount;
  }
  return {
    documents,
    chunksOf: ({ record, firstRow }) => [...stored.chunks.records(firstRow, firstRow + record.chunkCount)],
    vectorOf: ({ firstRow }, n) => vectors?.row(firstRow + n),
    close: () => {
      stored.chunks.close();
      vectors?.close();
    },
    ...kind,
  };
}
