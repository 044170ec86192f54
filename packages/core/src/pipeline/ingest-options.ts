import type { ChunkerSettings } from '../chunk/chunker.js';
import type { TrainEmbedderOptions, TrainStats } from '../embed/trained/train.js';
import type { Embedder, EmbedderFingerprint } from '../embed/types.js';
import type { PassedOverFile } from '../ingest/corpus.js';
import type { IngestLimitsOptions } from '../ingest/limits.js';
import type { IngestProgress } from './progress.js';

/** Below this many chunks to embed, ingest embeds them before it publishes anything (see `IngestOptions.lexicalFirst`). */
export const LEXICAL_FIRST_MIN_CHUNKS = 256;

/** Options of `ingest`. */
export interface IngestOptions {
  /** Chunk size settings. Default `{ maxTokens: 256 }`, lowered to fit the embedder's window. */
  chunker?: Partial<ChunkerSettings>;
  /** Embeds every chunk when given; without one the index is lexical-only. Default none. */
  embedder?: Embedder | undefined;
  /**
   * Without an `embedder`: train a compact embedding model from this corpus's chunks
   * (`trainEmbeddingModel`), embed with it, and bundle it in the index as `model/`, where
   * `openIndex(dir, { embedder: 'auto' })` finds it. `true` for the default training settings.
   * Ignored when `embedder` is given. Default false: no embedder means a lexical-only index.
   */
  trainEmbedder?: boolean | TrainEmbedderOptions | undefined;
  /**
   * Publish the index for lexical search as soon as its chunks are in, then train (with
   * `trainEmbedder`) and embed, and land the vectors in the same index when they are done
   * (`Manifest.pendingEmbedding` meanwhile; a killed run leaves the lexical index searchable and
   * `embedIndex` resumes it). Default: when the index has no vectors yet (new, lexical or itself
   * still pending) and at least {@link LEXICAL_FIRST_MIN_CHUNKS} chunks are to be embedded; an
   * index that already has vectors keeps serving them until the new generation is complete.
   */
  lexicalFirst?: boolean | undefined;
  /** With `lexicalFirst`: told when the index is searchable (lexically), before embedding starts. */
  onSearchable?: ((event: { indexDir: string; chunks: number; seconds: number }) => void) | undefined;
  /**
   * Per-document limits (file size by format, front matter size, nesting depth, extracted text,
   * PDF pages and inflated stream bytes, seconds and heap per document); any not given keep
   * `DEFAULT_INGEST_LIMITS`. A document over a limit is skipped with the limit named.
   */
  limits?: IngestLimitsOptions | undefined;
  /** Called as work advances (for a progress bar). */
  onProgress?: (progress: IngestProgress) => void;
  /** Called with a line worth telling the user (a reused previous index, a damaged one). */
  onNotice?: (message: string) => void;
  /**
   * Allow the ingest to drop more than half (or all) of the index's documents, as when vendors
   * were really removed from the corpus. Default false: such an ingest fails with
   * `PRUNE_REQUIRED` before writing anything, since an empty or wrong corpus path looks the same.
   */
  prune?: boolean | undefined;
}

/** What an ingest did. */
export interface IngestReport {
  indexDir: string;
  documents: number;
  /** Documents read and chunked this time (new or changed). */
  processed: number;
  /** Documents taken unchanged from the previous index. */
  reused: number;
  /** Documents of the previous index no longer in the corpus. */
  removed: number;
  pages: number;
  chunks: number;
  /** Chunks embedded this time (vectors of unchanged documents are reused). */
  embedded: number;
  /** Chunks an interrupted embedding of the same index had embedded already (kept, not embedded again). */
  resumed?: number;
  /** Seconds from the start until the index was searchable lexically, when it was published before its vectors (`lexicalFirst`). */
  searchableAfter?: number;
  embedder: EmbedderFingerprint | null;
  /** The local model folder the index remembers (see `Manifest.modelFolder`), when the embedder came from one. */
  modelFolder?: string;
  /** With `trainEmbedder`: the model trained for this index, where it is bundled, what it saw, training seconds, and whether the previous index's model was kept (unchanged corpus). */
  trained?: { modelId: string; dir: string; stats: TrainStats; seconds: number; reused: boolean };
  /** Files at document depth that could not be ingested, with the reason. */
  skipped: PassedOverFile[];
  /** Files that are not documents (outside vendor/version/group/doc.ext). */
  ignored: PassedOverFile[];
  seconds: number;
}
