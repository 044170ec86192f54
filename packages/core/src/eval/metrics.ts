import { McdeweyError } from '../errors.js';
import type { Qrels } from './types.js';

/** Grades of the judged documents of one query: document id → grade. */
export type Judgments = ReadonlyMap<string, number>;

/** Maps a relevant document's grade to its nDCG gain. */
export type GainFunction = (grade: number) => number;

/** Options shared by every metric. */
export interface MetricOptions {
  /**
   * nDCG gain of a relevant document from its grade. Default: the grade itself (trec_eval).
   * Documents below `relevanceLevel` always gain 0; a negative gain counts as 0.
   */
  gain?: GainFunction;
  /** Lowest grade that counts as relevant. Default: 1 (trec_eval's `-l 1`). */
  relevanceLevel?: number;
}

/** The four figures McDewey reports per query and on average. */
export interface MetricScores {
  /** nDCG@10. */
  ndcg10: number;
  /** Average precision cut at 100 (trec_eval `map_cut_100`). */
  map100: number;
  /** Recall@100. */
  recall100: number;
  /** Reciprocal rank of the first relevant document within the top 10 (0 when none). */
  mrr10: number;
}

/** Result of {@link evaluateRun}. */
export interface EvalResult {
  /** Scores of every evaluated query, in qrels order. */
  perQuery: Map<string, MetricScores>;
  /** Arithmetic mean over the evaluated queries (all zeros when there are none). */
  mean: MetricScores;
  /** Number of evaluated queries: those with at least one relevant judgment. */
  queryCount: number;
}

const identityGain: GainFunction = (grade) => grade;

function checkCutoff(k: number): void {
  if (!Number.isInteger(k) || k < 1) {
    throw new McdeweyError('INVALID_ARGUMENT', `metric cutoff must be a positive integer, got ${k}`, { details: { k } });
  }
}

/** The first `k` distinct ids of `ranked` (a repeated id is dropped and takes no rank). */
function topK(ranked: readonly string[], k: number): string[] {
  checkCutoff(k);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const id of ranked) {
    if (out.length >= k) break;
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(id);
  }
  return out;
}

function isRelevant(grade: number | undefined, options: MetricOptions): boolean {
  return grade !== undefined && grade >= (options.relevanceLevel ?? 1);
}

function gainOf(grade: number | undefined, options: MetricOptions): number {
  if (grade === undefined || !isRelevant(grade, options)) return 0;
  return Math.max(0, (options.gain ?? identityGain)(grade));
}

function relevantCount(judgments: Judgments, options: MetricOptions): number {
  let n = 0;
  for (const grade of judgments.values()) if (isRelevant(grade, options)) n += 1;
  return n;
}

/**
 * nDCG@k: DCG = Σ gain(grade at rank i) / log2(i + 1), divided by the DCG of the ideal ordering of
 * every judged document of the query. Unjudged documents gain 0. 0 when nothing is relevant.
 */
export function ndcgAt(ranked: readonly string[], judgments: Judgments, k: number, options: MetricOptions = {}): number {
  const top = topK(ranked, k);
  let dcg = 0;
  top.forEach((id, i) => {
    dcg += gainOf(judgments.get(id), options) / Math.log2(i + 2);
  });
  const ideal = [...judgments.values()]
    .map((grade) => gainOf(grade, options))
    .filter((gain) => gain > 0)
    .sort((a, b) => b - a)
    .slice(0, k);
  let idcg = 0;
  ideal.forEach((gain, i) => {
    idcg += gain / Math.log2(i + 2);
  });
  return idcg === 0 ? 0 : dcg / idcg;
}

/**
 * Average precision cut at k (trec_eval `map_cut_k`): the sum of precision@i over the ranks i ≤ k
 * that hold a relevant document, divided by the number of relevant documents of the query
 * (retrieved or not). 0 when nothing is relevant.
 */
export function averagePrecisionAt(ranked: readonly string[], judgments: Judgments, k: number, options: MetricOptions = {}): number {
  const top = topK(ranked, k);
  const total = relevantCount(judgments, options);
  if (total === 0) return 0;
  let hits = 0;
  let sum = 0;
  top.forEach((id, i) => {
    if (isRelevant(judgments.get(id), options)) {
      hits += 1;
      sum += hits / (i + 1);
    }
  });
  return sum / total;
}

/** Recall@k: relevant documents in the top k over all relevant documents. 0 when nothing is relevant. */
export function recallAt(ranked: readonly string[], judgments: Judgments, k: number, options: MetricOptions = {}): number {
  const top = topK(ranked, k);
  const total = relevantCount(judgments, options);
  if (total === 0) return 0;
  return top.filter((id) => isRelevant(judgments.get(id), options)).length / total;
}

/** Reciprocal rank of the first relevant document within the top k; 0 when there is none. */
export function reciprocalRankAt(ranked: readonly string[], judgments: Judgments, k: number, options: MetricOptions = {}): number {
  const top = topK(ranked, k);
  const i = top.findIndex((id) => isRelevant(judgments.get(id), options));
  return i < 0 ? 0 : 1 / (i + 1);
}

/**
 * Scores a run (query id → ranked document ids, best first) against qrels: nDCG@10, MAP@100,
 * Recall@100 and MRR@10 per query, and their means.
 *
 * Evaluated queries are those of the qrels with at least one relevant judgment; queries with none
 * are excluded (trec_eval's default), and so are run entries for queries the qrels do not judge.
 * A judged query that is missing from the run is scored as an empty ranking (0 on every metric),
 * like trec_eval `-c`, so that an engine cannot gain by returning nothing.
 * The ranking is taken in the given order; a repeated document id is dropped.
 */
export function evaluateRun(run: ReadonlyMap<string, readonly string[]>, qrels: Qrels, options: MetricOptions = {}): EvalResult {
  const perQuery = new Map<string, MetricScores>();
  const sums: MetricScores = { ndcg10: 0, map100: 0, recall100: 0, mrr10: 0 };
  for (const [qid, judgments] of qrels) {
    if (relevantCount(judgments, options) === 0) continue;
    const ranked = run.get(qid) ?? [];
    const scores: MetricScores = {
      ndcg10: ndcgAt(ranked, judgments, 10, options),
      map100: averagePrecisionAt(ranked, judgments, 100, options),
      recall100: recallAt(ranked, judgments, 100, options),
      mrr10: reciprocalRankAt(ranked, judgments, 10, options),
    };
    perQuery.set(qid, scores);
    sums.ndcg10 += scores.ndcg10;
    sums.map100 += scores.map100;
    sums.recall100 += scores.recall100;
    sums.mrr10 += scores.mrr10;
  }
  const n = perQuery.size;
  const mean: MetricScores = n === 0 ? { ndcg10: 0, map100: 0, recall100: 0, mrr10: 0 } : { ndcg10: sums.ndcg10 / n, map100: sums.map100 / n, recall100: sums.recall100 / n, mrr10: sums.mrr10 / n };
  return { perQuery, mean, queryCount: n };
}

/**
 * Success@k: 1 when an item graded at least `relevanceLevel` is in the top k, else 0. With
 * `relevanceLevel: 2` on a docs collection it asks "did an answer show up in the first k?".
 */
export function successAt(ranked: readonly string[], judgments: Judgments, k: number, options: MetricOptions = {}): number {
  return topK(ranked, k).some((id) => isRelevant(judgments.get(id), options)) ? 1 : 0;
}

/** The figures of a docs-domain (golden) evaluation, per query and on average. */
export interface DocsMetricScores {
  /** nDCG@10, gain = grade (2 answers, 1 acceptable), each judged unit counted once. */
  ndcg10: number;
  /** 1 when a grade-2 unit (one that answers the question) is in the top 5. */
  success5: number;
  /** Reciprocal rank of the first unit graded 1 or 2 within the top 10. */
  mrr10: number;
  /** Judged units (grade 1 or 2) in the top 10 over all judged units of the query. */
  recall10: number;
}

/** How {@link scoreDocsQuery} counts; printed beside its figures. */
export const DOCS_METRIC_NOTE =
  'ranked units = judged units (document or PDF page range, one document in several versions being one unit) ' +
  'or, for anything else, its document; a unit takes the rank of its first chunk and later chunks of it take no rank. ' +
  'nDCG@10 gain = grade; success@5 = a grade-2 unit (answers the question) in the top 5; ' +
  'MRR@10 and recall@10 count units graded 1 or 2.';

/** Scores one docs-domain ranking (unit labels, best first) against its judged units. */
export function scoreDocsQuery(ranked: readonly string[], judgments: Judgments): DocsMetricScores {
  return {
    ndcg10: ndcgAt(ranked, judgments, 10),
    success5: successAt(ranked, judgments, 5, { relevanceLevel: 2 }),
    mrr10: reciprocalRankAt(ranked, judgments, 10),
    recall10: recallAt(ranked, judgments, 10),
  };
}

/** The arithmetic mean of docs-domain scores (all zeros for none). */
export function meanDocsScores(scores: readonly DocsMetricScores[]): DocsMetricScores {
  const n = scores.length;
  const sum = (key: keyof DocsMetricScores) => (n === 0 ? 0 : scores.reduce((total, s) => total + s[key], 0) / n);
  return { ndcg10: sum('ndcg10'), success5: sum('success5'), mrr10: sum('mrr10'), recall10: sum('recall10') };
}
