/** The formats McDewey reads, chosen by file extension. */
export type DocumentFormat = 'pdf' | 'html' | 'markdown' | 'text';

/** One structural piece of an extracted document, in reading order. */
export interface Block {
  /** `heading` starts a section; `code` and `table` are never split when avoidable. */
  kind: 'heading' | 'paragraph' | 'code' | 'table' | 'list';
  /** Heading level 1..6 (only for `kind: 'heading'`). */
  level?: number;
  /** Plain text of the block (code keeps its line breaks; table rows are one line each). */
  text: string;
  /** 1-based physical PDF page the block starts on (PDF only). */
  page?: number;
  /** The heading's fragment id on its page (`id` of the heading or of its section), so a link can open at it (HTML headings only). */
  anchor?: string;
}

/** What a reader extracts from one file, before chunking. */
export interface ExtractedDocument {
  format: DocumentFormat;
  /** Document title: front matter `title`, `<title>`/first `<h1>`, PDF metadata/outline, or the file name. */
  title: string;
  blocks: Block[];
  /** Front matter or PDF info, kept as metadata (never as searchable text). */
  metadata: Record<string, string>;
  /** Number of physical pages (PDF only). */
  pageCount?: number;
  /**
   * The printed page label of each physical page ("iv", "23"; index 0 is page 1), when the PDF
   * defines labels that differ from the physical numbers (PDF only).
   */
  pageLabels?: string[];
}

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
  /**
   * The printed page label of `page` ("23" where the book's page 23 is the PDF's page 29), when
   * the PDF's labels differ from the physical numbers. Links still use `page`.
   */
  pageLabel?: string;
  /** The printed page label of `pageEnd`, when it differs from `page` and `pageLabel` is set. */
  pageLabelEnd?: string;
  text: string;
  /** Character offsets `[start, end)` of the chunk in the document's extracted text. */
  start: number;
  end: number;
  /**
   * `[start, end)` offsets into `text` of the code and preformatted text the chunk holds (kept
   * verbatim: line breaks and indentation), in order; absent when it holds none.
   */
  code?: [number, number][];
  /** sha256 (hex, first 16 chars) of `text`: identical chunks across versions share it. */
  hash: string;
  /**
   * Where the chunk can be read on the vendor's site: the document's source URL (from the fetch
   * manifest, see `mcdewey fetch`) with the section's `#anchor` when its heading has an id, or
   * `#page=N` for a PDF. Absent for documents that were not fetched.
   */
  sourceUrl?: string;
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
  /** The URL the document was fetched from (`mcdewey fetch`), when it was. */
  sourceUrl?: string;
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
