import type { DocumentRecord, VendorSummary } from '@mcdewey/core';
import { compareVersions, plural } from '@mcdewey/core/ranking';
import { breadcrumbs } from './breadcrumbs.js';
import { FORMAT_NAMES } from './document-view.js';
import { html, type SafeHtml } from './html.js';
import type { PageLinks } from './links.js';

/** The `<h1>` and title of the browse index. */
export const BROWSE_TITLE = 'Browse the library';

function versionLine(links: PageLinks, vendor: string, version: VendorSummary['versions'][number]): SafeHtml {
  return html`<li><a href="${links.browse(vendor, version.version)}">${version.version}</a> <span class="muted">${plural(version.documents, 'document')} · ${plural(version.chunks, 'chunk')}</span></li>`;
}

/** Every vendor with its versions. */
export function vendorsBody(links: PageLinks, vendors: readonly VendorSummary[]): SafeHtml {
  return html`<h1>${BROWSE_TITLE}</h1><ul class="browse-list">${vendors.map(
    (vendor) =>
      html`<li><h2><a href="${links.browse(vendor.vendor)}">${vendor.vendor}</a></h2><ul class="version-list">${vendor.versions.map((version) => versionLine(links, vendor.vendor, version))}</ul></li>`,
  )}</ul>`;
}

/** The versions of one vendor. */
export function versionsBody(links: PageLinks, vendor: VendorSummary): SafeHtml {
  return html`${breadcrumbs(links, { vendor: vendor.vendor })}<h1>${vendor.vendor}</h1><ul class="version-list big">${vendor.versions.map((version) => versionLine(links, vendor.vendor, version))}</ul><p><a href="${links.search({ vendor: vendor.vendor })}">Search ${vendor.vendor} only</a></p>`;
}

/**
 * The documents of one vendor version, by group; groups and documents in natural version order
 * (upgrade-3-9 before upgrade-3-10). A long list gets an index of its groups, and a filter box
 * that the page's script shows (it needs script, so it is drawn hidden).
 */
export function documentsBody(links: PageLinks, vendor: string, version: string, documents: readonly DocumentRecord[]): SafeHtml {
  const groups = new Map<string, DocumentRecord[]>();
  const ordered = [...documents].sort((a, b) => compareVersions(a.group, b.group) || compareVersions(a.doc, b.doc));
  for (const document of ordered) groups.set(document.group, [...(groups.get(document.group) ?? []), document]);
  const index =
    groups.size > 1
      ? html`<nav class="group-index" aria-label="Groups"><ul>${[...groups.entries()].map(([group, items]) => html`<li><a href="#group-${group}">${group}</a> <span class="muted">${items.length}</span></li>`)}</ul></nav>`
      : '';
  return html`${breadcrumbs(links, { vendor, version })}<h1>${vendor} <span class="badge-version">${version}</span></h1><p>${plural(documents.length, 'document')} · <a href="${links.search({ vendor, version })}">Search ${vendor} ${version} only</a></p><div class="list-filter" hidden><label for="doc-filter">Filter documents</label><input id="doc-filter" type="search" autocomplete="off" spellcheck="false" aria-describedby="doc-filter-count"><span id="doc-filter-count" class="muted" role="status"></span></div>${index}${[
    ...groups.entries(),
  ].map(
    ([group, items]) =>
      html`<section class="doc-group" aria-labelledby="group-${group}"><h2 id="group-${group}">${group} <span class="group-count">${plural(items.length, 'document')}</span></h2><ul class="doc-list">${items.map(
        (document) =>
          html`<li><a href="${links.document(document)}">${document.title}</a><span class="muted">${FORMAT_NAMES[document.format]}${document.pageCount !== undefined ? ` · ${plural(document.pageCount, 'page')}` : ''} · ${plural(document.chunkCount, 'chunk')}</span></li>`,
      )}</ul></section>`,
  )}`;
}
