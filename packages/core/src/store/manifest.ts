import type { ChunkerSettings } from '../chunk/chunker.js';
import type { EmbedderFingerprint } from '../embed/types.js';
import type { LexicalSettings } from '../rank/lexical.js';

/**
 * The index format this version writes. Readers know every version they accept.
 * - 1: documents, chunks, lexical postings (`MCDLEX01`), vectors.
 * - 2: adds `chunks.offsets` and `chunks.hashes` (chunks are read on demand) and lexical postings
 *   `MCDLEX02` (a byte term dictionary and per-term score bounds for pruning).
 */
export const FORMAT_VERSION = 2;

/** Index format versions this version can read. */
export const READABLE_FORMAT_VERSIONS: readonly number[] = [1, 2];

/** File names inside an index directory. */
export const INDEX_FILES = {
  manifest: 'manifest.json',
  documents: 'documents.jsonl',
  chunks: 'chunks.jsonl',
  chunkOffsets: 'chunks.offsets',
  chunkHashes: 'chunks.hashes',
  lexical: 'lexical.bin',
  vectors: 'vectors',
} as const;

/** What `manifest.json` holds: how the index was built and what it contains. */
export interface Manifest {
  formatVersion: number;
  tool: { name: 'mcdewey'; version: string };
  chunker: ChunkerSettings & { version: number };
  lexical: LexicalSettings;
  /** The embedder the vectors were made with, or null for a lexical-only index. */
  embedder: EmbedderFingerprint | null;
  /** HNSW settings when vectors exist. */
  vectors: { count: number; dimensions: number; M: number; efConstruction: number } | null;
  counts: { documents: number; chunks: number; pages: number; vendors: number; versions: number };
  /** Per document id: the sha256 of its file and its number of chunks (drives incremental ingest). */
  documents: Record<string, { contentHash: string; chunks: number }>;
  /** Size of each data file, checked on open to catch truncated copies. */
  files: Record<string, { bytes: number }>;
}
