import type { MoreInDocument } from '@mcdewey/core';
import { pageCitation, type PageSpan } from '@mcdewey/core/ranking';
import { html, type SafeHtml } from './html.js';

/**
 * The labels every page shows, written once. The pages themselves ("p. 23 (PDF page 29)",
 * "p. 27") are core's `pageCitation`, the same one the CLI and MCP print.
 */

/** "p. 27" / "pp. 27–28", "p. 23 (PDF page 29)" with printed labels (gutters, "more in this document"); "" without a page. */
export function shortPageLabel(span: PageSpan): string {
  return pageCitation(span);
}

/** "page 27" / "pages 27–28", "page 23 (PDF page 29)" with printed labels (result lines, toolbars, titles); "" without a page. */
export function longPageLabel(span: PageSpan): string {
  return pageCitation(span, 'long');
}

/**
 * The chunk card's heading: for a PDF the section the chunk is in (its innermost heading, else the
 * document title), its pages going in the card's page row; for other formats the document title.
 */
export function cardHeading(chunk: PageSpan & { title: string; headings: readonly string[] }): string {
  return chunk.page === undefined ? chunk.title : (chunk.headings.at(-1) ?? chunk.title);
}

/** "Installing (acme v2)": a document or chunk named with its vendor and version. */
export function withVersion(title: string, key: { vendor: string; version: string }): string {
  return `${title} (${key.vendor} ${key.version})`;
}

/** The `<title>` of a chunk card: "Guide, page 27 (acme v2)". */
export function chunkPageTitle(chunk: PageSpan & { title: string; vendor: string; version: string }): string {
  const pages = longPageLabel(chunk);
  return withVersion(`${chunk.title}${pages ? `, ${pages}` : ''}`, chunk);
}

/** The vendor-and-version badge of a result: "acme **v2**". */
export function versionBadge(key: { vendor: string; version: string }): SafeHtml {
  return html`<span class="badge" title="vendor and version">${key.vendor} <span class="badge-version">${key.version}</span></span>`;
}

/** A heading path, outermost first, separated by ›. */
export function headingPath(headings: readonly string[]): SafeHtml {
  return html`${headings.map((heading, i) => html`${i > 0 ? html`<span class="sep" aria-hidden="true"> › </span>` : ''}<span>${heading}</span>`)}`;
}

/** Where another matching chunk of a document is: "p. 12" for PDFs, else its innermost heading, else its place. */
export function moreLabel(other: Pick<MoreInDocument, 'id' | 'headings' | 'page' | 'pageEnd' | 'pageLabel' | 'pageLabelEnd'>): string {
  const pages = shortPageLabel(other);
  if (pages !== '') return pages;
  return other.headings.at(-1) ?? chunkLabel(chunkNumber(other.id));
}

/**
 * "chunk 7": how every page names a chunk (breadcrumb, pager, document view, toolbar), with the
 * `n` of its id (`…::7`), counted from 0 like the id, so the three never disagree.
 */
export function chunkLabel(n: number): string {
  return `chunk ${n}`;
}

/** "chunk 7 of 0–11": a chunk's place among its document's chunks, numbered like its id. */
export function chunkPosition(n: number, chunkCount: number): string {
  return `${chunkLabel(n)} of 0–${Math.max(0, chunkCount - 1)}`;
}

/** The `n` of a chunk id `vendor::version::group::doc::n`. */
export function chunkNumber(id: string): number {
  return Number(id.slice(id.lastIndexOf('::') + 2));
}
