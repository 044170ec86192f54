import { makeSnippet } from './snippet.js';

/** What a result is made of: a chunk's citation fields and its text. */
export interface ResultChunk {
  id: string;
  vendor: string;
  version: string;
  group: string;
  doc: string;
  title: string;
  headings: string[];
  page?: number;
  pageEnd?: number;
  /** Printed page labels of `page` and `pageEnd`, when the PDF's labels differ from the physical numbers. */
  pageLabel?: string;
  pageLabelEnd?: string;
  source: string;
  /** Where the chunk can be read on the vendor's site (fetched documents only). */
  sourceUrl?: string;
  text: string;
}

/** A result's own fields: the citable chunk (without its text), its score and a short snippet. */
export interface ResultItem extends Omit<ResultChunk, 'text'> {
  /** The chunk id, `vendor::version::group::doc::n`. */
  id: string;
  /** The fused score in hybrid mode, BM25 in lexical mode, cosine similarity in semantic mode. */
  score: number;
  /** A short passage around the query's words. */
  snippet: string;
  /** `[start, end)` offsets of the matched words in `snippet`. */
  highlights: [number, number][];
}

/** Another matching chunk of a result's document. */
export interface MoreInDocument {
  id: string;
  score: number;
  headings: string[];
  page?: number;
  pageEnd?: number;
  /** Printed page labels of `page` and `pageEnd`, when the PDF's labels differ from the physical numbers. */
  pageLabel?: string;
  pageLabelEnd?: string;
  snippet: string;
  highlights: [number, number][];
}

/** Snippet length of the chunks listed under a result (`more`): shorter than the result's own. */
const MORE_SNIPPET_LENGTH = 140;

/** A result item for a chunk, with its snippet around the query's terms. */
export function resultItem(chunk: ResultChunk, score: number, terms: readonly string[], normalize: (token: string) => string | null, snippetLength: number): ResultItem {
  const snippet = makeSnippet(withoutLeadingHeadings(chunk), terms, normalize, snippetLength);
  return {
    id: chunk.id,
    score,
    vendor: chunk.vendor,
    version: chunk.version,
    group: chunk.group,
    doc: chunk.doc,
    title: chunk.title,
    headings: chunk.headings,
    ...pageFields(chunk),
    source: chunk.source,
    ...(chunk.sourceUrl !== undefined ? { sourceUrl: chunk.sourceUrl } : {}),
    snippet: snippet.text,
    highlights: snippet.highlights,
  };
}

/** The entry of a result's `more` list for another chunk of its document. */
export function moreItem(chunk: ResultChunk, score: number, terms: readonly string[], normalize: (token: string) => string | null): MoreInDocument {
  const snippet = makeSnippet(withoutLeadingHeadings(chunk), terms, normalize, MORE_SNIPPET_LENGTH);
  return {
    id: chunk.id,
    score,
    headings: chunk.headings,
    ...pageFields(chunk),
    snippet: snippet.text,
    highlights: snippet.highlights,
  };
}

/** A paged chunk's physical pages and, when it has them, their printed labels. */
function pageFields(chunk: ResultChunk): Pick<ResultItem, 'page' | 'pageEnd' | 'pageLabel' | 'pageLabelEnd'> {
  if (chunk.page === undefined) return {};
  return {
    page: chunk.page,
    pageEnd: chunk.pageEnd,
    ...(chunk.pageLabel !== undefined ? { pageLabel: chunk.pageLabel } : {}),
    ...(chunk.pageLabelEnd !== undefined ? { pageLabelEnd: chunk.pageLabelEnd } : {}),
  };
}

/**
 * The chunk's text after the heading lines it opens with: a result shows its headings above the
 * snippet, so the snippet does not repeat them ("Restore › Restore a snapshot", not "Restore
 * Restore a snapshot"). A chunk that is nothing but headings keeps its text.
 */
export function withoutLeadingHeadings(chunk: Pick<ResultChunk, 'text' | 'headings'>): string {
  const headings = new Set(chunk.headings.map(normalizeSpace));
  let rest = chunk.text;
  for (;;) {
    const line = /^\s*([^\n]*)/.exec(rest)!;
    const heading = line[1] ?? '';
    if (heading === '' || !headings.has(normalizeSpace(heading))) break;
    rest = rest.slice(line[0].length);
  }
  return rest.trim() === '' ? chunk.text : rest;
}

function normalizeSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
