import type { SearchMode, SearchResponse, SearchResult, VendorSummary } from '@mcdewey/core';
import type { ReadingOptions } from '../api.js';
import { highlighted, html, plural, type SafeHtml } from '../html.js';
import { layout, type PageContext } from './layout.js';
import { moreInDocument, readingFields, understandingNotes } from './search-notes.js';

/** What the search form holds (all from the query string). */
export interface SearchForm {
  q: string;
  vendor: string;
  version: string;
  mode: SearchMode | '';
  /** Query reading and grouping from the query string (`interpret=0`, `correct=0`, ...), kept by the form. */
  reading: ReadingOptions;
}

/** The outcome shown in the results region. */
export type SearchOutcome =
  | { kind: 'empty' }
  | { kind: 'results'; response: SearchResponse; milliseconds: number }
  | { kind: 'error'; message: string };

const MODE_LABELS: Record<SearchMode, string> = {
  hybrid: 'Hybrid (words + meaning)',
  lexical: 'Lexical (words)',
  semantic: 'Semantic (meaning)',
};

export interface SearchPageData {
  form: SearchForm;
  outcome: SearchOutcome;
  vendors: VendorSummary[];
  modes: SearchMode[];
  maxQueryLength: number;
}

/** The search page: the form, then the results region (server-rendered; the script refreshes it). */
export function searchPage(context: PageContext, data: SearchPageData): string {
  const { form } = data;
  return layout(context, {
    title: form.q ? `${form.q} — search` : context.title,
    section: 'search',
    bodyClass: 'page-search',
    body: html`<h1 class="visually-hidden">Search the documentation</h1>
<form class="search-form" role="search" action="${context.urls.home()}" method="get" data-live>
  <div class="query-row">
    <label for="q" class="visually-hidden">Search query</label>
    <input id="q" name="q" type="search" value="${form.q}" maxlength="${data.maxQueryLength}" placeholder="Search the documentation" autocomplete="off" spellcheck="false" aria-describedby="search-help"${form.q ? '' : html` autofocus`}>
    <button type="submit">Search</button>
  </div>
  <div class="filters">
    ${vendorSelect(data.vendors, form.vendor)}
    ${versionSelect(data.vendors, form.vendor, form.version)}
    ${modeSelect(data.modes, form.mode)}
  </div>
  ${readingFields(form.reading)}
  <p id="search-help" class="help">Results update as you type. Keys: <kbd>/</kbd> search box, <kbd>↓</kbd><kbd>↑</kbd> or <kbd>j</kbd><kbd>k</kbd> move through results, <kbd>Enter</kbd> opens one.</p>
</form>
<p id="search-status" class="visually-hidden" role="status" aria-live="polite"></p>
<section id="results" class="results-region" aria-label="Search results">
${resultsFragment(context, data)}
</section>`,
  });
}

function vendorSelect(vendors: VendorSummary[], selected: string): SafeHtml {
  return html`<div class="field">
      <label for="vendor">Vendor</label>
      <select id="vendor" name="vendor">
        <option value="">All vendors</option>
        ${vendors.map((vendor) => html`<option value="${vendor.vendor}"${vendor.vendor === selected ? html` selected` : ''}>${vendor.vendor}</option>`)}
      </select>
    </div>`;
}

function versionSelect(vendors: VendorSummary[], vendor: string, selected: string): SafeHtml {
  // Every vendor's versions are listed; those of other vendors than the chosen one are hidden.
  return html`<div class="field">
      <label for="version">Version</label>
      <select id="version" name="version">
        <option value="">All versions</option>
        ${vendors.map(
          (item) => html`<optgroup label="${item.vendor}" data-vendor="${item.vendor}"${vendor && vendor !== item.vendor ? html` hidden disabled` : ''}>${item.versions.map(
            (version) => html`<option value="${version.version}"${version.version === selected && (!vendor || vendor === item.vendor) ? html` selected` : ''}>${version.version}</option>`,
          )}</optgroup>`,
        )}
      </select>
    </div>`;
}

function modeSelect(modes: SearchMode[], selected: SearchMode | ''): SafeHtml {
  const current = selected && modes.includes(selected) ? selected : modes[0];
  return html`<div class="field">
      <label for="mode">Mode</label>
      <select id="mode" name="mode">
        ${modes.map((mode) => html`<option value="${mode}"${mode === current ? html` selected` : ''}>${MODE_LABELS[mode]}</option>`)}
      </select>
    </div>`;
}

/** The inside of the results region: also what `partials/results` returns to the script. */
export function resultsFragment(context: PageContext, data: SearchPageData): SafeHtml {
  const { outcome } = data;
  if (outcome.kind === 'error') {
    return html`<div class="notice notice-error" role="alert"><p>${outcome.message}</p></div>`;
  }
  if (outcome.kind === 'empty') return intro(context, data.vendors);
  const { response, milliseconds } = outcome;
  const count = response.results.length;
  const summary = html`<p class="summary">${count === 0 ? 'No results' : plural(count, 'result')} for “${response.query}” · ${response.mode} · ${milliseconds.toFixed(0)} ms</p>`;
  const notice = response.notice ? html`<p class="notice">${response.notice}</p>` : '';
  const notes = understandingNotes(context.urls, data.form, response);
  if (count === 0) {
    const hint = response.suggestions?.length ? '' : html`<p class="hint">Try fewer or different words, or clear the vendor and version filters.</p>`;
    return html`${summary}${notice}${notes}${hint}`;
  }
  return html`${summary}${notice}${notes}
<ol class="results">
${response.results.map((result) => resultItem(context, result))}
</ol>`;
}

function resultItem(context: PageContext, result: SearchResult): SafeHtml {
  const { urls } = context;
  const page = result.page === undefined ? '' : result.pageEnd !== undefined && result.pageEnd !== result.page ? `pages ${result.page}–${result.pageEnd}` : `page ${result.page}`;
  return html`<li class="result">
  <a class="result-link" href="${urls.chunk(result.id)}"><span class="result-title">${result.title}</span></a>
  <div class="result-meta">
    <span class="badge" title="vendor and version">${result.vendor} <span class="badge-version">${result.version}</span></span>
    ${page ? html`<span class="result-page">${page}</span>` : ''}
    ${result.headings.length > 0 ? html`<span class="crumbs">${headingPath(result.headings)}</span>` : ''}
  </div>
  <p class="snippet">${highlighted(result.snippet, result.highlights)}</p>
  ${result.alsoIn && result.alsoIn.length > 0
    ? html`<p class="also-in">Same text also in ${result.alsoIn.map((other, i) => html`${i > 0 ? ', ' : ''}<a href="${urls.chunk(other.id)}">${other.version}</a>`)}</p>`
    : ''}
  ${moreInDocument(urls, result.more)}
</li>
`;
}

/** A heading path, outermost first, separated by ›. */
export function headingPath(headings: readonly string[]): SafeHtml {
  return html`${headings.map((heading, i) => html`${i > 0 ? html`<span class="sep" aria-hidden="true"> › </span>` : ''}<span>${heading}</span>`)}`;
}

function intro(context: PageContext, vendors: VendorSummary[]): SafeHtml {
  return html`<div class="intro">
  <p class="lead">Search ${plural(context.stats.documents, 'document')} from ${plural(context.stats.vendors, 'vendor')}. Every result is a citable chunk with its page, source and chunk id.</p>
  <ul class="vendor-list">
    ${vendors.map(
      (vendor) => html`<li><a href="${context.urls.browse(vendor.vendor)}">${vendor.vendor}</a> <span class="muted">${vendor.versions.map((version) => version.version).join(' · ')}</span></li>`,
    )}
  </ul>
</div>`;
}
