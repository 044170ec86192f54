import { parseChunkId, type MoreInDocument, type SearchFilters, type SearchResponse, type SearchSuggestion } from '@mcdewey/core';
import type { ReadingOptions } from '../api.js';
import { html, type SafeHtml } from '../html.js';
import type { Urls } from '../urls.js';
import type { SearchForm } from './search.js';

/** Query-string values of a search as the form holds it, with `changes` over them. */
export function searchParams(form: SearchForm, changes: Record<string, string | readonly string[] | undefined> = {}): Record<string, string | readonly string[] | undefined> {
  return {
    q: form.q,
    vendor: form.vendor,
    version: form.version,
    mode: form.mode,
    ...readingParams(form.reading),
    ...changes,
  };
}

/** The query-reading options as query-string values (what hidden form fields and links carry). */
export function readingParams(reading: ReadingOptions): Record<string, string | undefined> {
  const bit = (value: boolean | undefined) => (value === undefined ? undefined : value ? '1' : '0');
  return {
    interpret: bit(reading.interpret),
    correct: bit(reading.correct),
    maxPerDocument: reading.maxPerDocument?.toString(),
    moreLimit: reading.moreLimit?.toString(),
  };
}

/** Hidden fields that keep the query-reading options of this search when the form is used again. */
export function readingFields(reading: ReadingOptions): SafeHtml {
  const fields = Object.entries(readingParams(reading)).filter(([, value]) => value !== undefined);
  return html`${fields.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}`;
}

/**
 * What is said above the results: the spelling corrections ("Showing results for X — search
 * instead for Y"), the vendor and version read from the query (a chip that removes itself by
 * searching again with `interpret=0`), and a "No strong match" panel with the suggestions as links.
 */
export function understandingNotes(urls: Urls, form: SearchForm, response: SearchResponse): SafeHtml {
  const { interpreted } = response;
  const corrected =
    interpreted?.corrected !== undefined
      ? html`<p class="did-you-mean">Showing results for <strong>${interpreted.corrected}</strong> — search instead for <a href="${urls.search(searchParams(form, { correct: '0' }))}">${response.query}</a></p>`
      : '';
  let understood: SafeHtml | string = '';
  if (interpreted?.vendor !== undefined) {
    const label = [interpreted.vendor, interpreted.version].filter(Boolean).join(' ');
    understood = html`<p class="understood">Understood: <span class="chip">${label}<a class="chip-remove" href="${urls.search(searchParams(form, { interpret: '0' }))}" aria-label="Remove ${label}: search without reading a vendor or version in the query" title="Search without reading a vendor or version in the query">×</a></span> <span class="muted">ranked first; nothing is filtered out</span></p>`;
  }
  const weak = response.noStrongMatch ? noStrongMatchPanel(urls, form, response) : '';
  return html`${corrected}${understood}${weak}`;
}

function noStrongMatchPanel(urls: Urls, form: SearchForm, response: SearchResponse): SafeHtml {
  const lead = response.results.length > 0 ? 'The results below are the closest passages, not answers.' : 'Nothing matched.';
  const suggestions = response.suggestions ?? [];
  return html`<div class="notice no-strong-match" role="note">
  <p><strong>No strong match.</strong> ${lead}</p>
  ${suggestions.length > 0 ? html`<ul class="suggestions">${suggestions.map((suggestion) => html`<li>${suggestion.message}${suggestionLink(urls, form, suggestion)}</li>`)}</ul>` : ''}
</div>`;
}

function suggestionLink(urls: Urls, form: SearchForm, suggestion: SearchSuggestion): SafeHtml | string {
  const changes: Record<string, string | readonly string[] | undefined> = {};
  let label: string | undefined;
  if (suggestion.query !== undefined) {
    changes.q = suggestion.query;
    label = `Search for “${suggestion.query}”`;
  }
  if (suggestion.filters !== undefined) {
    Object.assign(changes, filterParams(suggestion.filters));
    label ??= Object.values(suggestion.filters).every((value) => value === undefined) ? 'Search without filters' : 'Search with these filters';
  }
  return label === undefined ? '' : html` <a class="suggestion" href="${urls.search(searchParams(form, changes))}">${label}</a>`;
}

function filterParams(filters: SearchFilters): Record<string, string | readonly string[] | undefined> {
  return { vendor: filters.vendor, version: filters.version, group: filters.group, doc: filters.doc };
}

/** "3 more in this document: p. 12, p. 14, Restore", each a link to its chunk page. */
export function moreInDocument(urls: Urls, more: readonly MoreInDocument[] | undefined): SafeHtml | string {
  if (!more || more.length === 0) return '';
  const links = more.map((other, i) => html`${i > 0 ? ', ' : ''}<a href="${urls.chunk(other.id)}" title="${other.snippet}">${moreLabel(other)}</a>`);
  return html`<p class="more-in-doc">${more.length} more in this document: ${links}</p>`;
}

/** A page for PDFs ("p. 12", "pp. 12–13"), else the innermost heading, else the chunk's place. */
function moreLabel(other: MoreInDocument): string {
  if (other.page !== undefined) return other.pageEnd !== undefined && other.pageEnd !== other.page ? `pp. ${other.page}–${other.pageEnd}` : `p. ${other.page}`;
  return other.headings.at(-1) ?? `part ${parseChunkId(other.id).n + 1}`;
}
