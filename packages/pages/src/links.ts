/** The four slugs that name a document (`vendor::version::group::doc`). */
export interface DocumentKey {
  vendor: string;
  version: string;
  group: string;
  doc: string;
}

/** Query-string values of a search page link (empty ones are left out; a list repeats its key). */
export type SearchParams = Record<string, string | readonly string[] | undefined>;

/**
 * Every link a page makes. The web app links under its mount path (`/docs/chunk/<id>`); the static
 * site links relative to the page (`../../chunk.html?id=<id>`). The renderers only ever ask this.
 */
export interface PageLinks {
  /** The search page. */
  home(): string;
  /** The search page with these query-string values. */
  search(params: SearchParams): string;
  /** Browse: every vendor, one vendor's versions, or one version's documents. */
  browse(vendor?: string, version?: string): string;
  /** A chunk's card; `query` is carried along (`?q=`) so the card highlights its words. */
  chunk(id: string, query?: string): string;
  /** A document's view, scrolled to chunk `n` when given; `query` is carried along like the card's. */
  document(key: DocumentKey, n?: number, query?: string): string;
}
