import type { LegHit } from '../rank/fusion.js';
import type { RankingSettings } from '../rank/ranking-settings.js';
import type { ResultChunk } from '../rank/result-item.js';
import type { SpellingDictionary } from '../rank/spelling.js';
import type { NormalizeTerm } from '../rank/term-normalizer.js';
import type { SearchFilters, VendorCatalog } from '../types.js';

/** A value now, or once loaded (a static site fetches its data on demand). */
export type MaybePromise<T> = T | Promise<T>;

export type { NormalizeTerm };
export type { ClosestTerm, SpellingDictionary } from '../rank/spelling.js';

/** The document a row belongs to. */
export interface SourceDocument {
  /** `vendor::version::group::doc`. */
  id: string;
  vendor: string;
  version: string;
  group: string;
  doc: string;
  /** Pages of a paged document (a PDF); absent or 0 for documents without pages. */
  pageCount?: number;
}

/** Whether the semantic leg can run now, and why not when it cannot. */
export type SemanticStatus = { ready: true; modelId: string } | { ready: false; /** False when the library holds no vectors at all. */ hasVectors: boolean; why: string };

/**
 * What a library must answer for `search` to run over it: the backend seam. Rows are numbered
 * `0..chunkCount-1`, document by document. `Rows` is the library's own representation of a
 * filtered set of rows, handed back to its legs unchanged.
 *
 * The on-disk index (`Library`), the static site's shards and the in-memory `memorySource`
 * implement it; `searchSource` does everything else (validation, query reading, fusion, grouping,
 * folding, snippets, the match floor) once for all of them.
 */
export interface SearchSource<Rows = unknown> {
  /** Number of chunk rows. */
  readonly chunkCount: number;
  /**
   * The library this source answers for, when the source object itself is made per search (the
   * on-disk index's): what search keeps per library (row keys for counting) is kept for it.
   */
  readonly identity?: object;
  /** The ranking settings the library searches with unless a search overrides them. */
  readonly rankingSettings: RankingSettings;
  /** Term normaliser of the lexical leg (the same one the library was indexed with). */
  readonly normalize: NormalizeTerm;
  /** Whether the semantic leg can run. */
  semanticStatus(): SemanticStatus;
  /**
   * The rows passing the filters; undefined when no filter is set.
   * @throws McdeweyError `INVALID_ARGUMENT` naming an unknown filter value.
   */
  filterRows(filters: SearchFilters): Rows | undefined;
  /** Vendors, versions and titles a query may name; without it, queries are not read for names. */
  vendorCatalog?(): VendorCatalog;
  /**
   * The term dictionary, ready to answer for this query's words (a source that loads its data on
   * demand loads what correcting them needs); without it, query words are not corrected.
   */
  spellingFor?(query: string): MaybePromise<SpellingDictionary | undefined>;
  /** Chunks containing each normalised term (for the match floor's idf weights). */
  termFrequencies(terms: readonly string[]): MaybePromise<number[]>;
  /**
   * Sets `marks[row] = 1` for every row among `rows` (all rows when undefined) that
   * {@link lexicalSearch} would rank with an unlimited `k`: those holding a word of `text`.
   * `marks` has one byte per row. Search counts its results over these rows.
   */
  markMatches(text: string, rows: Rows | undefined, marks: Uint8Array): MaybePromise<void>;
  /** BM25 hits among `rows` (all rows when undefined), best first, at most `k`. */
  lexicalSearch(text: string, rows: Rows | undefined, k: number): MaybePromise<readonly LegHit[]>;
  /** The query's embedding (only called when {@link semanticStatus} is ready). */
  embedQuery(text: string): Promise<Float32Array>;
  /** Nearest rows to `vector` among `rows`, best first, at most `k`; `score` is cosine similarity. */
  vectorSearch(vector: Float32Array, rows: Rows | undefined, k: number): MaybePromise<readonly LegHit[]>;
  /** The document holding a row. */
  documentOfRow(row: number): SourceDocument;
  /**
   * The rows of the document holding a row, `[first, end)`. Optional: with it, a query matching
   * most of a large library is counted a document at a time (an estimate) rather than row by row.
   */
  documentSpanOfRow?(row: number): { first: number; end: number };
  /** The chunk id at a row, `vendor::version::group::doc::n`. */
  chunkIdAt(row: number): string;
  /** A key equal for rows with identical text (folded as duplicates across versions). */
  sameTextKey(row: number): string;
  /** The chunk at a row. */
  chunkAt(row: number): MaybePromise<ResultChunk>;
}
