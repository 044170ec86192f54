import { McdeweyError } from './errors.js';
import type { Embedder } from './embed/types.js';
import { fingerprintsMatch, describeFingerprint } from './embed/fingerprint.js';
import { TRAINED_FUSION_WEIGHTS, isTrainedModelId } from './embed/trained/model-id.js';
import { diversify } from './rank/diversify.js';
import { reciprocalRankFusion, type FusedHit, type Leg, type LegHit, type LegPositions } from './rank/fusion.js';
import { makeSnippet } from './rank/snippet.js';
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
  /** Leg weights in the fusion. Default `{ lexical: 1, semantic: 1 }`; `semantic: 0.1` when the index's model was trained from its corpus. */
  weights?: { lexical?: number; semantic?: number };
  /** The k of reciprocal-rank fusion. Default 60. */
  rrfK?: number;
  /** Candidates each leg hands to the fusion, as a multiple of `limit` (at least 50). Default 5. */
  overfetch?: number;
  /** At most this many chunks of one document in the results; 0 for no cap. Default 2. */
  maxPerDocument?: number;
  /** Show identical chunks from several versions once, naming the other versions. Default true. */
  collapseDuplicates?: boolean;
  /** Attach each result's rank and score in every leg. Default false. */
  explain?: boolean;
  /** Snippet length in characters. Default 240. */
  snippetLength?: number;
}

/** One search result: a citable chunk with a short snippet. */
export interface SearchResult {
  /** The chunk id, `vendor::version::group::doc::n`. */
  id: string;
  /** The fused score in hybrid mode, BM25 in lexical mode, cosine similarity in semantic mode. */
  score: number;
  vendor: string;
  version: string;
  group: string;
  doc: string;
  title: string;
  headings: string[];
  page?: number;
  pageEnd?: number;
  source: string;
  /** A short passage around the query's words. */
  snippet: string;
  /** `[start, end)` offsets of the matched words in `snippet`. */
  highlights: [number, number][];
  /** The same text in other versions (or documents): their chunk ids and versions. */
  alsoIn?: { id: string; version: string }[];
  /** Rank and score in each leg (with `explain`). */
  explain?: LegPositions;
}

/** What `search` returns. */
export interface SearchResponse {
  query: string;
  /** The mode actually used (lexical when no vectors or embedder are available). */
  mode: SearchMode;
  results: SearchResult[];
  /** The embedder that embedded the query, when a semantic leg ran. */
  embedder?: string;
  /** Why the requested mode could not be used, when it was not. */
  notice?: string;
}

/** Limits of `search` input. */
export const SEARCH_LIMITS = { maxQueryLength: 1000, maxLimit: 200 } as const;

/**
 * Searches an open index: BM25, semantic (HNSW) or both fused by reciprocal rank, with filters
 * applied inside every leg, at most two chunks per document and identical chunks collapsed.
 * @throws McdeweyError `INVALID_ARGUMENT` for an empty or too long query, a limit out of range or
 *   an unknown filter value; `EMBEDDER_MISMATCH` when the embedder is not the index's.
 */
export async function search(index: Library, query: string, options: SearchOptions = {}): Promise<SearchResponse> {
  const text = validateQuery(query);
  const limit = validateLimit(options.limit ?? 10);
  // Undefined when no filter is set: the legs then skip filtering altogether.
  const allowed = index.filterRows(options.filters ?? {});
  const { mode, notice } = chooseMode(index, options.mode);
  const candidates = Math.max(50, limit * (options.overfetch ?? 5));

  const legs: Leg[] = [];
  if (mode !== 'semantic') {
    legs.push({ name: 'lexical', hits: index.lexical.search(text, allowed, candidates), weight: options.weights?.lexical ?? 1 });
  }
  let embedderName: string | undefined;
  if (mode !== 'lexical') {
    const embedder = index.embedder!;
    checkEmbedder(index, embedder);
    const vector = await embedder.embedQuery(text);
    const hits: LegHit[] = index.vectors!.search(vector, candidates, allowed ? { allowed } : {}).map((hit) => ({ row: hit.label, score: hit.score }));
    // A model trained from the corpus is weaker than BM25: its leg counts for less unless told otherwise.
    const trained = isTrainedModelId(embedder.fingerprint.modelId);
    legs.push({ name: 'semantic', hits, weight: options.weights?.semantic ?? (trained ? TRAINED_FUSION_WEIGHTS.semantic : 1) });
    embedderName = embedder.fingerprint.modelId;
  }

  const fused = legs.length === 1 ? asFused(legs[0]!) : reciprocalRankFusion(legs, options.rrfK ?? 60);
  const byRow = new Map(fused.map((hit) => [hit.row, hit]));
  const kept = diversify(
    fused.map((hit) => hit.row),
    (row) => ({ document: index.documentOfRow(row).id, hash: index.chunkHashAt(row) }),
    limit,
    { maxPerDocument: options.maxPerDocument ?? 2, collapseDuplicates: options.collapseDuplicates ?? true },
  );

  const terms = queryTerms(text);
  const results = kept.map(({ row, duplicates }) => {
    const chunk = index.chunkAt(row);
    const hit = byRow.get(row)!;
    const snippet = makeSnippet(chunk.text, terms, normalizeTerm, options.snippetLength ?? 240);
    const result: SearchResult = {
      id: chunk.id,
      score: hit.score,
      vendor: chunk.vendor,
      version: chunk.version,
      group: chunk.group,
      doc: chunk.doc,
      title: chunk.title,
      headings: chunk.headings,
      ...(chunk.page !== undefined ? { page: chunk.page, pageEnd: chunk.pageEnd } : {}),
      source: chunk.source,
      snippet: snippet.text,
      highlights: snippet.highlights,
    };
    if (duplicates.length > 0) result.alsoIn = duplicates.map((other) => ({ id: index.chunkIdAt(other), version: index.documentOfRow(other).version }));
    if (options.explain) result.explain = hit.legs;
    return result;
  });

  return { query: text, mode, results, ...(embedderName ? { embedder: embedderName } : {}), ...(notice ? { notice } : {}) };
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
  return index.manifest.embedder !== null && index.embedder !== undefined && index.manifest.vectors !== null;
}

function chooseMode(index: Library, requested: SearchMode | undefined): { mode: SearchMode; notice?: string } {
  if (requested !== undefined && !['lexical', 'semantic', 'hybrid'].includes(requested)) {
    throw new McdeweyError('INVALID_ARGUMENT', `mode must be lexical, semantic or hybrid, got "${String(requested)}"`, { details: { parameter: 'mode' } });
  }
  if (semanticReady(index)) return { mode: requested ?? 'hybrid' };
  const hasVectors = index.manifest.embedder !== null;
  // Asking for lexical, or for nothing from an index without vectors, is not a fallback.
  if (requested === 'lexical' || (requested === undefined && !hasVectors)) return { mode: 'lexical' };
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

function validateLimit(limit: unknown): number {
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > SEARCH_LIMITS.maxLimit) {
    throw new McdeweyError('INVALID_ARGUMENT', `limit must be an integer from 1 to ${SEARCH_LIMITS.maxLimit}, got ${String(limit)}`, { details: { parameter: 'limit' } });
  }
  return limit;
}
