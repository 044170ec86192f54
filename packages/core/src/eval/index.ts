/**
 * Retrieval evaluation: read a test collection (BEIR, TREC, Cranfield, CISI), index it with
 * McDewey's own ingest, run its queries and score them (nDCG@10, MAP@100, Recall@100, MRR@10).
 * Core's root `index.ts` re-exports these names.
 */
export { readCollection, detectFormat } from './readers.js';
export type { EvalFormat, CranfieldGain, ReadCollectionOptions, TrecTopicField } from './readers.js';
export { evaluateRun, ndcgAt, averagePrecisionAt, recallAt, reciprocalRankAt } from './metrics.js';
export type { EvalResult, GainFunction, Judgments, MetricOptions, MetricScores } from './metrics.js';
export { formatEvalTable } from './report.js';
export type { EvalTableRow } from './report.js';
export { evaluateCollection, EVAL_CORPUS_LAYOUT } from './run.js';
export type { CollectionEvaluation, EvalProgress, EvalSearchOptions, EvaluateCollectionOptions, ModeEvaluation } from './run.js';
export type { EvalCollection, EvalDocument, EvalQuery, Qrels } from './types.js';
