/**
 * `@mcdewey/pages`: McDewey's one set of pages, rendered the same by the web app (on the server)
 * and the static site (by its exporter, and by its browser script for results and chunk cards).
 * Browser-safe: no Node imports; values come only from `@mcdewey/core/ranking`.
 */
export { SafeHtml, escapeHtml, highlighted, html, paragraphs, raw } from './html.js';
export { queryHighlighter } from './highlight.js';
export type { Highlighter } from './highlight.js';
export type { HtmlValue } from './html.js';
export type { DocumentKey, PageLinks, SearchParams } from './links.js';
export { cardHeading, chunkLabel, chunkNumber, chunkPosition, chunkPageTitle, headingPath, longPageLabel, moreLabel, shortPageLabel, versionBadge, withVersion } from './labels.js';
export { errorHeading, errorNotice, pageShell, pageTitle, siteSearch, tagline } from './shell.js';
export type { Section, ShellAccount, ShellPage, SiteFacts } from './shell.js';
export { searchForm } from './search-form.js';
export type { SearchFormData, SearchFormValues } from './search-form.js';
export { searchPageBody, searchPageTitle } from './search-page.js';
export { resultFacets, resultItem, resultsFragment } from './results.js';
export type { ResultsData, SearchOutcome, ShownResponse } from './results.js';
export { moreInDocument, understandingNotes } from './notes.js';
export type { SearchAgain, UnderstoodResponse } from './notes.js';
export { breadcrumbs } from './breadcrumbs.js';
export { chunkCard, chunkCardPlaceholder } from './chunk-card.js';
export { chunkText } from './chunk-text.js';
export type { TextOfChunk } from './chunk-text.js';
export type { CardChunk, ChunkCardData } from './chunk-card.js';
export { DOCUMENT_WINDOW, FORMAT_NAMES, documentSpan, documentToolbar, documentView, documentWindow } from './document-view.js';
export type { ChunkRange, DocumentSpanData, DocumentViewData, ToolbarData, ViewChunk, ViewDocument } from './document-view.js';
export { BROWSE_TITLE, documentsBody, versionsBody, vendorsBody } from './browse.js';
export { STYLESHEET } from './style.js';
