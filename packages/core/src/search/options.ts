import { McdeweyError } from '../errors.js';
import type { MatchEvidence, SearchSuggestion } from '../query/match.js';
import type { LegPositions } from '../rank/fusion.js';
import type { RankingSettings } from '../rank/ranking-settings.js';
import type { MoreInDocument, ResultItem } from '../rank/result-item.js';
import type { Correction } from '../rank/spelling.js';
import type { SearchFilters, SearchMode } from '../types.js';

export type { MoreInDocument };

/** Options of `search`. Every field is optional. */
export interface SearchOptions {
  /** Number of results, 1..200. Default 10. */
  limit?: number;
  /**
   * Results to skip, 0..10000: `offset: 10` with `limit: 10` is the second page (the response's
   * `next`). The pages of a query with one `limit` are cut from one ranked list, so they neither
   * repeat nor skip a result. Default 0.
   */
  offset?: number;
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
  /** Results skipped before these (the `offset` asked for). */
  offset: number;
  /**
   * How many results the query has on all pages: one per document (per place of a PDF) holding a
   * chunk that matches a query word (or that the semantic leg ranked among its candidates), an
   * identical passage in several versions counted once. Exact when `totalExact`; otherwise an
   * estimate (see `totalExact`).
   */
  total: number;
  /**
   * False when `total` is an estimate: near-identical passages of one document in two versions
   * fold into one result only when compared, which the count does not do; a PDF's matching chunks
   * are counted as places by their order in the file rather than by rank; and an identical passage
   * counts for the version holding its first copy. True when none of that can change the count
   * (no such passages or PDFs among the matches), or when this page reaches the end of the list.
   * Also false when the query matches very many chunks (over 10,000, in a large library): those
   * past the first 10,000 are counted by document without folding identical passages, so `total`
   * is then an upper estimate.
   */
  totalExact: boolean;
  /** The `offset` of the next page, when there are results after these. */
  next?: number;
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

/** Limits of `search` input. */
export const SEARCH_LIMITS = { maxQueryLength: 1000, maxLimit: 200, maxOffset: 10000, maxPerDocument: 200, maxMoreLimit: 200 } as const;

/** The query, trimmed. @throws McdeweyError `INVALID_ARGUMENT` when empty or too long. */
export function validateQuery(query: unknown): string {
  if (typeof query !== 'string' || query.trim().length === 0) {
    throw new McdeweyError('INVALID_ARGUMENT', 'query must be a non-empty string', { details: { parameter: 'query' } });
  }
  if (query.length > SEARCH_LIMITS.maxQueryLength) {
    throw new McdeweyError('INVALID_ARGUMENT', `query is ${query.length} characters; the limit is ${SEARCH_LIMITS.maxQueryLength}`, { details: { parameter: 'query' } });
  }
  return query.trim();
}

/** @throws McdeweyError `INVALID_ARGUMENT` unless an integer in range. */
export function validateCount(parameter: 'maxPerDocument' | 'moreLimit', value: unknown): number {
  const most = parameter === 'maxPerDocument' ? SEARCH_LIMITS.maxPerDocument : SEARCH_LIMITS.maxMoreLimit;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > most) {
    throw new McdeweyError('INVALID_ARGUMENT', `${parameter} must be an integer from 0 to ${most}, got ${String(value)}`, { details: { parameter } });
  }
  return value;
}

/** @throws McdeweyError `INVALID_ARGUMENT` unless an integer from 1 to the maximum. */
export function validateLimit(limit: unknown): number {
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > SEARCH_LIMITS.maxLimit) {
    throw new McdeweyError('INVALID_ARGUMENT', `limit must be an integer from 1 to ${SEARCH_LIMITS.maxLimit}, got ${String(limit)}`, { details: { parameter: 'limit' } });
  }
  return limit;
}

/** @throws McdeweyError `INVALID_ARGUMENT` unless an integer from 0 to the maximum offset. */
export function validateOffset(offset: unknown): number {
  if (typeof offset !== 'number' || !Number.isInteger(offset) || offset < 0 || offset > SEARCH_LIMITS.maxOffset) {
    throw new McdeweyError('INVALID_ARGUMENT', `offset must be an integer from 0 to ${SEARCH_LIMITS.maxOffset}, got ${String(offset)}`, { details: { parameter: 'offset' } });
  }
  return offset;
}

/** @throws McdeweyError `INVALID_ARGUMENT` for a mode other than lexical, semantic or hybrid. */
export function validateMode(mode: unknown): SearchMode | undefined {
  if (mode !== undefined && !['lexical', 'semantic', 'hybrid'].includes(mode as string)) {
    throw new McdeweyError('INVALID_ARGUMENT', `mode must be lexical, semantic or hybrid, got "${String(mode)}"`, { details: { parameter: 'mode' } });
  }
  return mode as SearchMode | undefined;
}
