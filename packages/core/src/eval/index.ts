/**
 * Retrieval evaluation: read a test collection (BEIR, TREC, Cranfield, CISI), index it with
 * McDewey's own ingest, run its queries and score them (nDCG@10, MAP@100, Recall@100, MRR@10);
 * or run a golden docs-domain collection (questions judged by document and page range) against an
 * index of its corpus (nDCG@10, success@5, MRR@10, recall@10, wrong-version results).
 * This module is the `@mcdewey/core/eval` entry.
 */
export { readCollection, detectFormat } from './readers.js';
export type { EvalFormat, CranfieldGain, ReadCollectionOptions, TrecTopicField } from './readers.js';
export { evaluateRun, ndcgAt, averagePrecisionAt, recallAt, reciprocalRankAt, successAt, scoreDocsQuery, meanDocsScores, DOCS_METRIC_NOTE } from './metrics.js';
export type { DocsMetricScores, EvalResult, GainFunction, Judgments, MetricOptions, MetricScores } from './metrics.js';
export { formatEvalTable, formatDocsEvalTable } from './report.js';
export type { DocsEvalTableRow, EvalTableRow } from './report.js';
export { evaluateCollection, EVAL_CORPUS_LAYOUT } from './run.js';
export type { CollectionEvaluation, EvalProgress, EvalSearchOptions, EvaluateCollectionOptions, ModeEvaluation } from './run.js';
export type { EvalCollection, EvalDocument, EvalQuery, Qrels } from './types.js';
export { readGoldenCollection, parseGoldenCollection, isGoldenShape, GOLDEN_TAGS, GOLDEN_SPLITS, GOLDEN_FORMAT } from './golden.js';
export type { GoldenCollection, GoldenJudgment, GoldenQuery, GoldenSplit, GoldenTag } from './golden.js';
export { goldenGrader, judgedUnits } from './golden-grading.js';
export type { GoldenGrader, GradableChunk, JudgedUnit } from './golden-grading.js';
export { evaluateGolden, scoreQuery as scoreGoldenQuery } from './golden-run.js';
export type { EvaluateGoldenOptions, GoldenEvaluation, GoldenList, GoldenModeEvaluation, GoldenQueryResult, GoldenRankedUnit } from './golden-run.js';
