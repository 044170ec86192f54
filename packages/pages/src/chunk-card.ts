import type { ChunkRecord } from '@mcdewey/core';
import { citationLine, pageCitation } from '@mcdewey/core/ranking';
import { breadcrumbs } from './breadcrumbs.js';
import { html, type SafeHtml } from './html.js';
import { chunkText } from './chunk-text.js';
import type { Highlighter } from './highlight.js';
import { cardHeading, chunkLabel, chunkPosition, headingPath } from './labels.js';
import type { PageLinks } from './links.js';
import { vendorSiteLink } from './vendor-link.js';

/** The fields of a chunk the card shows (core's `ChunkRecord` less offsets and hash). */
export type CardChunk = Pick<
  ChunkRecord,
  'id' | 'vendor' | 'version' | 'group' | 'doc' | 'n' | 'title' | 'source' | 'headings' | 'page' | 'pageEnd' | 'pageLabel' | 'pageLabelEnd' | 'text' | 'code' | 'sourceUrl'
>;

/** What the chunk card needs. */
export interface ChunkCardData {
  chunk: CardChunk;
  /** Chunks in the chunk's document. */
  chunkCount: number;
  previousId?: string | undefined;
  nextId?: string | undefined;
  /** The original PDF, when the site serves it: its URL at a page. */
  originalAt?: ((page: number) => string) | undefined;
  /** Why the original PDF is not linked ("the original file … is missing from the corpus folder"), shown on the card. */
  originalUnavailable?: string | undefined;
  /** The card's own absolute URL, ending the citation the "Copy citation" button copies (default: the source file). */
  citationUrl?: string | undefined;
  /** The query that led here: carried on the card's links, its words marked by `highlighter`. */
  query?: string | undefined;
  highlighter?: Highlighter | undefined;
}

/**
 * The chunk card, laid out like the card in DESIGN.md: its heading (a PDF's section) and "↗ View
 * in doc context" (and "↗ View on vendor site" for a fetched document), then page ("p. 23 (PDF page 29)") / source / chunk_id, a "Copy citation"
 * button, then the text; breadcrumbs above, neighbours below.
 */
export function chunkCard(links: PageLinks, data: ChunkCardData): SafeHtml {
  const { chunk, previousId, nextId, query } = data;
  const heading = cardHeading(chunk);
  const pages = pageCitation(chunk);
  const pdf = chunk.page !== undefined && data.originalAt ? data.originalAt(chunk.page) : undefined;
  const unavailable = chunk.page !== undefined && !pdf ? data.originalUnavailable : undefined;
  return html`${breadcrumbs(links, { vendor: chunk.vendor, version: chunk.version, document: chunk, current: chunkLabel(chunk.n) })}<article class="card" aria-labelledby="card-title"><header class="card-head"><h1 id="card-title">${heading}</h1><span class="card-links"><a class="context-link" href="${links.document(chunk, chunk.n, query)}"><span aria-hidden="true">↗</span> View in doc context</a> ${vendorSiteLink(chunk.sourceUrl, 'context-link vendor-link')}</span></header><table class="card-meta"><tbody>${
    pages ? html`<tr><th scope="row">page</th><td>${pdf ? html`<a href="${pdf}" class="pdf-link">${pages}</a>` : pages}</td></tr>` : ''
  }<tr><th scope="row">source</th><td><code>${chunk.source}</code></td></tr><tr><th scope="row">chunk_id</th><td><code id="chunk-id">${chunk.id}</code> <button type="button" class="copy" data-copy="${chunk.id}" hidden>Copy</button></td></tr>${
    chunk.page === undefined || heading === chunk.title ? '' : html`<tr><th scope="row">title</th><td>${chunk.title}</td></tr>`
  }${
    chunk.headings.length > 0 ? html`<tr><th scope="row">section</th><td>${headingPath(chunk.headings)}</td></tr>` : ''
  }</tbody></table><p class="citation"><button type="button" class="copy copy-citation" data-copy="${citationLine(chunk, data.citationUrl)}" hidden>Copy citation</button></p><div class="chunk-text">${chunkText(chunk, data.highlighter)}</div></article><nav class="pager" aria-label="Neighbouring chunks">${previousId ? html`<a rel="prev" href="${links.chunk(previousId, query)}">← Previous chunk</a>` : html`<span class="muted">First chunk</span>`}<span class="pager-position">${chunkPosition(chunk.n, data.chunkCount)}</span>${nextId ? html`<a rel="next" href="${links.chunk(nextId, query)}">Next chunk →</a>` : html`<span class="muted">Last chunk</span>`}</nav>${pdf ? html`<p class="original"><a href="${pdf}" class="pdf-link">Open the original PDF at page ${chunk.page}</a></p>` : ''}${unavailable ? html`<p class="original original-unavailable muted">The original PDF is not available here: ${unavailable}.</p>` : ''}`;
}

/** Where a chunk card goes while the static site's script loads it, with what to do without script. */
export function chunkCardPlaceholder(links: PageLinks): SafeHtml {
  return html`<div id="chunk-view" aria-live="polite"><p class="muted">Loading the chunk…</p></div><noscript><p class="notice">The chunk card needs JavaScript. Every chunk can be read in its document from <a href="${links.browse()}">Browse</a>.</p></noscript>`;
}
