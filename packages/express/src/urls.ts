import type { DocumentRecord } from '@mcdewey/core';

/**
 * Every link the app makes, relative to the router's mount path (`req.baseUrl`). Chunk and
 * document ids are slugs joined by `::`, so they stay readable in a path; anything else is
 * percent-encoded.
 */
export class Urls {
  constructor(readonly base: string) {}

  home(): string {
    return `${this.base}/`;
  }

  /** The search page with these query-string values (empty ones left out; a list repeats its key). */
  search(params: Record<string, string | readonly string[] | undefined>): string {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) for (const item of typeof value === 'string' ? [value] : (value ?? [])) if (item) query.append(key, item);
    const text = query.toString();
    return text ? `${this.base}/?${text}` : `${this.base}/`;
  }

  chunk(id: string): string {
    return `${this.base}/chunk/${idSegment(id)}`;
  }

  /** The document view, scrolled to chunk `n` when given. */
  document(documentId: string, n?: number): string {
    const path = `${this.base}/doc/${idSegment(documentId)}`;
    return n === undefined ? path : `${path}?chunk=${n}#chunk-${n}`;
  }

  /** The original file of a document, at a PDF page when given. */
  file(document: Pick<DocumentRecord, 'source'>, page?: number): string {
    const path = `${this.base}/files/${document.source.split('/').map(encodeURIComponent).join('/')}`;
    return page === undefined ? path : `${path}#page=${page}`;
  }

  browse(vendor?: string, version?: string): string {
    return [`${this.base}/browse`, vendor, version].filter((part) => part !== undefined).map((part, i) => (i === 0 ? part : encodeURIComponent(part!))).join('/');
  }

  asset(name: string, version: string): string {
    return `${this.base}/assets/${name}?v=${version}`;
  }

  mcp(): string {
    return `${this.base}/mcp`;
  }
}

function idSegment(id: string): string {
  return encodeURIComponent(id).replace(/%3A/gi, ':');
}

