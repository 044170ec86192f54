import type { SourceDocument } from '../query/source.js';

/**
 * Chunks of one paged document (a PDF manual) at most this many chunks apart are one place in the
 * result list; farther ones are results of their own. A manual of hundreds of pages answers many
 * questions in different chapters, and a reader cites it by page, so one result per file would hide
 * the right page under another one's `more`. About three chunks fill a page, so this is two to
 * three pages either way. Documents without pages stay one place each.
 */
export const PAGED_PLACE_SPAN = 5;

/**
 * Names the place of each row, for grouping results: the document's id, or for a paged document
 * the id and the first row of the place it joins. Rows must be asked best first: a row joins the
 * nearest better row of its document within {@link PAGED_PLACE_SPAN}, else starts a place.
 * Make one per grouping pass.
 */
export function placeNamer(): (row: number, document: SourceDocument) => string {
  const anchors = new Map<string, number[]>();
  return (row, document) => {
    if (!document.pageCount) return document.id;
    let seen = anchors.get(document.id);
    if (!seen) anchors.set(document.id, (seen = []));
    let nearest: number | undefined;
    for (const anchor of seen) {
      if (Math.abs(anchor - row) <= PAGED_PLACE_SPAN && (nearest === undefined || Math.abs(anchor - row) < Math.abs(nearest - row))) nearest = anchor;
    }
    if (nearest !== undefined) return `${document.id}@${nearest}`;
    seen.push(row);
    return `${document.id}@${row}`;
  };
}
