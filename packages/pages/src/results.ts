import type { SearchResponse, SearchResult, VendorSummary } from '@mcdewey/core';
import { plural, resultTotal } from '@mcdewey/core/ranking';
import { highlighted, html, type SafeHtml } from './html.js';
import { chunkNumber, headingPath, longPageLabel, versionBadge } from './labels.js';
import type { PageLinks } from './links.js';
import { moreInDocument, understandingNotes, type SearchAgain } from './notes.js';
import { vendorSiteLink } from './vendor-link.js';

/** A response as the results region shows it: core's, or the static site's (which has no query reading). */
export type ShownResponse = Pick<SearchResponse, 'query' | 'mode' | 'results' | 'offset' | 'total' | 'totalExact' | 'next' | 'embedder' | 'notice'> &
  Partial<Pick<SearchResponse, 'interpreted' | 'noStrongMatch' | 'suggestions'>>;

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
   * The page size asked for (default 10): "More results" links to the next page of as many
   * (`offset`); the page's script appends it under the list instead of leaving the page.
   */
  limit?: number | undefined;
}

/** The inside of the results region (the web app's `partials/results`; the static site's script renders it too). */
export function resultsFragment(links: PageLinks, data: ResultsData): SafeHtml {
  const { outcome } = data;
  if (outcome.kind === 'error') return html`<div class="notice notice-error" role="alert"><p>${outcome.message}</p></div>`;
  if (outcome.kind === 'empty') return intro(links, data);
  const { response, milliseconds } = outcome;
  const count = response.results.length;
  const browser = data.searchRuns === 'browser';
  const limit = data.limit ?? 10;
  // Links that change the search start again from its first page.
  const again: SearchAgain = (changes) => data.searchAgain({ offset: undefined, ...changes });
  const { offset } = response;
  const range = offset > 0 ? ` · ${count === 0 ? `none from ${offset + 1}` : `results ${offset + 1}–${offset + count}`}` : '';
  const summary = html`<p class="summary">${capitalized(resultTotal(response))} for “${response.query}”${range} · ${modeName(response, browser)} · ${milliseconds.toFixed(0)} ms${browser ? ' in your browser' : ''}</p>`;
  const notice = response.notice ? html`<p class="notice">${response.notice}</p>` : '';
  const lexicalOnly = data.lexicalOnly ? html`<p class="mode-note">This site is lexical only: it was exported without an embedding model.</p>` : '';
  const notes = understandingNotes(again, response);
  if (count === 0) {
    const hint = response.suggestions?.length || offset > 0 ? '' : html`<p class="hint">Try fewer or different words, or clear the vendor and version filters.</p>`;
    return html`${summary}${notice}${lexicalOnly}${notes}${hint}`;
  }
  const carried = response.interpreted?.corrected ?? response.query;
  const pageLink = (from: number) => data.searchAgain({ offset: from > 0 ? String(from) : undefined, limit: String(limit) });
  const pager =
    offset > 0 || response.next !== undefined
      ? html`<nav class="more-results" aria-label="More results">${offset > 0 ? html`<a href="${pageLink(Math.max(0, offset - limit))}" rel="prev">Previous ${limit}</a> ` : ''}${
          response.next !== undefined ? html`<a href="${pageLink(response.next)}" rel="next" data-more>More results</a>` : ''
        }</nav>`
      : '';
  const list = html`<ol class="results"${offset > 0 ? html` start="${String(offset + 1)}"` : ''}>${response.results.map((result) => resultItem(links, result, carried))}</ol>`;
  return html`${summary}${notice}${lexicalOnly}${notes}${resultFacets(again, response.results, response.total > count)}${list}${pager}`;
}

/**
 * How the results shown spread over vendors and versions, each a link that filters by it. The
 * counts are of the results shown, and say so when there are more.
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
  return html`<nav class="facets" aria-label="Narrow the results"><p class="facet-note">${partial ? `In the ${plural(results.length, 'result')} shown` : 'In these results'}:</p>${vendors.size > 1 ? facet('Vendor', vendorItems) : ''} ${versions.size > 1 ? facet('Version', versionItems) : ''}</nav>`;
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

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
