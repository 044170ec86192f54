import { documentId, type DocumentRecord } from '@mcdewey/core';
import type { DocumentKey, PageLinks } from '@mcdewey/pages';

/**
 * Every link the app makes, relative to the router's mount path (`req.baseUrl`). Chunk and
 * document ids are slugs joined by `::`, so they stay readable in a path; anything else is
 * percent-encoded.
 */
export class Urls implements PageLinks {
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

  /** A chunk's card; `?q=` carries the query that led there (its words are marked). */
  chunk(id: string, query?: string): string {
    return `${this.base}/chunk/${idSegment(id)}${queryString({ q: query })}`;
  }

  /** The document view, scrolled to chunk `n` when given; `?q=` as for the card. */
  document(key: DocumentKey, n?: number, query?: string): string {
    const path = `${this.base}/doc/${idSegment(documentId(key))}`;
    return n === undefined ? `${path}${queryString({ q: query })}` : `${path}${queryString({ chunk: String(n), q: query })}#chunk-${n}`;
  }

  /** A long document's view drawn from chunk `from` (the links of the parts not drawn yet). */
  documentFrom(key: DocumentKey, from: number, query?: string): string {
    return `${this.base}/doc/${idSegment(documentId(key))}${queryString({ from: String(from), q: query })}#chunk-${from}`;
  }

  /** The original file of a document, at a PDF page when given. */
  file(document: Pick<DocumentRecord, 'source'>, page?: number): string {
    const path = `${this.base}/files/${document.source.split('/').map(encodeURIComponent).join('/')}`;
    return page === undefined ? path : `${path}#page=${page}`;
  }

  browse(vendor?: string, version?: string): string {
    return [`${this.base}/browse`, vendor, version]
      .filter((part) => part !== undefined)
      .map((part, i) => (i === 0 ? part : encodeURIComponent(part!)))
      .join('/');
  }

  asset(name: string, version: string): string {
    return `${this.base}/assets/${name}?v=${version}`;
  }

  mcp(): string {
    return `${this.base}/mcp`;
  }
}

/** `?a=1&b=2` of the values given (empty and undefined ones left out), or `''`. */
function queryString(values: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) query.set(key, value);
  const text = query.toString();
  return text ? `?${text}` : '';
}

function idSegment(id: string): string {
  return encodeURIComponent(id).replace(/%3A/gi, ':');
}
