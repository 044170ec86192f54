/**
 * @mcdewey/static — an index as a static site: search in the browser with core's ranking, chunk
 * cards, documents with chunk anchors, vendor/version browse, optionally semantic search with
 * the index's own model. No server, no request leaves the site.
 *
 * ```ts
 * import { openIndex } from '@mcdewey/core';
 * import { exportSite } from '@mcdewey/static';
 * const report = await exportSite(await openIndex('.mcdewey/index'), { outDir: 'site', basePath: '/docs/' });
 * ```
 */
export { exportSite, EXPORT_DEFAULTS } from './export.js';
export type { ExportSiteOptions, ExportReport, ExportProgress, ExportPhase } from './export.js';
export { StaticLibrary, StaticSearchError } from './client/engine.js';
export type { SiteLoader, StaticChunk, StaticDocument, StaticFilters, StaticSearchMode, StaticSearchOptions, StaticSearchResponse, StaticSearchResult } from './client/engine.js';
export { siteFileLoader } from './loader.js';
export { SITE_FORMAT_VERSION, SITE_FILES } from './format.js';
export type { SiteInfo, SemanticInfo, LexicalInfo, DocumentTable, ChunkBlock } from './format.js';
