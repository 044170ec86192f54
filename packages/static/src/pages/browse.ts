import type { DocumentRecord, VendorSummary } from '@mcdewey/core';
import { documentPagePath } from '../format.js';
import { html } from '../html.js';
import { layout, type SiteContext } from './layout.js';

/** `browse/index.html`: every vendor with its versions. */
export function browseIndexPage(site: SiteContext, vendors: readonly VendorSummary[]): string {
  const root = '../';
  return layout(site, {
    root,
    title: 'Browse',
    section: 'browse',
    kind: 'browse',
    body: html`<h1>Browse the library</h1>
<ul class="browse-list">
${vendors.map(
  (vendor) => html`<li>
  <h2><a href="${vendor.vendor}/index.html">${vendor.vendor}</a></h2>
  <ul class="version-list">
    ${vendor.versions.map((version) => html`<li><a href="${vendor.vendor}/${version.version}/index.html">${version.version}</a> <span class="muted">${version.documents} documents · ${version.chunks} chunks</span></li>`)}
  </ul>
</li>`,
)}
</ul>`,
  });
}

/** `browse/<vendor>/index.html`: the vendor's versions. */
export function browseVendorPage(site: SiteContext, vendor: VendorSummary): string {
  const root = '../../';
  return layout(site, {
    root,
    title: vendor.vendor,
    section: 'browse',
    kind: 'browse',
    body: html`<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="../index.html">Browse</a></li><li><span aria-current="page">${vendor.vendor}</span></li></ol></nav>
<h1>${vendor.vendor}</h1>
<ul class="version-list big">
  ${vendor.versions.map((version) => html`<li><a href="${version.version}/index.html">${version.version}</a> <span class="muted">${version.documents} documents · ${version.chunks} chunks</span></li>`)}
</ul>
<p><a href="${root}index.html?vendor=${encodeURIComponent(vendor.vendor)}">Search ${vendor.vendor} only</a></p>`,
  });
}

/** `browse/<vendor>/<version>/index.html`: the version's documents by group. */
export function browseVersionPage(site: SiteContext, vendor: string, version: string, documents: readonly DocumentRecord[]): string {
  const root = '../../../';
  const groups = new Map<string, DocumentRecord[]>();
  for (const document of documents) groups.set(document.group, [...(groups.get(document.group) ?? []), document]);
  return layout(site, {
    root,
    title: `${vendor} ${version}`,
    section: 'browse',
    kind: 'browse',
    body: html`<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="../../index.html">Browse</a></li><li><a href="../index.html">${vendor}</a></li><li><span aria-current="page">${version}</span></li></ol></nav>
<h1>${vendor} ${version}</h1>
<p><a href="${root}index.html?vendor=${encodeURIComponent(vendor)}&amp;version=${encodeURIComponent(version)}">Search ${vendor} ${version} only</a></p>
${[...groups.entries()].map(
  ([group, records]) => html`<section class="doc-group" aria-label="${group}">
  <h2>${group}</h2>
  <ul class="doc-list">
    ${records.map(
      (document) => html`<li><a href="${root}${documentPagePath(document)}">${document.title}</a> <span class="muted">${document.pageCount !== undefined ? `${document.pageCount} pages · ` : ''}${document.chunkCount} chunks · <code>${document.doc}</code></span></li>`,
    )}
  </ul>
</section>`,
)}`,
  });
}

/** `404.html`: links are absolute under the base path, since it is served at any URL. */
export function notFoundPage(site: SiteContext): string {
  return layout(site, {
    root: site.basePath,
    title: 'Not found',
    section: 'other',
    kind: 'error',
    body: html`<div class="notice notice-error" role="alert">
  <h1>Not found</h1>
  <p>There is no page at this address in the library.</p>
  <p><a href="${site.basePath}index.html">Search</a> or <a href="${site.basePath}browse/index.html">browse</a> the library.</p>
</div>`,
  });
}
