import type { ChunkRecord, DocumentRecord } from '@mcdewey/core';
import { html, paragraphs, plural, type SafeHtml } from '../html.js';
import { breadcrumbs, pageRange } from './chunk.js';
import { layout, type PageContext } from './layout.js';
import { headingPath } from './search.js';

const FORMAT_NAMES: Record<DocumentRecord['format'], string> = { pdf: 'PDF', html: 'HTML', markdown: 'Markdown', text: 'Text' };

/**
 * The whole document, one anchored section per chunk (`#chunk-N`). The target chunk (`?chunk=N`)
 * is marked server-side and by `:target`; a toolbar gives its page, the original PDF at that page,
 * and the previous and next chunks.
 */
export function documentPage(
  context: PageContext,
  data: { document: DocumentRecord; chunks: readonly ChunkRecord[]; target: number | undefined; servesFiles: boolean },
): string {
  const { urls } = context;
  const { document, chunks } = data;
  const target = data.target === undefined ? undefined : chunks[data.target];
  const isPdf = document.format === 'pdf' && data.servesFiles;
  const facts = [
    FORMAT_NAMES[document.format],
    document.pageCount !== undefined ? plural(document.pageCount, 'page') : undefined,
    plural(document.chunkCount, 'chunk'),
  ].filter(Boolean).join(' · ');

  let lastSection = '';
  let lastPage: number | undefined;
  const sections = chunks.map((chunk) => {
    const section = chunk.headings.join('\u0000');
    const showSection = section !== lastSection && chunk.headings.length > 0;
    lastSection = section;
    // Every paged chunk shows its page; a chunk that starts a new page shows it in bold.
    const newPage = chunk.page !== undefined && chunk.page !== lastPage;
    lastPage = chunk.pageEnd ?? chunk.page;
    const isTarget = chunk === target;
    return html`<section id="chunk-${chunk.n}" class="doc-chunk${isTarget ? ' is-target' : ''}"${isTarget ? html` aria-current="location"` : ''}>
  ${showSection ? html`<p class="doc-section">${headingPath(chunk.headings)}</p>` : ''}
  <div class="doc-gutter">
    <a class="anchor" href="${urls.document(document.id, chunk.n)}" aria-label="Link to chunk ${chunk.n}">#${chunk.n}</a>
    ${chunk.page !== undefined ? html`<span class="doc-page${newPage ? ' new-page' : ''}">p. ${pageRange(chunk)}</span>` : ''}
    <a class="card-link" href="${urls.chunk(chunk.id)}" aria-label="Card of chunk ${chunk.n}">card</a>
  </div>
  <div class="chunk-text">${paragraphs(chunk.text)}</div>
</section>
`;
  });

  return layout(context, {
    title: `${document.title} (${document.vendor} ${document.version})`,
    section: 'other',
    bodyClass: 'page-document',
    body: html`${breadcrumbs(context, document)}
<header class="doc-head">
  <h1>${document.title}</h1>
  <p class="doc-facts"><code>${document.source}</code> · ${facts}${isPdf ? html` · <a href="${urls.file(document)}">Original PDF</a>` : ''}</p>
</header>
${toolbar(context, document, chunks, target, isPdf)}
<article class="document" aria-label="Document text">
${sections}
</article>`,
  });
}

function toolbar(context: PageContext, document: DocumentRecord, chunks: readonly ChunkRecord[], target: ChunkRecord | undefined, isPdf: boolean): SafeHtml {
  const { urls } = context;
  if (!target) {
    return html`<nav class="doc-toolbar" aria-label="Chunks"><span>${plural(chunks.length, 'chunk')}</span>${chunks.length > 0 ? html` <a href="${urls.document(document.id, 0)}">Start at chunk 0</a>` : ''}</nav>`;
  }
  const previous = chunks[target.n - 1];
  const next = chunks[target.n + 1];
  return html`<nav class="doc-toolbar" aria-label="Current chunk">
  <a class="toolbar-target" href="#chunk-${target.n}">Chunk ${target.n}${target.page !== undefined ? ` · page ${pageRange(target)}` : ''}</a>
  ${previous ? html`<a rel="prev" href="${urls.document(document.id, previous.n)}">← Previous chunk</a>` : ''}
  ${next ? html`<a rel="next" href="${urls.document(document.id, next.n)}">Next chunk →</a>` : ''}
  <a href="${urls.chunk(target.id)}">Chunk card</a>
  ${isPdf && target.page !== undefined ? html`<a class="pdf-link" href="${urls.file(document, target.page)}">Open PDF at page ${target.page}</a>` : ''}
</nav>`;
}
