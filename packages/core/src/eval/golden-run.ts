import { McdeweyError } from '../errors.js';
import type { EmbedderFingerprint } from '../embed/types.js';
import { SEARCH_LIMITS, availableModes, search } from '../search.js';
import type { Library } from '../store/library.js';
import type { SearchMode } from '../types.js';
import { GOLDEN_TAGS, type GoldenCollection, type GoldenQuery, type GoldenSplit, type GoldenTag } from './golden.js';
import { goldenGrader, type GradableChunk } from './golden-grading.js';
import { DOCS_METRIC_NOTE, meanDocsScores, scoreDocsQuery, type DocsMetricScores } from './metrics.js';
import type { EvalProgress, EvalSearchOptions } from './run.js';

/** Options of {@link evaluateGolden}. */
export interface EvaluateGoldenOptions {
  /** Modes to score. Default: every mode the index can serve (lexical, semantic, hybrid). */
  modes?: SearchMode[];
  /** Score only one half of the collection. Default: every query. */
  split?: GoldenSplit;
  /**
   * Which list is scored. `shown` (default): the result list a user gets, with search's own
   * defaults (one result per document or PDF place, versions folded) and 10 results. `chunks`: the
   * chunk ranking under it, `depth` chunks with no cap and no folding, each unit at its first chunk.
   */
  list?: GoldenList;
  /** With `list: 'chunks'`: chunks fetched per query before they are grouped into units, 10..200. Default 200 (search's maximum). */
  depth?: number;
  /** Passed to every `search` (weights, rrfK, overfetch); limit, mode, filters, caps are set here. Default `{}`. */
  searchOptions?: EvalSearchOptions;
  /** Called as queries are run. */
  onProgress?: (progress: EvalProgress) => void;
}

/** One ranked unit of a query's result list, as scored. */
export interface GoldenRankedUnit {
  /** The judged unit's label, or `unjudged:<source>`. */
  unit: string;
  /** The unit's grade (0 when unjudged). */
  grade: number;
  /** Chunk id of the unit's first (best) chunk. */
  chunk: string;
  /** A result from a version the version-specific question did not ask for. */
  wrongVersion: boolean;
}

/** The scores of one golden query in one mode. */
export interface GoldenQueryResult {
  id: string;
  split: GoldenSplit;
  tags: GoldenTag[];
  scores: DocsMetricScores;
  /** Wrong-version results among the top 10 units (0 unless the query is tagged `version`). */
  wrongVersion: number;
  /** The top 10 units. */
  top: GoldenRankedUnit[];
}

/** Scores of one mode over a golden collection. */
export interface GoldenModeEvaluation {
  mode: SearchMode;
  /** False when the index cannot serve the mode; `notice` says why and no figures are given. */
  available: boolean;
  notice?: string;
  mean?: DocsMetricScores;
  /** Mean scores of the queries carrying each tag. */
  byTag?: Partial<Record<GoldenTag, { queryCount: number; mean: DocsMetricScores }>>;
  /** Wrong-version results in the top 10 of version-specific questions: in all, and queries with any. */
  wrongVersion?: { results: number; queries: number; versionQueries: number };
  perQuery?: GoldenQueryResult[];
  /** Warm per-query search time in milliseconds. */
  latencyMs?: { mean: number; p95: number };
}

/** Result of {@link evaluateGolden}. */
export interface GoldenEvaluation {
  collection: string;
  gradeNote: string;
  metricNote: string;
  /** The half scored, or `all`. */
  split: GoldenSplit | 'all';
  /** The list scored. */
  list: GoldenList;
  queries: number;
  /** Documents and chunks of the index searched. */
  documents: number;
  chunks: number;
  embedder: EmbedderFingerprint | null;
  modes: GoldenModeEvaluation[];
}

/** The result list a golden evaluation scores: see {@link EvaluateGoldenOptions.list}. */
export type GoldenList = 'shown' | 'chunks';

const MODE_ORDER: readonly SearchMode[] = ['lexical', 'semantic', 'hybrid'];
const SHOWN_RESULTS = 10;

/**
 * Runs a golden collection against an open index of the corpus it was written for: every query
 * (of `split`, when given) with its own filters. By default the ten results a user is shown are
 * scored; with `list: 'chunks'` the chunk ranking, with no per-document cap and no folding. Each
 * chunk is graded by its document and pages ({@link goldenGrader}), a unit ranks at its first
 * chunk, and the units are scored with nDCG@10, success@5, MRR@10 and recall@10.
 * @throws McdeweyError `INVALID_ARGUMENT` for a bad option or a filter naming what the index lacks.
 */
export async function evaluateGolden(library: Library, collection: GoldenCollection, options: EvaluateGoldenOptions = {}): Promise<GoldenEvaluation> {
  const list = options.list ?? 'shown';
  if (list !== 'shown' && list !== 'chunks') throw new McdeweyError('INVALID_ARGUMENT', `list must be "shown" or "chunks", got "${String(list)}"`, { details: { parameter: 'list' } });
  const depth = list === 'shown' ? SHOWN_RESULTS : (options.depth ?? SEARCH_LIMITS.maxLimit);
  if (!Number.isInteger(depth) || depth < 10 || depth > SEARCH_LIMITS.maxLimit) {
    throw new McdeweyError('INVALID_ARGUMENT', `depth must be an integer from 10 to ${SEARCH_LIMITS.maxLimit}, got ${depth}`, { details: { parameter: 'depth' } });
  }
  const served = availableModes(library);
  const modes = options.modes ?? MODE_ORDER.filter((mode) => served.includes(mode));
  if (modes.length === 0) throw new McdeweyError('INVALID_ARGUMENT', 'modes must name at least one mode', { details: { parameter: 'modes' } });
  const queries = options.split ? collection.queries.filter((query) => query.split === options.split) : collection.queries;
  const progress = options.onProgress ?? (() => {});
  const evaluations: GoldenModeEvaluation[] = [];
  for (const mode of modes) {
    evaluations.push(served.includes(mode) ? await evaluateMode(library, mode, queries, { list, depth }, options, progress) : unavailable(library, mode));
  }
  return {
    collection: collection.name,
    gradeNote: collection.gradeNote,
    metricNote: `${list === 'shown' ? 'scored: the 10 results shown (search defaults: one per document or PDF place, versions folded); ' : `scored: the top ${depth} chunks, uncapped and unfolded; `}${DOCS_METRIC_NOTE}`,
    list,
    split: options.split ?? 'all',
    queries: queries.length,
    documents: library.manifest.counts.documents,
    chunks: library.manifest.counts.chunks,
    embedder: library.manifest.embedder,
    modes: evaluations,
  };
}

function unavailable(library: Library, mode: SearchMode): GoldenModeEvaluation {
  const why = library.manifest.embedder === null ? 'the index has no vectors' : (library.embedderNotice ?? 'no embedding model is loaded for this index');
  return { mode, available: false, notice: `${mode} search is unavailable: ${why}` };
}

async function evaluateMode(
  library: Library,
  mode: SearchMode,
  queries: readonly GoldenQuery[],
  scored: { list: GoldenList; depth: number },
  options: EvaluateGoldenOptions,
  progress: (p: EvalProgress) => void,
): Promise<GoldenModeEvaluation> {
  const perQuery: GoldenQueryResult[] = [];
  const timings: number[] = [];
  for (const [i, query] of queries.entries()) {
    progress({ phase: 'search', mode, done: i, total: queries.length });
    const started = performance.now();
    const response = await search(library, query.query, {
      ...options.searchOptions,
      mode,
      limit: scored.depth,
      ...(query.filters ? { filters: query.filters } : {}),
      ...(scored.list === 'chunks' ? { maxPerDocument: 0, collapseDuplicates: false } : {}),
    });
    timings.push(performance.now() - started);
    perQuery.push(scoreQuery(query, response.results));
  }
  progress({ phase: 'search', mode, done: queries.length, total: queries.length });
  const versionQueries = perQuery.filter((q) => q.tags.includes('version'));
  return {
    mode,
    available: true,
    mean: meanDocsScores(perQuery.map((q) => q.scores)),
    byTag: byTag(perQuery),
    wrongVersion: {
      results: versionQueries.reduce((n, q) => n + q.wrongVersion, 0),
      queries: versionQueries.filter((q) => q.wrongVersion > 0).length,
      versionQueries: versionQueries.length,
    },
    perQuery,
    latencyMs: summarize(timings),
  };
}

/** Grades one query's chunk list (best first) into ranked units and scores them. */
export function scoreQuery(query: GoldenQuery, chunks: readonly (GradableChunk & { id: string })[]): GoldenQueryResult {
  const grader = goldenGrader(query);
  const seen = new Set<string>();
  const ranked: GoldenRankedUnit[] = [];
  for (const chunk of chunks) {
    const unit = grader.unitOf(chunk);
    if (seen.has(unit)) continue;
    seen.add(unit);
    ranked.push({ unit, grade: grader.judgments.get(unit) ?? 0, chunk: chunk.id, wrongVersion: grader.isWrongVersion(chunk) });
  }
  const top = ranked.slice(0, 10);
  return {
    id: query.id,
    split: query.split,
    tags: query.tags,
    scores: scoreDocsQuery(
      ranked.map((r) => r.unit),
      grader.judgments,
    ),
    wrongVersion: top.filter((r) => r.wrongVersion).length,
    top,
  };
}

function byTag(perQuery: readonly GoldenQueryResult[]): GoldenModeEvaluation['byTag'] {
  const out: NonNullable<GoldenModeEvaluation['byTag']> = {};
  for (const tag of GOLDEN_TAGS) {
    const tagged = perQuery.filter((q) => q.tags.includes(tag));
    if (tagged.length > 0) out[tag] = { queryCount: tagged.length, mean: meanDocsScores(tagged.map((q) => q.scores)) };
  }
  return out;
}

function summarize(timings: number[]): { mean: number; p95: number } {
  if (timings.length === 0) return { mean: 0, p95: 0 };
  const sorted = [...timings].sort((a, b) => a - b);
  return { mean: sorted.reduce((sum, t) => sum + t, 0) / sorted.length, p95: sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))]! };
}
