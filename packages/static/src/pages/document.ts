import type { ChunkRecord, DocumentRecord } from '@mcdewey/core';
import { documentPagePath, originalFilePath } from '../format.js';
import { html, type SafeHtml } from '../html.js';
import { headingPath, layout, pageRange, type SiteContext } from './layout.js';

const FORMAT_NAMES: Record<DocumentRecord['format'], string> = { pdf: 'PDF', html: 'HTML', markdown: 'Markdown', text: 'Text' };

/** The relative path from a document page (`doc/v/ver/g/d.html`) to the site root. */
export const DOCUMENT_ROOT = '../../../../';

/** Link to the chunk card of a chunk, from a page at `root`. */
export function chunkCardHref(root: string, id: string): string {
  return `${root}chunk.html?id=${encodeURIComponent(id)}`;
}

/** vendor › version › group › document, each level linking to its browse page. */
export function breadcrumbs(root: string, document: DocumentRecord, current?: string): SafeHtml {
  const browse = `${root}browse/`;
  return html`<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>
  <li><a href="${browse}index.html">Browse</a></li>
  <li><a href="${browse}${document.vendor}/index.html">${document.vendor}</a></li>
  <li><a href="${browse}${document.vendor}/${document.version}/index.html">${document.version}</a></li>
  <li>${document.group}</li>
  <li>${current === undefined ? html`<span aria-current="page">${document.title}</span>` : html`<a href="${root}${documentPagePath(document)}">${document.title}</a>`}</li>
  ${current === undefined ? '' : html`<li><span aria-current="page">${current}</span></li>`}
</ol></nav>`;
}

/**
 * `doc/<vendor>/<version>/<group>/<doc>.html`: the whole document, one anchored section per
 * chunk (`#chunk-N`). The target chunk is highlighted by `:target` (and by the client, which
 * also fills the toolbar with its position, neighbours and card).
 */
export function documentPage(site: SiteContext, document: DocumentRecord, chunks: readonly ChunkRecord[], hasOriginal: boolean): string {
  const root = DOCUMENT_ROOT;
  const original = hasOriginal ? `${root}${originalFilePath(document.source)}` : undefined;
  const facts = [
    FORMAT_NAMES[document.format],
    document.pageCount !== undefined ? `${document.pageCount} pages` : undefined,
    `${document.chunkCount} chunks`,
  ].filter(Boolean).join(' · ');

  let lastSection = '';
  let lastPage: number | undefined;
  const sections = chunks.map((chunk) => {
    const section = chunk.headings.join('\u0000');
    const showSection = section !== lastSection && chunk.headings.length > 0;
    lastSection = section;
    const showPage = chunk.page !== undefined && chunk.page !== lastPage;
    lastPage = chunk.pageEnd ?? chunk.page;
    return html`<section id="chunk-${chunk.n}" class="doc-chunk" data-id="${chunk.id}"${chunk.page !== undefined ? html` data-page="${pageRange(chunk)}"` : ''} aria-label="Chunk ${chunk.n}${chunk.page !== undefined ? `, page ${pageRange(chunk)}` : ''}">
  ${showSection ? html`<p class="doc-section">${headingPath(chunk.headings)}</p>` : ''}
  <div class="doc-gutter">
    <a class="anchor" href="#chunk-${chunk.n}" title="Link to this chunk">#${chunk.n}</a>
    ${showPage ? html`<span class="doc-page">p. ${chunk.page}</span>` : ''}
    <a class="card-link" href="${chunkCardHref(root, chunk.id)}">card</a>
  </div>
  <div class="chunk-text">${chunk.text}</div>
</section>
`;
  });

  return layout(site, {
    root,
    title: `${document.title} (${document.vendor} ${document.version})`,
    section: 'other',
    kind: 'document',
    bodyClass: 'page-document',
    body: html`${breadcrumbs(root, document)}
<header class="doc-head">
  <h1>${document.title}</h1>
  <p class="doc-facts"><code>${document.source}</code> · ${facts}${original ? html` · <a href="${original}">Original ${FORMAT_NAMES[document.format]}</a>` : ''}</p>
</header>
<nav class="doc-toolbar" id="doc-toolbar" aria-label="Chunks" data-chunks="${chunks.length}"${original && document.format === 'pdf' ? html` data-pdf="${original}"` : ''}>
  <span>${chunks.length} chunks</span>${chunks.length > 0 ? html` <a href="#chunk-0">Start at chunk 0</a>` : ''}
</nav>
<article class="document" aria-label="Document text">
${sections}
</article>`,
  });
}
