import type { DocumentFormat } from './ingest/types.js';

/** Where a document sits in the corpus: `vendor/version/group/doc.ext`. */
export interface DocumentKey {
  vendor: string;
  version: string;
  group: string;
  doc: string;
}

/** One citable chunk, as stored in the index (`chunks.jsonl`). */
export interface ChunkRecord extends DocumentKey {
  /** `vendor::version::group::doc::n`. */
  id: string;
  /** 0-based ordinal of the chunk in its document. */
  n: number;
  /** Path of the source file inside the corpus, with `/` separators. */
  source: string;
  /** Title of the document. */
  title: string;
  /** Heading path above the chunk, outermost first. */
  headings: string[];
  /** 1-based physical PDF page the chunk starts on (paged formats only). */
  page?: number;
  /** 1-based physical PDF page the chunk ends on (paged formats only). */
  pageEnd?: number;
  text: string;
  /** Character offsets `[start, end)` of the chunk in the document's extracted text. */
  start: number;
  end: number;
  /** sha256 (hex, first 16 chars) of `text`: identical chunks across versions share it. */
  hash: string;
}

/** One document, as stored in the index (`documents.jsonl`). */
export interface DocumentRecord extends DocumentKey {
  /** `vendor::version::group::doc`. */
  id: string;
  source: string;
  title: string;
  format: DocumentFormat;
  /** sha256 of the file's bytes (hex). */
  contentHash: string;
  bytes: number;
  chunkCount: number;
  pageCount?: number;
  /** Front matter or PDF info. */
  metadata: Record<string, string>;
}

/** Filters applied inside every search leg. Each accepts one value or several. */
export interface SearchFilters {
  vendor?: string | string[];
  version?: string | string[];
  group?: string | string[];
  doc?: string | string[];
}

/** The vendors of an index and their version slugs (what a query's names are read against). */
export interface VendorCatalog {
  vendors: readonly { vendor: string; versions: readonly string[] }[];
}

export type SearchMode = 'lexical' | 'semantic' | 'hybrid';
