import { html, type SafeHtml } from './html.js';
import type { PageLinks } from './links.js';
import { resultsFragment, type ResultsData } from './results.js';
import { searchForm, type SearchFormData } from './search-form.js';

/**
 * The search page's body: the form, a status line for screen readers, and the results region
 * (rendered on the server; the web app's script refreshes it, the static site's script fills it).
 */
export function searchPageBody(links: PageLinks, form: SearchFormData, results: ResultsData): SafeHtml {
  return html`<h1 class="visually-hidden">Search the documentation</h1>${searchForm(form)}<p id="search-status" class="visually-hidden" role="status" aria-live="polite"></p><section id="results" class="results-region" aria-label="Search results">${resultsFragment(links, results)}</section>${
    form.searchRuns === 'browser' ? html` <noscript><p class="notice">Searching needs JavaScript. Every document can still be read from <a href="${links.browse()}">Browse</a>.</p></noscript>` : ''
  }`;
}

/** The title of the search page: the query, or the site name before one. */
export function searchPageTitle(siteName: string, q: string): string {
  return q ? `${q} — search` : siteName;
}
