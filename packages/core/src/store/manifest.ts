import type { ChunkerSettings } from '../chunk/chunker.js';
import type { ModelFolderRecord } from '../embed/model-folder.js';
import type { TrainerSettings } from '../embed/trained/settings.js';
import type { EmbedderFingerprint } from '../embed/types.js';
import type { LexicalSettings } from '../rank/lexical.js';
import type { RankingSettings } from '../rank/ranking-settings.js';

/**
 * The index format this version writes. Readers know every version they accept.
 * - 1: documents, chunks, lexical postings (`MCDLEX01`), vectors.
 * - 2: adds `chunks.offsets` and `chunks.hashes` (chunks are read on demand) and lexical postings
 *   `MCDLEX02` (a byte term dictionary and per-term score bounds for pruning). Later format 2
 *   indexes also record a checksum per file and write `chunks.crc`: readers check them when they
 *   are there and read earlier format 2 indexes unchecked (earlier readers ignore both).
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
  chunkChecksums: 'chunks.crc',
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
  /**
   * The local folder the embedder was loaded from at ingest (absolute) and a hash of its files,
   * so that opening the index finds the model there again without `modelDir`. Absent when the
   * model came by id or was trained for the index (bundled in `model/`), and in older indexes.
   */
  modelFolder?: ModelFolderRecord;
  /**
   * The corpus folder the index was ingested from (absolute), so that `serve` finds the original
   * files without `--corpus`. Absent in older indexes.
   */
  corpusDir?: string;
  /**
   * The fusion weights, steering and match floor this index ranks with (absent in indexes written
   * before 0.3: they rank with the defaults of their embedder kind).
   */
  ranking?: RankingSettings;
  /**
   * Present while the index is searchable lexically and its vectors are still being computed:
   * `ingest` publishes the chunks first, then embeds them (`embedIndex` finishes or resumes that
   * after a kill). `embedder` and `vectors` stay null meanwhile, so no reader takes the index for
   * an embedded one; when the vectors land, the manifest is replaced by one without this field.
   */
  pendingEmbedding?: PendingEmbedding;
  /** HNSW settings when vectors exist. */
  vectors: { count: number; dimensions: number; M: number; efConstruction: number } | null;
  counts: { documents: number; chunks: number; pages: number; vendors: number; versions: number };
  /** Per document id: the sha256 of its file and its number of chunks (drives incremental ingest). */
  documents: Record<string, { contentHash: string; chunks: number }>;
  /**
   * Size of each data file, checked on open to catch truncated copies, and its checksum
   * (`crc32:` and 8 hex digits), checked before the file is parsed. Indexes written before
   * checksums have none; `chunks.jsonl` has none (each line is checked by `chunks.crc` instead).
   */
  files: Record<string, { bytes: number; checksum?: string }>;
}

/** How the vectors of an index still being embedded are made (see `Manifest.pendingEmbedding`). */
export interface PendingEmbedding {
  /** ISO time the chunks were published. */
  since: string;
  /** The model embedding the chunks; absent when a model is trained from them (`train`). */
  embedder?: EmbedderFingerprint;
  /** The local folder `embedder` was loaded from, as `Manifest.modelFolder` records it. */
  modelFolder?: ModelFolderRecord;
  /** Settings of the model trained from the index's chunks, when that is how it is embedded. */
  train?: Partial<TrainerSettings>;
}
