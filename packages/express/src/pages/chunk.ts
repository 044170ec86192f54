import { documentId, type ChunkInContext, type ChunkRecord, type DocumentRecord } from '@mcdewey/core';
import { html, paragraphs, type SafeHtml } from '../html.js';
import { layout, type PageContext } from './layout.js';
import { headingPath } from './search.js';

/** "27" or "27–28". */
export function pageRange(chunk: Pick<ChunkRecord, 'page' | 'pageEnd'>): string {
  if (chunk.page === undefined) return '';
  return chunk.pageEnd !== undefined && chunk.pageEnd !== chunk.page ? `${chunk.page}–${chunk.pageEnd}` : String(chunk.page);
}

/** vendor › version › group › document, each a link. */
export function breadcrumbs(context: PageContext, document: DocumentRecord, current?: string): SafeHtml {
  const { urls } = context;
  return html`<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>
  <li><a href="${urls.browse()}">Browse</a></li>
  <li><a href="${urls.browse(document.vendor)}">${document.vendor}</a></li>
  <li><a href="${urls.browse(document.vendor, document.version)}">${document.version}</a></li>
  <li>${document.group}</li>
  <li>${current === undefined ? html`<span aria-current="page">${document.title}</span>` : html`<a href="${urls.document(document.id)}">${document.title}</a>`}</li>
  ${current === undefined ? '' : html`<li><span aria-current="page">${current}</span></li>`}
</ol></nav>`;
}

/**
 * The chunk page, laid out like the card in DESIGN.md: "Page N" and "↗ View in doc context",
 * then page / source / chunk_id, then the text.
 */
export function chunkPage(context: PageContext, data: ChunkInContext & { servesFiles: boolean }): string {
  const { urls } = context;
  const { chunk, document, before, after } = data;
  const pages = pageRange(chunk);
  const heading = chunk.page !== undefined ? `Page ${pages}` : chunk.title;
  const pdfLink = data.servesFiles && document.format === 'pdf' && chunk.page !== undefined ? urls.file(document, chunk.page) : undefined;
  const previous = before.at(-1);
  const next = after[0];
  return layout(context, {
    title: `${chunk.title}${pages ? `, page ${pages}` : ''} (${chunk.vendor} ${chunk.version})`,
    section: 'other',
    bodyClass: 'page-chunk',
    body: html`${breadcrumbs(context, document, `chunk ${chunk.n}`)}
<article class="card" aria-labelledby="card-title">
  <header class="card-head">
    <h1 id="card-title">${heading}</h1>
    <a class="context-link" href="${urls.document(documentId(chunk), chunk.n)}"><span aria-hidden="true">↗</span> View in doc context</a>
  </header>
  <table class="card-meta">
    <tbody>
      ${pages ? html`<tr><th scope="row">page</th><td>${pdfLink ? html`<a href="${pdfLink}" class="pdf-link">${pages}</a>` : pages}</td></tr>` : ''}
      <tr><th scope="row">source</th><td><code>${chunk.source}</code></td></tr>
      <tr><th scope="row">chunk_id</th><td><code id="chunk-id">${chunk.id}</code> <button type="button" class="copy" data-copy="${chunk.id}" hidden>Copy</button></td></tr>
      ${chunk.page === undefined ? '' : html`<tr><th scope="row">title</th><td>${chunk.title}</td></tr>`}
      ${chunk.headings.length > 0 ? html`<tr><th scope="row">section</th><td>${headingPath(chunk.headings)}</td></tr>` : ''}
    </tbody>
  </table>
  <div class="chunk-text">${paragraphs(chunk.text)}</div>
</article>
<nav class="pager" aria-label="Neighbouring chunks">
  ${previous ? html`<a rel="prev" href="${urls.chunk(previous.id)}">← Previous chunk</a>` : html`<span class="muted">First chunk</span>`}
  <span class="pager-position">chunk ${chunk.n} · ${document.chunkCount} in this document</span>
  ${next ? html`<a rel="next" href="${urls.chunk(next.id)}">Next chunk →</a>` : html`<span class="muted">Last chunk</span>`}
</nav>
${pdfLink ? html`<p class="original"><a href="${pdfLink}" class="pdf-link">Open the original PDF at page ${chunk.page}</a></p>` : ''}`,
  });
}
