import type { DocumentRecord, VendorSummary } from '@mcdewey/core';
import { html, plural } from '../html.js';
import { layout, type PageContext } from './layout.js';

/** Every vendor with its versions. */
export function vendorsPage(context: PageContext, vendors: VendorSummary[]): string {
  const { urls } = context;
  return layout(context, {
    title: 'Browse',
    section: 'browse',
    body: html`<h1>Browse</h1>
<ul class="browse-list">
${vendors.map(
  (vendor) => html`<li>
  <h2><a href="${urls.browse(vendor.vendor)}">${vendor.vendor}</a></h2>
  <ul class="version-list">${vendor.versions.map(
    (version) => html`<li><a href="${urls.browse(vendor.vendor, version.version)}">${version.version}</a> <span class="muted">${plural(version.documents, 'document')} · ${plural(version.chunks, 'chunk')}</span></li>`,
  )}</ul>
</li>`,
)}
</ul>`,
  });
}

/** The versions of one vendor. */
export function versionsPage(context: PageContext, vendor: VendorSummary): string {
  const { urls } = context;
  return layout(context, {
    title: vendor.vendor,
    section: 'browse',
    body: html`<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="${urls.browse()}">Browse</a></li><li><span aria-current="page">${vendor.vendor}</span></li></ol></nav>
<h1>${vendor.vendor}</h1>
<ul class="version-list big">${vendor.versions.map(
      (version) => html`<li><a href="${urls.browse(vendor.vendor, version.version)}">${version.version}</a> <span class="muted">${plural(version.documents, 'document')} · ${plural(version.chunks, 'chunk')}</span></li>`,
    )}</ul>
<p><a href="${urls.search({ vendor: vendor.vendor })}">Search ${vendor.vendor} only</a></p>`,
  });
}

/** The documents of one vendor version, by group. */
export function documentsPage(context: PageContext, vendor: string, version: string, documents: DocumentRecord[]): string {
  const { urls } = context;
  const groups = new Map<string, DocumentRecord[]>();
  for (const document of documents) groups.set(document.group, [...(groups.get(document.group) ?? []), document]);
  return layout(context, {
    title: `${vendor} ${version}`,
    section: 'browse',
    body: html`<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="${urls.browse()}">Browse</a></li><li><a href="${urls.browse(vendor)}">${vendor}</a></li><li><span aria-current="page">${version}</span></li></ol></nav>
<h1>${vendor} <span class="badge-version">${version}</span></h1>
<p><a href="${urls.search({ vendor, version })}">Search ${vendor} ${version} only</a></p>
${[...groups.entries()].map(
  ([group, items]) => html`<section class="doc-group">
  <h2>${group}</h2>
  <ul class="doc-list">${items.map(
    (document) => html`<li><a href="${urls.document(document.id)}">${document.title}</a> <span class="muted">${document.format}${document.pageCount !== undefined ? ` · ${plural(document.pageCount, 'page')}` : ''} · ${plural(document.chunkCount, 'chunk')}</span></li>`,
  )}</ul>
</section>`,
)}`,
  });
}
