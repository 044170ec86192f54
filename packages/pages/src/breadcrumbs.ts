import { html, type SafeHtml } from './html.js';
import type { DocumentKey, PageLinks } from './links.js';

/**
 * Browse › vendor › version › group › document (› current), each level a link but the last.
 * Pass only `vendor` (and `version`) for the browse pages.
 */
export function breadcrumbs(links: PageLinks, at: { vendor: string; version?: string | undefined; document?: (DocumentKey & { title: string }) | undefined; current?: string | undefined }): SafeHtml {
  const items: SafeHtml[] = [html`<a href="${links.browse()}">Browse</a>`];
  const last = (text: string) => html`<span aria-current="page">${text}</span>`;
  const { document, current } = at;
  if (at.version === undefined) {
    items.push(last(at.vendor));
  } else {
    items.push(html`<a href="${links.browse(at.vendor)}">${at.vendor}</a>`);
    if (document === undefined) {
      items.push(last(at.version));
    } else {
      items.push(html`<a href="${links.browse(at.vendor, at.version)}">${at.version}</a>`, html`${document.group}`);
      items.push(current === undefined ? last(document.title) : html`<a href="${links.document(document)}">${document.title}</a>`);
      if (current !== undefined) items.push(last(current));
    }
  }
  return html`<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>${items.map((item) => html`<li>${item}</li>`)}</ol></nav>`;
}
