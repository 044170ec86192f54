import type { VendorSummary } from '@mcdewey/core';
import { SITE_FILES } from '../format.js';
import { html } from '../html.js';
import { layout, type SiteContext } from './layout.js';

/** Filter values offered on the search form. */
export interface SearchFormValues {
  vendors: VendorSummary[];
  /** Groups with the vendors that have them. */
  groups: { group: string; vendors: string[] }[];
}

/**
 * `index.html`: the search form (filters drawn here, so the page is complete before any script
 * runs), a status line and the results region the client fills. Without JavaScript the page
 * says so and points at Browse.
 */
export function searchPage(site: SiteContext, values: SearchFormValues): string {
  const versions = new Map<string, string[]>();
  for (const vendor of values.vendors) {
    for (const { version } of vendor.versions) versions.set(version, [...(versions.get(version) ?? []), vendor.vendor]);
  }
  const versionList = [...versions.entries()].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true }));
  const modeField = site.model
    ? html`<div class="field">
      <label for="f-mode">Ranking</label>
      <select id="f-mode" name="mode">
        <option value="">Hybrid (default)</option>
        <option value="lexical">Lexical (BM25)</option>
        <option value="semantic">Semantic</option>
      </select>
    </div>`
    : '';
  const help = site.model
    ? html`Search runs in your browser: BM25 over title, headings and text, fused with semantic similarity from <code>${site.model}</code> (loaded from this site).`
    : html`Search runs in your browser: lexical (BM25 over title, headings and text, English stemming). This site was exported without an embedding model, so there is no semantic ranking.`;
  return layout(site, {
    root: '',
    title: site.name,
    section: 'search',
    kind: 'search',
    bodyClass: 'page-search',
    preload: [SITE_FILES.site, SITE_FILES.documents, SITE_FILES.duplicates],
    body: html`<h1 class="visually-hidden">Search the library</h1>
<form class="search-form" role="search" action="index.html" method="get">
  <div class="query-row">
    <label for="q" class="visually-hidden">Search the library</label>
    <input id="q" name="q" type="search" autocomplete="off" spellcheck="false" maxlength="1000" placeholder="Search ${site.stats.documents} documents, e.g. restore a snapshot" autofocus>
    <button type="submit">Search</button>
  </div>
  <div class="filters">
    <div class="field">
      <label for="f-vendor">Vendor</label>
      <select id="f-vendor" name="vendor">
        <option value="">All vendors</option>
        ${values.vendors.map((vendor) => html`<option value="${vendor.vendor}">${vendor.vendor}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for="f-version">Version</label>
      <select id="f-version" name="version">
        <option value="">All versions</option>
        ${versionList.map(([version, vendors]) => html`<option value="${version}" data-vendors="${vendors.join(' ')}">${version}</option>`)}
      </select>
    </div>
    <div class="field">
      <label for="f-group">Group</label>
      <select id="f-group" name="group">
        <option value="">All groups</option>
        ${values.groups.map(({ group, vendors }) => html`<option value="${group}" data-vendors="${vendors.join(' ')}">${group}</option>`)}
      </select>
    </div>
    ${modeField}
  </div>
  <p class="help" id="mode-help">${help}</p>
</form>
<div id="status" class="summary" role="status" aria-live="polite"></div>
<section id="results" class="results-region" aria-label="Results"></section>
<section id="intro" class="intro" aria-label="What the library holds">
  <p class="lead">${site.stats.documents} documents from ${site.stats.vendors} vendors, cut into ${site.stats.chunks} citable chunks. Search above, or browse:</p>
  <ul class="vendor-list">
    ${values.vendors.map((vendor) => html`<li><a href="browse/${vendor.vendor}/index.html">${vendor.vendor}</a> <span class="muted">${vendor.versions.map((version) => version.version).join(', ')}</span></li>`)}
  </ul>
</section>
<noscript><p class="notice">Searching needs JavaScript. Every document can still be read from <a href="browse/index.html">Browse</a>.</p></noscript>`,
  });
}
