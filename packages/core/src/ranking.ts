/**
 * `@mcdewey/core/ranking`: search itself (`searchSource`, over any library implementing
 * `SearchSource`) and the parts of ranking that are plain computation, with no Node imports and
 * no package but the stemmer, for code that runs in a browser (the static site's client search).
 * They are the very functions `search` uses, so a result list built elsewhere comes out the same.
 */
export { reciprocalRankFusion } from './rank/fusion.js';
export type { FusedHit, Leg, LegHit, LegName, LegPositions } from './rank/fusion.js';
export { diversify } from './rank/diversify.js';
export type { DiversifiedRow, DiversifyOptions, RowIdentity } from './rank/diversify.js';
export { nearlyIdentical } from './rank/near-duplicates.js';
export { makeSnippet, markSnippet } from './rank/snippet.js';
export type { Snippet } from './rank/snippet.js';
export { moreItem, resultItem } from './rank/result-item.js';
export type { MoreInDocument, ResultChunk, ResultItem } from './rank/result-item.js';
export { compareVersions } from './display/version-order.js';
export { plural, resultTotal } from './display/plural.js';
export { pageCitation, pageRange, printedPageRange } from './display/page-range.js';
export { citationLine } from './display/citation.js';
export { fencedText } from './display/fenced-text.js';
export type { CitableChunk } from './display/citation.js';
export type { PageSpan } from './display/page-range.js';
export { unknownFilterValues } from './store/filter-values.js';
export type { CheckedFilter, FilterKey } from './store/filter-values.js';
export { searchSource } from './search/run.js';
export type { ClosestTerm, MaybePromise, NormalizeTerm, SearchSource, SemanticStatus, SourceDocument, SpellingDictionary } from './query/source.js';
export type { QueryUnderstanding, SearchOptions, SearchResponse, SearchResult } from './search/options.js';
export { SEARCH_LIMITS } from './search/options.js';
export { documentFilter, type FilterableDocument } from './store/document-filter.js';
export { DocumentRows } from './store/document-rows.js';
export { rankingSettings, RANKING_DEFAULTS, type RankingSettings, type EmbedderKind } from './rank/ranking-settings.js';
export { bm25Contribution, bm25Idf } from './rank/bm25.js';
export { distinctTerms, termNormalizer, termSequence } from './rank/term-normalizer.js';
export { TOKEN_SEPARATOR } from './rank/token-separator.js';
export { vendorCatalogOf } from './store/catalog.js';
export type { SearchFilters, SearchMode, VendorCatalog } from './types.js';
export { listedSpellingDictionary, type CorrectionList } from './rank/spelling-list.js';
export { SPELLING_SETTINGS, allowedEdits } from './rank/spelling.js';
