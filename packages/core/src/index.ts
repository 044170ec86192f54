/**
 * @mcdewey/core — ingest multi-vendor documentation into citable chunks, keep it in one index
 * format, and search it with BM25, semantic vectors, or both.
 *
 * ```ts
 * import { openIndex, search } from '@mcdewey/core';
 * const index = await openIndex('.mcdewey/index');
 * const { results } = await search(index, 'restore an etcd snapshot', { limit: 5 });
 * ```
 */
export { McdeweyError, isMcdeweyError } from './errors.js';
export type { McdeweyErrorCode } from './errors.js';

export { ingest } from './ingest/pipeline.js';
export type { IngestOptions, IngestReport, IngestProgress, IngestPhase } from './ingest/pipeline.js';
export { listCorpus, resolveCorpusFile } from './ingest/corpus.js';
export type { CorpusFile, CorpusListing, PassedOverFile } from './ingest/corpus.js';
export { DEFAULT_INGEST_LIMITS } from './ingest/limits.js';
export type { IngestLimits, IngestLimitsOptions } from './ingest/limits.js';
export { readDocument, formatOf } from './ingest/read.js';
export type { ReadDocumentOptions } from './ingest/read.js';
export type { Block, DocumentFormat, ExtractedDocument } from './ingest/types.js';

export { chunkDocument, DEFAULT_CHUNKER_SETTINGS } from './chunk/chunker.js';
export type { ChunkerSettings, ChunkedDocument, ChunkSource } from './chunk/chunker.js';
export { chunkId, documentId, parseChunkId, isSlug } from './chunk/ids.js';
export type { ParsedChunkId } from './chunk/ids.js';
export { estimateTokens } from './chunk/tokens.js';

export { openIndex } from './open.js';
export type { OpenIndexOptions } from './open.js';
export { Library, compareVersions } from './store/library.js';
export type { ChunkInContext, VendorSummary } from './store/library.js';
export type { RowRanges } from './rank/row-ranges.js';
export { FORMAT_VERSION, READABLE_FORMAT_VERSIONS } from './store/manifest.js';
export { rollbackIndex } from './store/rollback.js';
export type { RollbackReport } from './store/rollback.js';
export type { Manifest } from './store/manifest.js';

export { search, availableModes, rankingSettingsOf, SEARCH_LIMITS } from './search.js';
export type { MoreInDocument, QueryUnderstanding, SearchOptions, SearchResponse, SearchResult } from './search.js';
export type { MatchEvidence, SearchSuggestion } from './query/match.js';
export type { RankingSettings } from './rank/ranking-settings.js';
export type { Correction } from './rank/spelling.js';
export { markSnippet } from './rank/snippet.js';
export type { Snippet } from './rank/snippet.js';
export { queryTerms } from './rank/terms.js';
export type { LegPositions } from './rank/fusion.js';

export { describeFingerprint, fingerprintsMatch } from './embed/fingerprint.js';
export type { Embedder, EmbedderFingerprint } from './embed/types.js';
export { loadTransformersEmbedder, TRANSFORMERS_EMBEDDER_DEFAULTS } from './embed/transformers.js';
export type { TransformersEmbedderOptions } from './embed/transformers.js';
export { resolveEmbedder, resolveIndexEmbedder } from './embed/resolve.js';
export type { ModelChoice, ResolvedEmbedder } from './embed/resolve.js';
export { DEFAULT_MODEL_ID, KNOWN_MODELS, findKnownModel } from './embed/known-models.js';
export type { KnownModel } from './embed/known-models.js';
export { writeEmbeddingModelFolder, writeTestModel } from './embed/test-model.js';
export type { EmbeddingModelFolderOptions, TestModelOptions } from './embed/test-model.js';
export { trainEmbeddingModel, writeTrainedModel, isTrainedModelId, TRAINER_DEFAULTS, TRAINED_FUSION_WEIGHTS } from './embed/trained/train.js';
export type { TrainerSettings, TrainEmbedderOptions, TrainProgress, TrainStats, TrainedEmbeddingModel } from './embed/trained/train.js';
export { trainEmbedder } from './embed/trained/corpus.js';
export type { TrainEmbedderFromCorpusOptions, TrainEmbedderReport } from './embed/trained/corpus.js';

export {
  readCollection,
  detectFormat,
  evaluateRun,
  evaluateCollection,
  ndcgAt,
  averagePrecisionAt,
  recallAt,
  reciprocalRankAt,
  successAt,
  formatEvalTable,
  formatDocsEvalTable,
  readGoldenCollection,
  evaluateGolden,
} from './eval/index.js';
export type {
  EvalFormat,
  CranfieldGain,
  ReadCollectionOptions,
  EvalResult,
  MetricScores,
  EvalTableRow,
  CollectionEvaluation,
  EvaluateCollectionOptions,
  EvalCollection,
  EvalDocument,
  EvalQuery,
  Qrels,
  ModeEvaluation,
  EvalProgress,
  EvalSearchOptions,
  MetricOptions,
  GainFunction,
  Judgments,
  TrecTopicField,
  DocsMetricScores,
  GoldenCollection,
  GoldenQuery,
  GoldenJudgment,
  GoldenSplit,
  GoldenTag,
  EvaluateGoldenOptions,
  GoldenEvaluation,
  GoldenModeEvaluation,
  GoldenQueryResult,
  GoldenRankedUnit,
  DocsEvalTableRow,
} from './eval/index.js';

export type { ChunkRecord, DocumentKey, DocumentRecord, SearchFilters, SearchMode } from './types.js';
export { TOOL_VERSION } from './version.js';
