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
  source: string;
  text: string;
}

/** A result's own fields: the citable chunk, its score and a short snippet. */
export interface ResultItem {
  /** The chunk id, `vendor::version::group::doc::n`. */
  id: string;
  /** The fused score in hybrid mode, BM25 in lexical mode, cosine similarity in semantic mode. */
  score: number;
  vendor: string;
  version: string;
  group: string;
  doc: string;
  title: string;
  headings: string[];
  page?: number;
  pageEnd?: number;
  source: string;
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
  snippet: string;
  highlights: [number, number][];
}

/** Snippet length of the chunks listed under a result (`more`): shorter than the result's own. */
const MORE_SNIPPET_LENGTH = 140;

/** A result item for a chunk, with its snippet around the query's terms. */
export function resultItem(chunk: ResultChunk, score: number, terms: readonly string[], normalize: (token: string) => string | null, snippetLength: number): ResultItem {
  const snippet = makeSnippet(chunk.text, terms, normalize, snippetLength);
  return {
    id: chunk.id,
    score,
    vendor: chunk.vendor,
    version: chunk.version,
    group: chunk.group,
    doc: chunk.doc,
    title: chunk.title,
    headings: chunk.headings,
    ...(chunk.page !== undefined ? { page: chunk.page, pageEnd: chunk.pageEnd } : {}),
    source: chunk.source,
    snippet: snippet.text,
    highlights: snippet.highlights,
  };
}

/** The entry of a result's `more` list for another chunk of its document. */
export function moreItem(chunk: ResultChunk, score: number, terms: readonly string[], normalize: (token: string) => string | null): MoreInDocument {
  const snippet = makeSnippet(chunk.text, terms, normalize, MORE_SNIPPET_LENGTH);
  return {
    id: chunk.id,
    score,
    headings: chunk.headings,
    ...(chunk.page !== undefined ? { page: chunk.page, pageEnd: chunk.pageEnd } : {}),
    snippet: snippet.text,
    highlights: snippet.highlights,
  };
}
