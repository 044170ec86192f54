import { librarySource } from './search/library-source.js';
import type { SearchOptions, SearchResponse } from './search/options.js';
import { searchSource } from './search/run.js';
import type { Library } from './store/library.js';
import type { SearchMode } from './types.js';

export { SEARCH_LIMITS } from './search/options.js';
export type { MoreInDocument, QueryUnderstanding, SearchOptions, SearchResponse, SearchResult } from './search/options.js';
export { rankingSettingsOf } from './search/library-source.js';

/**
 * Searches an open index: BM25, semantic (HNSW) or both fused by reciprocal rank, with filters
 * applied inside every leg. The query is read first: a vendor or version it names ranks that
 * vendor's documents higher, and words the index does not know are corrected from its
 * dictionary. Results are one per document (its other matching chunks under `more`), with
 * identical or near-identical chunks of other versions folded into one; when even the best
 * fall below the index's floor the response says there is no strong match.
 *
 * The same search runs over any library through `searchSource` (the static site's shards, an
 * in-memory library); this is it over the on-disk index.
 * @throws McdeweyError `INVALID_ARGUMENT` for an empty or too long query, a limit or offset out of range or
 *   an unknown filter value; `EMBEDDER_MISMATCH` when the embedder is not the index's.
 */
export function search(index: Library, query: string, options: SearchOptions = {}): Promise<SearchResponse> {
  return searchSource(librarySource(index), query, options);
}

/** The modes an index can serve with the embedder it was opened with. */
export function availableModes(index: Library): SearchMode[] {
  return librarySource(index).semanticStatus().ready ? ['hybrid', 'lexical', 'semantic'] : ['lexical'];
}
