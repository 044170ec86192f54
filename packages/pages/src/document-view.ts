import type { ChunkRecord, DocumentRecord } from '@mcdewey/core';
import { plural } from '@mcdewey/core/ranking';
import { breadcrumbs } from './breadcrumbs.js';
import { chunkText } from './chunk-text.js';
import type { Highlighter } from './highlight.js';
import { html, type SafeHtml } from './html.js';
import { chunkLabel, headingPath, longPageLabel, shortPageLabel } from './labels.js';
import type { DocumentKey, PageLinks } from './links.js';

/** Display names of the document formats. */
export const FORMAT_NAMES: Record<DocumentRecord['format'], string> = { pdf: 'PDF', html: 'HTML', markdown: 'Markdown', text: 'Text' };

/** The fields of a document the view shows. */
export type ViewDocument = Pick<DocumentRecord, 'vendor' | 'version' | 'group' | 'doc' | 'title' | 'source' | 'format' | 'chunkCount' | 'pageCount'>;

/** The fields of a chunk the view shows. */
export type ViewChunk = Pick<ChunkRecord, 'id' | 'n' | 'headings' | 'page' | 'pageEnd' | 'pageLabel' | 'pageLabelEnd' | 'text' | 'code'>;

/** A run of chunks `[from, to)`. */
export interface ChunkRange {
  from: number;
  to: number;
}

/**
 * How much of a long document the view draws at once. A document of up to `whole` chunks is drawn
 * whole; a longer one (the HAProxy configuration manual is 1.8 MB) from `before` chunks above the
 * target, `size` chunks in all, and the rest `step` chunks at a time as the reader scrolls.
 */
export const DOCUMENT_WINDOW = { whole: 150, before: 20, size: 80, step: 60 } as const;

/** The chunks to draw first: all of a short document, else a window around `target` (or from `from`). */
export function documentWindow(chunkCount: number, at: { target?: number | undefined; from?: number | undefined } = {}): ChunkRange {
  if (chunkCount <= DOCUMENT_WINDOW.whole) return { from: 0, to: chunkCount };
  const start = at.from ?? (at.target === undefined ? 0 : at.target - DOCUMENT_WINDOW.before);
  const from = Math.max(0, Math.min(start, chunkCount - DOCUMENT_WINDOW.size));
  return { from, to: Math.min(chunkCount, from + DOCUMENT_WINDOW.size) };
}

/** What the document view needs. */
export interface DocumentViewData {
  document: ViewDocument;
  /** Every chunk of the document, in order. */
  chunks: readonly ViewChunk[];
  /** The chunk to mark (`?chunk=N` on the server; the static site's script marks `#chunk-N`). */
  target?: number | undefined;
  /** URL of the original file, when the site serves it. */
  original?: string | undefined;
  /** Why the original PDF is not linked, shown beside the document's facts. */
  originalUnavailable?: string | undefined;
  /** The query that led here: carried on the view's links, its words marked by `highlighter`. */
  query?: string | undefined;
  highlighter?: Highlighter | undefined;
  /** The chunks drawn (default: all). The others are loaded by the page's script as the reader scrolls. */
  range?: ChunkRange | undefined;
  /** Without script: the view drawn from chunk `from` (the links of the chunks not drawn). */
  rangeLink?: ((from: number) => string) | undefined;
}

/**
 * The document, one anchored section per chunk (`#chunk-N`), every paged chunk with its page in
 * the gutter (in bold where a new page starts); a toolbar for the target chunk. A long document is
 * drawn in part (`range`), with a placeholder above and below that the script fills as you scroll.
 */
export function documentView(links: PageLinks, data: DocumentViewData): SafeHtml {
  const { document, chunks, original } = data;
  const target = data.target === undefined ? undefined : chunks[data.target];
  const range = data.range ?? { from: 0, to: chunks.length };
  const facts = [FORMAT_NAMES[document.format], document.pageCount !== undefined ? plural(document.pageCount, 'page') : undefined, plural(document.chunkCount, 'chunk')].filter(Boolean).join(' · ');
  const pdf = original !== undefined && document.format === 'pdf' ? original : undefined;
  return html`${breadcrumbs(links, { vendor: document.vendor, version: document.version, document })}<header class="doc-head"><h1>${document.title}</h1><p class="doc-facts"><code>${document.source}</code> · ${facts}${original ? html` · <a href="${original}">Original ${FORMAT_NAMES[document.format]}</a>` : ''}${!original && document.format === 'pdf' && data.originalUnavailable ? html` · <span class="original-unavailable">original PDF not available here: ${data.originalUnavailable}</span>` : ''}</p></header><nav class="doc-toolbar" id="doc-toolbar" aria-label="${target ? 'Current chunk' : 'Chunks'}" data-chunks="${chunks.length}"${pdf ? html` data-pdf="${pdf}"` : ''}>${documentToolbar(links, { document, chunkCount: chunks.length, target, pdf, query: data.query })}</nav><article class="document" aria-label="Document text">${documentSpan(links, data, range, { before: true, after: true })}</article>`;
}

/**
 * What a span of the view needs: the document's key, and its chunks by ordinal (only those of the
 * span and the one before it need be there: the static site's script loads no more).
 */
export type DocumentSpanData = Pick<DocumentViewData, 'target' | 'query' | 'highlighter' | 'rangeLink'> & {
  document: DocumentKey;
  chunks: readonly (ViewChunk | undefined)[];
};

/**
 * The sections of chunks `[from, to)`, with a placeholder for the chunks before (`before`) and
 * after (`after`) when there are any: what the view draws, and what the web app sends (and the
 * static site's script draws) for the next part of a long document.
 */
export function documentSpan(links: PageLinks, data: DocumentSpanData, range: ChunkRange, sides: { before: boolean; after: boolean }): SafeHtml {
  const { document, chunks, highlighter } = data;
  const target = data.target === undefined ? undefined : chunks[data.target];
  // Where the span goes on from what is drawn, a section named above is not named again; a span
  // drawn first, or put above, names the section it starts in.
  const previous = sides.before ? undefined : chunks[range.from - 1];
  let lastSection = previous ? previous.headings.join('\u0000') : '';
  let lastPage = previous ? (previous.pageEnd ?? previous.page) : undefined;
  const sections = chunks.slice(range.from, range.to).map((chunk) => {
    if (!chunk) throw new Error(`documentSpan: chunk ${range.from} to ${range.to - 1} of ${document.doc} not loaded`);
    const section = chunk.headings.join('\u0000');
    const showSection = section !== lastSection && chunk.headings.length > 0;
    lastSection = section;
    const newPage = chunk.page !== undefined && chunk.page !== lastPage;
    lastPage = chunk.pageEnd ?? chunk.page;
    const isTarget = chunk === target;
    return html`<section id="chunk-${chunk.n}" class="doc-chunk${isTarget ? ' is-target' : ''}" data-id="${chunk.id}"${chunk.page !== undefined ? html` data-page="${chunk.page}" data-page-end="${chunk.pageEnd ?? chunk.page}"${chunk.pageLabel !== undefined ? html` data-page-label="${chunk.pageLabel}" data-page-label-end="${chunk.pageLabelEnd ?? chunk.pageLabel}"` : ''}` : ''}${isTarget ? html` aria-current="location"` : ''}>${showSection ? html`<p class="doc-section">${headingPath(chunk.headings)}</p>` : ''}<div class="doc-gutter"><a class="anchor" href="${links.document(document, chunk.n, data.query)}" aria-label="Link to ${chunkLabel(chunk.n)}">#${chunk.n}</a>${chunk.page !== undefined ? html`<span class="doc-page${newPage ? ' new-page' : ''}">${shortPageLabel(chunk)}</span>` : ''}<a class="card-link" href="${links.chunk(chunk.id, data.query)}" aria-label="Card of ${chunkLabel(chunk.n)}">card</a></div><div class="chunk-text">${chunkText(chunk, highlighter)}</div></section> `;
  });
  const step = DOCUMENT_WINDOW.step;
  const before = sides.before && range.from > 0 ? notDrawn(data, { from: Math.max(0, range.from - step), to: range.from }, 'before') : '';
  const after = sides.after && range.to < chunks.length ? notDrawn(data, { from: range.to, to: Math.min(chunks.length, range.to + step) }, 'after') : '';
  return html`${before}${sections}${after}`;
}

/** The placeholder of chunks not drawn: the script loads `data-from`–`data-to` when it nears the viewport. */
function notDrawn(data: DocumentSpanData, next: ChunkRange, side: 'before' | 'after'): SafeHtml {
  const missing = side === 'before' ? `chunks 0–${next.to - 1}` : `chunks ${next.from}–${data.chunks.length - 1}`;
  const text = data.rangeLink ? html`<a href="${data.rangeLink(next.from)}">Show ${missing}</a>` : html`Loading ${missing}…`;
  return html`<p class="doc-more" data-side="${side}" data-from="${next.from}" data-to="${next.to}">${text}</p> `;
}

/** What the toolbar of the document view shows. */
export interface ToolbarData {
  document: DocumentKey;
  chunkCount: number;
  /** The target chunk, if any. */
  target?: Pick<ViewChunk, 'id' | 'n' | 'page' | 'pageEnd' | 'pageLabel' | 'pageLabelEnd'> | undefined;
  /** URL of the original PDF (opened at the target's page). */
  pdf?: string | undefined;
  /** The query that led here, carried on the toolbar's links. */
  query?: string | undefined;
}

/**
 * The inside of the document view's toolbar: the target chunk with its page, previous and next,
 * its card and the PDF at its page; or, with no target, the chunk count and a start link.
 */
export function documentToolbar(links: PageLinks, data: ToolbarData): SafeHtml {
  const { document, chunkCount, target, pdf, query } = data;
  if (!target) {
    return html`<span>${plural(chunkCount, 'chunk')}</span>${chunkCount > 0 ? html` <a href="${links.document(document, 0, query)}">Start at ${chunkLabel(0)}</a>` : ''}`;
  }
  const page = longPageLabel(target);
  return html`<a class="toolbar-target" href="#chunk-${target.n}">Chunk ${target.n}${page ? ` · ${page}` : ''}</a>${target.n > 0 ? html`<a rel="prev" href="${links.document(document, target.n - 1, query)}">← Previous chunk</a>` : ''}${target.n + 1 < chunkCount ? html`<a rel="next" href="${links.document(document, target.n + 1, query)}">Next chunk →</a>` : ''}<a href="${links.chunk(target.id, query)}">Chunk card</a>${pdf && target.page !== undefined ? html`<a class="pdf-link" href="${pdf}#page=${target.page}">Open PDF at page ${target.page}</a>` : ''}`;
}
