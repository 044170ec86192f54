/**
 * `@mcdewey/core/ranking`: the parts of ranking that are plain computation, with no Node or
 * package imports, for code that runs in a browser (the static site's client search). They are
 * the very functions `search` uses, so a result list built elsewhere comes out the same.
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
