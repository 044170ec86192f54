/** Where a chunk sits in a paged document: its first and last physical page (1-based) and their printed labels. */
export interface PageSpan {
  page?: number | undefined;
  pageEnd?: number | undefined;
  /** The printed label of `page` ("23", "iv"), when the PDF's labels differ from the physical numbers. */
  pageLabel?: string | undefined;
  /** The printed label of `pageEnd`. */
  pageLabelEnd?: string | undefined;
}

/**
 * The one page-range label every surface shows (CLI, MCP, web app, static site): "27", or
 * "27–28" (en dash) when the chunk runs over several pages; "" for a chunk without pages
 * (HTML, Markdown, text). Physical pages: what `#page=27` links open.
 */
export function pageRange(span: PageSpan): string {
  if (span.page === undefined) return '';
  return span.pageEnd !== undefined && span.pageEnd !== span.page ? `${span.page}–${span.pageEnd}` : String(span.page);
}

/**
 * The printed page range, as the book numbers its pages: "23", "23–24", "iv–2"; "" when the
 * chunk has no printed labels (then the physical `pageRange` is the citation).
 */
export function printedPageRange(span: PageSpan): string {
  if (span.page === undefined || span.pageLabel === undefined) return '';
  const spread = span.pageEnd !== undefined && span.pageEnd !== span.page;
  return spread ? `${span.pageLabel}–${span.pageLabelEnd ?? span.pageLabel}` : span.pageLabel;
}

/**
 * How every surface cites a chunk's pages: "p. 23 (PDF page 29)" and "pp. 23–24 (PDF pages
 * 29–30)" when the PDF prints its own numbers, "p. 29" / "pp. 29–30" when it does not; `long`
 * spells out "page 23 (PDF page 29)" / "pages 29–30". "" for a chunk without pages.
 */
export function pageCitation(span: PageSpan, style: 'short' | 'long' = 'short'): string {
  const physical = pageRange(span);
  if (physical === '') return '';
  const spread = physical.includes('–');
  const word = style === 'long' ? (spread ? 'pages' : 'page') : spread ? 'pp.' : 'p.';
  const printed = printedPageRange(span);
  if (printed === '') return `${word} ${physical}`;
  const printedSpread = printed.includes('–');
  const printedWord = style === 'long' ? (printedSpread ? 'pages' : 'page') : printedSpread ? 'pp.' : 'p.';
  return `${printedWord} ${printed} (PDF ${spread ? 'pages' : 'page'} ${physical})`;
}
