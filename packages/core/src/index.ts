/**
 * @mcdewey/core — ingest multi-vendor documentation into citable chunks, keep it in one index
 * format, and search it with BM25, semantic vectors, or both.
 *
 * ```ts
 * import { openIndex, search } from '@mcdewey/core';
 * const index = await openIndex('.mcdewey/index');
 * const { results } = await search(index, 'restore an etcd snapshot', { limit: 5 });
 * ```
 *
 * Three more entries hold the rest: `@mcdewey/core/models` (embedding models: load, resolve,
 * train, test models, fingerprints), `@mcdewey/core/eval` (retrieval evaluation) and
 * `@mcdewey/core/ranking` (search over any `SearchSource`, browser-safe).
 */
export { McdeweyError, isMcdeweyError } from './errors.js';
export type { McdeweyErrorCode } from './errors.js';

export { ingest } from './pipeline/ingest.js';
export type { IngestOptions, IngestReport, IngestProgress, IngestPhase } from './pipeline/ingest.js';
export { embedIndex } from './pipeline/embed-index.js';
export type { EmbedIndexOptions, EmbedIndexReport } from './pipeline/embed-index.js';
export { listCorpus, resolveCorpusFile } from './ingest/corpus.js';
export type { CorpusFile, CorpusListing, PassedOverFile } from './ingest/corpus.js';
export { DEFAULT_INGEST_LIMITS } from './ingest/limits.js';
export { FETCH_MANIFEST_FILE, FETCH_MANIFEST_VERSION, readFetchManifest } from './ingest/fetch-manifest.js';
export type { FetchManifest, FetchManifestEntry } from './ingest/fetch-manifest.js';
export type { IngestLimits, IngestLimitsOptions } from './ingest/limits.js';
export { readDocument, formatOf } from './ingest/read.js';
export type { ReadDocumentOptions } from './ingest/read.js';
export { bundleScript } from './ingest/bundle-script.js';
export type { BundleScriptOptions } from './ingest/bundle-script.js';
export type { Block, DocumentFormat, ExtractedDocument } from './types.js';

export { chunkDocument, DEFAULT_CHUNKER_SETTINGS } from './chunk/chunker.js';
export type { ChunkerSettings, ChunkedDocument, ChunkSource } from './chunk/chunker.js';
export { chunkId, documentId, parseChunkId, isSlug } from './chunk/ids.js';
export type { ParsedChunkId } from './chunk/ids.js';
export { estimateTokens } from './chunk/tokens.js';

export { openIndex } from './open.js';
export type { OpenIndexOptions } from './open.js';
export { Library } from './store/library.js';
export { scopedLibrary } from './store/scoped-library.js';
export { LiveLibrary, leaseLibrary, currentLibrary, servedGeneration } from './pipeline/live-library.js';
export { scopedSource } from './pipeline/scoped-source.js';
export type { IngestRunner, LibraryGenerations, LibraryLease, LibrarySource, LiveLibraryEvents, LiveLibraryOptions, LiveLibraryStatus } from './pipeline/live-library.js';
export { watchCorpus } from './pipeline/watch-corpus.js';
export type { CorpusWatcher, WatchCorpusOptions } from './pipeline/watch-corpus.js';
export { compareVersions } from './display/version-order.js';
export { plural, resultTotal } from './display/plural.js';
export { pageCitation, pageRange, printedPageRange } from './display/page-range.js';
export { citationLine } from './display/citation.js';
export { fencedText } from './display/fenced-text.js';
export type { CitableChunk } from './display/citation.js';
export type { PageSpan } from './display/page-range.js';
export type { ChunkInContext, VendorSummary } from './store/library.js';
export type { RowRanges } from './rank/row-ranges.js';
export { FORMAT_VERSION, READABLE_FORMAT_VERSIONS } from './store/manifest.js';
export { rollbackIndex } from './store/rollback.js';
export { findOriginals, originalFileProblem } from './store/originals.js';
export type { OriginalsFolder } from './store/originals.js';
export type { RollbackReport } from './store/rollback.js';
export type { Manifest, PendingEmbedding } from './store/manifest.js';

export { search, availableModes, rankingSettingsOf, SEARCH_LIMITS } from './search.js';
export type { MoreInDocument, QueryUnderstanding, SearchOptions, SearchResponse, SearchResult } from './search.js';
export { searchSource } from './search/run.js';
export { memorySource, type MemorySourceOptions } from './search/memory-source.js';
export type { ClosestTerm, MaybePromise, NormalizeTerm, SearchSource, SemanticStatus, SourceDocument, SpellingDictionary } from './query/source.js';
export type { MatchEvidence, SearchSuggestion } from './query/match.js';
export type { RankingSettings } from './rank/ranking-settings.js';
export type { Correction } from './rank/spelling.js';
export type { CorrectionList } from './rank/spelling-list.js';
export { markSnippet } from './rank/snippet.js';
export type { Snippet } from './rank/snippet.js';
export { queryTerms } from './rank/terms.js';
export type { LegPositions } from './rank/fusion.js';

export type { Embedder, EmbedderFingerprint } from './embed/types.js';
export { TRAINED_FUSION_WEIGHTS } from './rank/ranking-settings.js';

export type { ChunkRecord, DocumentKey, DocumentRecord, SearchFilters, SearchMode } from './types.js';
export { TOOL_VERSION } from './version.js';
