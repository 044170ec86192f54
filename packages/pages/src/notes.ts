import type { MoreInDocument, SearchFilters, SearchResponse, SearchSuggestion } from '@mcdewey/core';
import { html, type SafeHtml } from './html.js';
import { moreLabel } from './labels.js';
import type { PageLinks, SearchParams } from './links.js';

/** A link to this search again with some of its query-string values changed. */
export type SearchAgain = (changes: SearchParams) => string;

/** What the notes above the results read of a response (core's, or the static site's subset of it). */
export type UnderstoodResponse = Pick<SearchResponse, 'query' | 'results' | 'interpreted' | 'noStrongMatch' | 'suggestions'>;

/**
 * What is said above the results: the spelling corrections ("Showing results for X — search
 * instead for Y"), the vendor and version read from the query (a chip that removes itself by
 * searching again with `interpret=0`), and a "No strong match" panel with the suggestions as links.
 */
export function understandingNotes(searchAgain: SearchAgain, response: UnderstoodResponse): SafeHtml {
  const { interpreted } = response;
  const corrected =
    interpreted?.corrected !== undefined
      ? html`<p class="did-you-mean">Showing results for <strong>${interpreted.corrected}</strong> — search instead for <a href="${searchAgain({ correct: '0' })}">${response.query}</a></p>`
      : '';
  let understood: SafeHtml | string = '';
  if (interpreted?.vendor !== undefined) {
    const label = [interpreted.vendor, interpreted.version].filter(Boolean).join(' ');
    understood = html`<p class="understood">Understood: <span class="chip">${label}<a class="chip-remove" href="${searchAgain({ interpret: '0' })}" aria-label="Remove ${label}: search without reading a vendor or version in the query" title="Search without reading a vendor or version in the query">×</a></span><span class="muted">ranked first; nothing is filtered out</span></p>`;
  }
  const weak = response.noStrongMatch ? noStrongMatchPanel(searchAgain, response) : '';
  return html`${corrected}${understood}${weak}`;
}

function noStrongMatchPanel(searchAgain: SearchAgain, response: UnderstoodResponse): SafeHtml {
  const lead = response.results.length > 0 ? 'The results below are the closest passages, not answers.' : 'Nothing matched.';
  const suggestions = response.suggestions ?? [];
  return html`<div class="notice no-strong-match" role="note"><p><strong>No strong match.</strong> ${lead}</p>${
    suggestions.length > 0 ? html`<ul class="suggestions">${suggestions.map((suggestion) => html`<li>${suggestion.message}${suggestionLink(searchAgain, suggestion)}</li>`)}</ul>` : ''
  }</div>`;
}

function suggestionLink(searchAgain: SearchAgain, suggestion: SearchSuggestion): SafeHtml | string {
  const changes: SearchParams = {};
  let label: string | undefined;
  if (suggestion.query !== undefined) {
    changes.q = suggestion.query;
    label = `Search for “${suggestion.query}”`;
  }
  if (suggestion.filters !== undefined) {
    Object.assign(changes, filterParams(suggestion.filters));
    label ??= Object.values(suggestion.filters).every((value) => value === undefined) ? 'Search without filters' : 'Search with these filters';
  }
  return label === undefined ? '' : html` <a class="suggestion" href="${searchAgain(changes)}">${label}</a>`;
}

function filterParams(filters: SearchFilters): SearchParams {
  return { vendor: filters.vendor, version: filters.version, group: filters.group, doc: filters.doc };
}

/** "3 more in this document: p. 12, pp. 14–15, Restore", each a link to its chunk's card. */
export function moreInDocument(links: PageLinks, more: readonly MoreInDocument[] | undefined, query?: string): SafeHtml | string {
  if (!more || more.length === 0) return '';
  const items = more.map((other, i) => html`${i > 0 ? ', ' : ''}<a href="${links.chunk(other.id, query)}" title="${other.snippet}">${moreLabel(other)}</a>`);
  return html`<p class="more-in-doc">${more.length} more in this document: ${items}</p>`;
}
