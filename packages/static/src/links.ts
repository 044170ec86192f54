import type { DocumentKey, PageLinks, SearchParams } from '@mcdewey/pages';
import { documentPagePath } from './format.js';

/**
 * The static site's links, relative to a page at `root` (`''`, `'../'`, … the way back to the
 * site root), so the site works under any base path. The exporter and the browser script both use it.
 */
export class SiteLinks implements PageLinks {
  constructor(readonly root: string) {}

  home(): string {
    return `${this.root}index.html`;
  }

  search(params: SearchParams): string {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) for (const item of typeof value === 'string' ? [value] : (value ?? [])) if (item) query.append(key, item);
    const text = query.toString();
    return text ? `${this.home()}?${text}` : this.home();
  }

  browse(vendor?: string, version?: string): string {
    return `${this.root}browse/${[vendor, version]
      .filter((part) => part !== undefined)
      .map((part) => `${part}/`)
      .join('')}index.html`;
  }

  /** The chunk card page; `&q=` carries the query that led there (its words are marked). */
  chunk(id: string, query?: string): string {
    return `${this.root}chunk.html?id=${encodeURIComponent(id)}${query ? `&q=${encodeURIComponent(query)}` : ''}`;
  }

  /** A document's page, at chunk `n` when given; `?q=` as for the card. */
  document(key: DocumentKey, n?: number, query?: string): string {
    return `${this.root}${documentPagePath(key)}${query ? `?q=${encodeURIComponent(query)}` : ''}${n === undefined ? '' : `#chunk-${n}`}`;
  }
}
