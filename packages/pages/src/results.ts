import type { SearchResponse, SearchResult, VendorSummary } from '@mcdewey/core';
import { SEARCH_LIMITS, plural } from '@mcdewey/core/ranking';
import { highlighted, html, type SafeHtml } from './html.js';
import { chunkNumber, headingPath, longPageLabel, versionBadge } from './labels.js';
import type { PageLinks } from './links.js';
import { moreInDocument, understandingNotes, type SearchAgain } from './notes.js';
import { vendorSiteLink } from './vendor-link.js';

/** A response as the results region shows it: core's, or the static site's (which has no query reading). */
export type ShownResponse = Pick<SearchResponse, 'query' | 'mode' | 'results' | 'embedder' | 'notice'> & Partial<Pick<SearchResponse, 'interpreted' | 'noStrongMatch' | 'suggestions'>>;

/** What the results region shows. */
export type SearchOutcome = { kind: 'empty' } | { kind: 'results'; response: ShownResponse; milliseconds: number } | { kind: 'error'; message: string };

/** Everything the results region needs. */
export interface ResultsData {
  outcome: SearchOutcome;
  /** Links to this search with some values changed (corrections, chips, suggestions). */
  searchAgain: SearchAgain;
  /** For the introduction shown before the first query. */
  vendors: readonly VendorSummary[];
  stats: { vendors: number; documents: number };
  /** Where search runs; in the browser the summary names the ranking and says so. */
  searchRuns: 'server' | 'browser';
  /** True for a static site exported without an embedding model (the summary says so). */
  lexicalOnly?: boolean | undefined;
  /**
   * The number of results asked for (default 10). When the response fills it there may be more:
   * the count reads "10+" and a "More results" link asks again for more (up to core's 200).
   */
  limit?: number | undefined;
}

/** How many more results "More results" asks for each time. */
export const MORE_RESULTS_STEP = 20;

/** The inside of the results region (the web app's `partials/results`; the static site's script renders it too). */
export function resultsFragment(links: PageLinks, data: ResultsData): SafeHtml {
  const { outcome } = data;
  if (outcome.kind === 'error') return html`<div class="notice notice-error" role="alert"><p>${outcome.message}</p></div>`;
  if (outcome.kind === 'empty') return intro(links, data);
  const { response, milliseconds } = outcome;
  const count = response.results.length;
  const browser = data.searchRuns === 'browser';
  const limit = data.limit ?? 10;
  // Core returns no total: a full page only says "at least this many".
  const full = count >= limit;
  const summary = html`<p class="summary">${count === 0 ? 'No results' : full ? `${count}+ results` : plural(count, 'result')} for “${response.query}” · ${modeName(response, browser)} · ${milliseconds.toFixed(0)} ms${browser ? ' in your browser' : ''}</p>`;
  const notice = response.notice ? html`<p class="notice">${response.notice}</p>` : '';
  const lexicalOnly = data.lexicalOnly ? html`<p class="mode-note">This site is lexical only: it was exported without an embedding model.</p>` : '';
  const notes = understandingNotes(data.searchAgain, response);
  if (count === 0) {
    const hint = response.suggestions?.length ? '' : html`<p class="hint">Try fewer or different words, or clear the vendor and version filters.</p>`;
    return html`${summary}${notice}${lexicalOnly}${notes}${hint}`;
  }
  const carried = response.interpreted?.corrected ?? response.query;
  const more =
    full && limit < SEARCH_LIMITS.maxLimit
      ? html`<p class="more-results"><a href="${data.searchAgain({ limit: String(Math.min(SEARCH_LIMITS.maxLimit, limit + MORE_RESULTS_STEP)) })}" data-more>More results</a></p>`
      : full
        ? html`<p class="more-results muted">Showing the first ${count}; add words or filters to narrow the search.</p>`
        : '';
  return html`${summary}${notice}${lexicalOnly}${notes}${resultFacets(data.searchAgain, response.results, full)}<ol class="results">${response.results.map((result) => resultItem(links, result, carried))}</ol>${more}`;
}

/**
 * How the results shown spread over vendors and versions, each a link that filters by it. The
 * counts are of these results (core gives no total), and say so when the list is not complete.
 */
export function resultFacets(searchAgain: SearchAgain, results: readonly Pick<SearchResult, 'vendor' | 'version'>[], partial: boolean): SafeHtml | string {
  const vendors = new Map<string, number>();
  const versions = new Map<string, { vendor: string; version: string; count: number }>();
  for (const { vendor, version } of results) {
    vendors.set(vendor, (vendors.get(vendor) ?? 0) + 1);
    const key = `${vendor}\u0000${version}`;
    versions.set(key, { vendor, version, count: (versions.get(key)?.count ?? 0) + 1 });
  }
  if (vendors.size < 2 && versions.size < 2) return '';
  const byCount = <T extends { count: number }>(a: T, b: T) => b.count - a.count;
  const facet = (label: string, items: { text: string; href: string; count: number }[]) =>
    html`<div class="facet"><span class="facet-name">${label}</span><ul>${items.map(
      (item) => html`<li><a href="${item.href}">${item.text} <span class="facet-count">${item.count}</span></a></li>`,
    )}</ul></div>`;
  const vendorItems = [...vendors].map(([vendor, count]) => ({ text: vendor, href: searchAgain({ vendor, version: undefined, limit: undefined }), count })).sort(byCount);
  const versionItems = [...versions.values()]
    .sort(byCount)
    .map(({ vendor, version, count }) => ({ text: vendors.size > 1 ? `${vendor} ${version}` : version, href: searchAgain({ vendor, version, limit: undefined }), count }));
  return html`<nav class="facets" aria-label="Narrow the results"><p class="facet-note">${partial ? `In the first ${results.length} results` : 'In these results'}:</p>${vendors.size > 1 ? facet('Vendor', vendorItems) : ''} ${versions.size > 1 ? facet('Version', versionItems) : ''}</nav>`;
}

/** "lexical"; in the browser with what ranked: "lexical (BM25)", "hybrid (BM25 + model)". */
function modeName(response: ShownResponse, detailed: boolean): string {
  if (!detailed) return response.mode;
  if (response.mode === 'lexical') return 'lexical (BM25)';
  return response.mode === 'semantic' ? `semantic (${response.embedder ?? ''})` : `hybrid (BM25 + ${response.embedder ?? ''})`;
}

/** One result: title linked to its card, vendor and version, page, section, snippet, other versions, more in the document. */
export function resultItem(links: PageLinks, result: SearchResult, query?: string): SafeHtml {
  const page = longPageLabel(result);
  return html`<li class="result" data-id="${result.id}"><a class="result-link" href="${links.chunk(result.id, query)}"><span class="result-title">${result.title}</span></a><div class="result-meta">${versionBadge(result)} ${page ? html`<span class="result-page">${page}</span>` : ''} ${result.headings.length > 0 ? html`<span class="crumbs">${headingPath(result.headings)}</span>` : ''}</div><p class="snippet">${highlighted(result.snippet, result.highlights)}</p>${
    result.alsoIn && result.alsoIn.length > 0
      ? html`<p class="also-in">Same text also in ${result.alsoIn.map((other, i) => html`${i > 0 ? ', ' : ''}<a href="${links.chunk(other.id, query)}">${other.version}</a>`)}</p>`
      : ''
  }${moreInDocument(links, result.more, query)}<p class="result-actions"><a href="${links.document(result, chunkNumber(result.id), query)}"><span aria-hidden="true">↗</span> View in doc context</a> ${vendorSiteLink(result.sourceUrl)}</p></li> `;
}

function intro(links: PageLinks, data: ResultsData): SafeHtml {
  return html`<div class="intro"><p class="lead">Search ${plural(data.stats.documents, 'document')} from ${plural(data.stats.vendors, 'vendor')}. Every result is a citable chunk with its page, source and chunk id.</p><ul class="vendor-list">${data.vendors.map(
    (vendor) => html`<li><a href="${links.browse(vendor.vendor)}">${vendor.vendor}</a> <span class="muted">${vendor.versions.map((version) => version.version).join(' · ')}</span></li>`,
  )}</ul></div>`;
}
