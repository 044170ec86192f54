import { McdeweyError } from './errors.js';
import type { Embedder } from './embed/types.js';
import { embedderKind } from './embed/kind.js';
import { fingerprintsMatch, describeFingerprint } from './embed/fingerprint.js';
import { correctQuery } from './query/correct.js';
import { interpretQuery, type QueryInterpretation } from './query/interpret.js';
import { assessMatch, type MatchEvidence, type SearchSuggestion } from './query/match.js';
import { steeringFilters } from './query/steer.js';
import { diversify, type DiversifiedRow } from './rank/diversify.js';
import { reciprocalRankFusion, type FusedHit, type Leg, type LegHit, type LegPositions } from './rank/fusion.js';
import { nearlyIdentical } from './rank/near-duplicates.js';
import { rankingSettings, type RankingSettings } from './rank/ranking-settings.js';
import type { RowRanges } from './rank/row-ranges.js';
import { moreItem, resultItem, type MoreInDocument, type ResultItem } from './rank/result-item.js';
import type { Correction } from './rank/spelling.js';
import { normalizeTerm, queryTerms } from './rank/terms.js';
import type { Library } from './store/library.js';
import type { SearchFilters, SearchMode } from './types.js';

/** Options of `search`. Every field is optional. */
export interface SearchOptions {
  /** Number of results, 1..200. Default 10. */
  limit?: number;
  /** Ranking: `hybrid` (default when the index has vectors and an embedder is available), `lexical` or `semantic`. */
  mode?: SearchMode;
  /** Vendor / version / group / doc filters, applied inside every leg. */
  filters?: SearchFilters;
  /** Leg weights in the fusion. Default: the index's recorded ranking settings (`manifest.ranking`). */
  weights?: { lexical?: number; semantic?: number };
  /** The k of reciprocal-rank fusion. Default: the index's recorded setting (60). */
  rrfK?: number;
  /** Weight of the legs re-run inside the vendor/version the query names, relative to each leg. Default: the index's recorded setting. */
  steer?: number;
  /** Candidates each leg hands to the fusion, as a multiple of `limit` (at least 50). Default 5. */
  overfetch?: number;
  /**
   * At most this many results of one document; the document's other matching chunks are listed
   * under its first result (`more`). 0 for no cap. Default 1, or 0 when a `doc` filter is set.
   */
  maxPerDocument?: number;
  /** Most chunks listed in a result's `more`. Default 3; 0 lists none. */
  moreLimit?: number;
  /** Show identical and near-identical chunks from several versions once, naming the other versions. Default true. */
  collapseDuplicates?: boolean;
  /** Read vendor, product and version names in the query and rank their documents higher. Default true. */
  interpret?: boolean;
  /** Replace query words the index does not know by the closest words it knows. Default true. */
  correct?: boolean;
  /** Attach each result's rank and score in every leg, and the ranking settings used. Default false. */
  explain?: boolean;
  /** Snippet length in characters. Default 240. */
  snippetLength?: number;
}

/** One search result: a citable chunk with a short snippet. */
export interface SearchResult extends ResultItem {
  /** The same (or nearly the same) text in other versions or documents: their chunk ids and versions. */
  alsoIn?: { id: string; version: string }[];
  /** Other matching chunks of this document, best first. */
  more?: MoreInDocument[];
  /** Rank and score in each leg (with `explain`). */
  explain?: LegPositions;
}

/** What the query was understood to ask, when it was read as more than its words. */
export interface QueryUnderstanding {
  /** The vendor the query names; its documents rank higher (nothing is filtered out). */
  vendor?: string;
  /** The version of that vendor the query names. */
  version?: string;
  /** The query as searched, when words were corrected. */
  corrected?: string;
  /** The words replaced. Search again with `correct: false` for the query as typed. */
  corrections?: Correction[];
}

/** What `search` returns. */
export interface SearchResponse {
  query: string;
  /** The mode actually used (lexical when no vectors or embedder are available). */
  mode: SearchMode;
  results: SearchResult[];
  /** Vendor, version and spelling read from the query, when any. */
  interpreted?: QueryUnderstanding;
  /**
   * True when even the best results fall below the index's match floor (few of the query's words,
   * low similarity): the results are the closest there are, not answers.
   */
  noStrongMatch?: boolean;
  /** What to try instead, with `noStrongMatch`. */
  suggestions?: SearchSuggestion[];
  /** The ranking settings used (with `explain`). */
  ranking?: RankingSettings;
  /** What the match floor was compared with (with `explain`). */
  evidence?: MatchEvidence;
  /** The embedder that embedded the query, when a semantic leg ran. */
  embedder?: string;
  /** Why the requested mode could not be used, when it was not. */
  notice?: string;
}

export type { MoreInDocument };

/** Limits of `search` input. */
export const SEARCH_LIMITS = { maxQueryLength: 1000, maxLimit: 200, maxPerDocument: 200, maxMoreLimit: 200 } as const;

/**
 * Searches an open index: BM25, semantic (HNSW) or both fused by reciprocal rank, with filters
 * applied inside every leg. The query is read first: a vendor or version it names ranks that
 * vendor's documents higher, and words the index does not know are corrected from its
 * dictionary. Results are one per document (its other matching chunks under `more`), with
 * identical or near-identical chunks of other versions folded into one; when even the best
 * fall below the index's floor the response says there is no strong match.
 * @throws McdeweyError `INVALID_ARGUMENT` for an empty or too long query, a limit out of range or
 *   an unknown filter value; `EMBEDDER_MISMATCH` when the embedder is not the index's.
 */
export async function search(index: Library, query: string, options: SearchOptions = {}): Promise<SearchResponse> {
  const original = validateQuery(query);
  const limit = validateLimit(options.limit ?? 10);
  const filters = options.filters ?? {};
  const grouping = {
    maxPerDocument: validateCount('maxPerDocument', options.maxPerDocument ?? (hasValues(filters.doc) ? 0 : 1)),
    collapseDuplicates: options.collapseDuplicates ?? true,
    moreLimit: validateCount('moreLimit', options.moreLimit ?? 3),
    nearDuplicate: (a: number, b: number) => nearlyIdentical(index.chunkAt(a).text, index.chunkAt(b).text),
  };
  // Undefined when no filter is set: the legs then skip filtering altogether.
  const allowed = index.filterRows(filters);
  const { mode, notice } = chooseMode(index, options.mode);
  const settings = settingsFor(index, options);

  const interpretation: QueryInterpretation = options.interpret === false ? { matched: [] } : interpretQuery(original, index.vendorCatalog());
  const keep = new Set(interpretation.matched.flatMap((words) => words.toLowerCase().split(' ')));
  const { text, corrections } = options.correct === false ? { text: original, corrections: [] } : correctQuery(original, index.lexical, keep);
  const steered = settings.steer > 0 ? steeringFilters(filters, interpretation) : undefined;
  const plan: LegPlan = { text, allowed, steerRows: steered ? index.filterRows(steered) : undefined, settings, mode };
  const vector = mode === 'lexical' ? undefined : await embedQuery(index, text);
  const outOfVersion = steered ? otherVersionsOf(index, interpretation) : undefined;
  const identify = (row: number) => {
    const document = index.documentOfRow(row);
    return { document: document.id, hash: index.chunkHashAt(row), family: `${document.vendor}/${document.group}/${document.doc}` };
  };

  // Grouping folds many chunks into few results: when the candidates run out before `limit`
  // results while the legs had more to give, ask them for more.
  let candidates = Math.max(50, limit * (options.overfetch ?? 5));
  let run: LegRun;
  let kept: DiversifiedRow[];
  for (let attempt = 0; ; attempt++) {
    run = runLegs(index, plan, vector, candidates);
    const ranked = run.fused.map((hit) => hit.row).filter((row) => !outOfVersion?.(row));
    kept = diversify(ranked, identify, limit, grouping);
    if (kept.length >= limit || !run.exhausted || attempt === 2 || candidates >= index.chunkCount) break;
    candidates *= 4;
  }
  const byRow = new Map(run.fused.map((hit) => [hit.row, hit]));
  const embedderName = vector ? index.embedder!.fingerprint.modelId : undefined;
  const similarity = run.similarity;

  const terms = queryTerms(text);
  const results = kept.map((entry) => buildResult(index, entry, byRow, terms, options));
  // Words read as a vendor or version name ("postgres", "17") are not expected in the passages.
  const named = new Set(queryTerms([...keep].join(' ')));
  const evidenceTerms = terms.filter((term) => !named.has(term));
  const match = assessMatch(index, { text, terms: evidenceTerms.length > 0 ? evidenceTerms : terms, filters, settings, results, similarity });
  const interpreted = understanding(interpretation, text, corrections);
  return {
    query: original,
    mode,
    results,
    ...(interpreted ? { interpreted } : {}),
    ...(match.strong ? {} : { noStrongMatch: true, suggestions: match.suggestions }),
    ...(options.explain ? { ranking: settings, evidence: match.evidence } : {}),
    ...(embedderName ? { embedder: embedderName } : {}),
    ...(notice ? { notice } : {}),
  };
}

/** What the legs of one search run with. */
interface LegPlan {
  text: string;
  allowed: RowRanges | undefined;
  steerRows: RowRanges | undefined;
  settings: RankingSettings;
  mode: SearchMode;
}

/** The fused hits of one run of the legs; `exhausted` when some leg filled all its candidates. */
interface LegRun {
  fused: FusedHit[];
  exhausted: boolean;
  /** The best semantic similarity, when the semantic leg ran. */
  similarity?: number;
}

async function embedQuery(index: Library, text: string): Promise<Float32Array> {
  const embedder = index.embedder!;
  checkEmbedder(index, embedder);
  return embedder.embedQuery(text);
}

/** Runs the lexical and semantic legs (and their steered twins) for `candidates` hits each and fuses them. */
function runLegs(index: Library, plan: LegPlan, vector: Float32Array | undefined, candidates: number): LegRun {
  const { text, allowed, steerRows, settings, mode } = plan;
  const legs: Leg[] = [];
  if (mode !== 'semantic') {
    const weight = settings.weights.lexical;
    legs.push({ name: 'lexical', hits: index.lexical.search(text, allowed, candidates), weight });
    if (steerRows) legs.push({ name: 'lexical-steered', hits: index.lexical.search(text, steerRows, candidates), weight: weight * settings.steer });
  }
  let similarity: number | undefined;
  if (vector) {
    const semanticHits = (rows: RowRanges | undefined): LegHit[] => index.vectors!.search(vector, candidates, rows ? { allowed: rows } : {}).map((hit) => ({ row: hit.label, score: hit.score }));
    const weight = settings.weights.semantic;
    const hits = semanticHits(allowed);
    similarity = hits[0]?.score;
    legs.push({ name: 'semantic', hits, weight });
    if (steerRows) legs.push({ name: 'semantic-steered', hits: semanticHits(steerRows), weight: weight * settings.steer });
  }
  const fused = legs.length === 1 ? asFused(legs[0]!) : reciprocalRankFusion(legs, settings.rrfK);
  return { fused, exhausted: legs.some((leg) => leg.hits.length >= candidates), ...(similarity !== undefined ? { similarity } : {}) };
}

function buildResult(index: Library, entry: DiversifiedRow, byRow: Map<number, FusedHit>, terms: string[], options: SearchOptions): SearchResult {
  const hit = byRow.get(entry.row)!;
  const result: SearchResult = resultItem(index.chunkAt(entry.row), hit.score, terms, normalizeTerm, options.snippetLength ?? 240);
  if (entry.duplicates.length > 0) result.alsoIn = entry.duplicates.map((other) => ({ id: index.chunkIdAt(other), version: index.documentOfRow(other).version }));
  if (entry.more.length > 0) result.more = entry.more.map((row) => moreItem(index.chunkAt(row), byRow.get(row)!.score, terms, normalizeTerm));
  if (options.explain) result.explain = hit.legs;
  return result;
}

function understanding(interpretation: QueryInterpretation, text: string, corrections: Correction[]): QueryUnderstanding | undefined {
  const result: QueryUnderstanding = {
    ...(interpretation.vendor !== undefined ? { vendor: interpretation.vendor } : {}),
    ...(interpretation.version !== undefined ? { version: interpretation.version } : {}),
    ...(corrections.length > 0 ? { corrected: text, corrections } : {}),
  };
  return Object.keys(result).length > 0 ? result : undefined;
}

/**
 * When the query names a vendor's version ("postgres 17"), that vendor's other versions are set
 * aside: their passages describe a release the user did not ask about. Other vendors stay, and
 * the response's `interpreted.version` says what was read (`interpret: false` undoes it).
 */
function otherVersionsOf(index: Library, interpretation: QueryInterpretation): ((row: number) => boolean) | undefined {
  const { vendor, version } = interpretation;
  if (vendor === undefined || version === undefined) return undefined;
  return (row) => {
    const document = index.documentOfRow(row);
    return document.vendor === vendor && document.version !== version;
  };
}

function hasValues(value: string | string[] | undefined): boolean {
  return value !== undefined && (!Array.isArray(value) || value.length > 0);
}

/**
 * The ranking settings an index searches with by default: those recorded in its manifest, or
 * for an index written before they were recorded, the defaults of its embedder kind then.
 */
export function rankingSettingsOf(index: Library): RankingSettings {
  return rankingSettings(embedderKind(index.manifest.embedder), index.manifest.ranking ?? null);
}

/** The index's recorded ranking settings, with the caller's weights and k over them. */
function settingsFor(index: Library, options: SearchOptions): RankingSettings {
  const recorded = rankingSettingsOf(index);
  return {
    ...recorded,
    weights: { ...recorded.weights, ...options.weights },
    rrfK: options.rrfK ?? recorded.rrfK,
    steer: options.interpret === false ? 0 : (options.steer ?? recorded.steer),
  };
}

/** A single leg's hits keep their own scores. */
function asFused(leg: Leg): FusedHit[] {
  return leg.hits.map((hit, index) => ({ row: hit.row, score: hit.score, legs: { [leg.name]: { rank: index + 1, score: hit.score } } }));
}

/** The modes an index can serve with the embedder it was opened with. */
export function availableModes(index: Library): SearchMode[] {
  return semanticReady(index) ? ['hybrid', 'lexical', 'semantic'] : ['lexical'];
}

function semanticReady(index: Library): boolean {
  // `index.vectors` loads the vectors once; it is undefined when they turned out damaged.
  return index.manifest.embedder !== null && index.embedder !== undefined && index.manifest.vectors !== null && index.vectors !== undefined;
}

function chooseMode(index: Library, requested: SearchMode | undefined): { mode: SearchMode; notice?: string } {
  if (requested !== undefined && !['lexical', 'semantic', 'hybrid'].includes(requested)) {
    throw new McdeweyError('INVALID_ARGUMENT', `mode must be lexical, semantic or hybrid, got "${String(requested)}"`, { details: { parameter: 'mode' } });
  }
  // Asking for lexical, or for nothing from an index without vectors, is not a fallback.
  if (requested === 'lexical') return { mode: 'lexical' };
  if (semanticReady(index)) return { mode: requested ?? 'hybrid' };
  const hasVectors = index.manifest.embedder !== null;
  if (requested === undefined && !hasVectors) return { mode: 'lexical' };
  const why = hasVectors
    ? (index.embedderNotice ?? `no embedding model is loaded for this index (it needs ${describeFingerprint(index.manifest.embedder!)})`)
    : 'the index has no vectors (it was ingested without an embedding model)';
  return { mode: 'lexical', notice: `${requested ?? 'hybrid'} search is unavailable: ${why}; showing lexical results` };
}

function checkEmbedder(index: Library, embedder: Embedder): void {
  const expected = index.manifest.embedder!;
  if (!fingerprintsMatch(expected, embedder.fingerprint)) {
    throw new McdeweyError(
      'EMBEDDER_MISMATCH',
      `This index was built with ${describeFingerprint(expected)}; the query embedder is ${describeFingerprint(embedder.fingerprint)}. Load the index's model (--model ${expected.modelId}) or re-ingest.`,
      { details: { expected, actual: embedder.fingerprint } },
    );
  }
}

function validateQuery(query: unknown): string {
  if (typeof query !== 'string' || query.trim().length === 0) {
    throw new McdeweyError('INVALID_ARGUMENT', 'query must be a non-empty string', { details: { parameter: 'query' } });
  }
  if (query.length > SEARCH_LIMITS.maxQueryLength) {
    throw new McdeweyError('INVALID_ARGUMENT', `query is ${query.length} characters; the limit is ${SEARCH_LIMITS.maxQueryLength}`, { details: { parameter: 'query' } });
  }
  return query.trim();
}

function validateCount(parameter: 'maxPerDocument' | 'moreLimit', value: unknown): number {
  const most = parameter === 'maxPerDocument' ? SEARCH_LIMITS.maxPerDocument : SEARCH_LIMITS.maxMoreLimit;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > most) {
    throw new McdeweyError('INVALID_ARGUMENT', `${parameter} must be an integer from 0 to ${most}, got ${String(value)}`, { details: { parameter } });
  }
  return value;
}

function validateLimit(limit: unknown): number {
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > SEARCH_LIMITS.maxLimit) {
    throw new McdeweyError('INVALID_ARGUMENT', `limit must be an integer from 1 to ${SEARCH_LIMITS.maxLimit}, got ${String(limit)}`, { details: { parameter: 'limit' } });
  }
  return limit;
}
