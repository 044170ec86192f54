import type { ChunkRecord, DocumentRecord, SearchResponse, VendorSummary } from '@mcdewey/core';
import { escapeHtml, resultsFragment, type DocumentKey, type PageLinks, type SearchParams } from '../src/index.js';

/** Text that breaks out of a text node or either kind of quoted attribute if it is not escaped. */
export const HOSTILE = `"'><script>alert(1)</script><img src=x onerror=alert(2)>&amp;`;

/** What HOSTILE must look like in a page: escaped, once per place it is shown. */
export const ESCAPED = escapeHtml(HOSTILE);

/** True when `page` holds any piece of HOSTILE unescaped. */
export function leaks(page: string): boolean {
  return page.includes('<script>alert') || page.includes('<img src=x') || page.includes(`"'>`) || page.includes('&amp;"');
}

/** Links that put their arguments into URLs as they are, so the renderers' escaping is what is tested. */
export const rawLinks: PageLinks = {
  home: () => '/',
  search: (params: SearchParams) =>
    `/?${Object.entries(params)
      .map(([name, value]) => `${name}=${String(value)}`)
      .join('&')}`,
  browse: (vendor?: string, version?: string) => `/browse/${vendor ?? ''}/${version ?? ''}`,
  chunk: (id: string, query?: string) => `/chunk/${id}${query ? `?q=${query}` : ''}`,
  document: (key: DocumentKey, n?: number, query?: string) => `/doc/${key.vendor}/${key.version}/${key.group}/${key.doc}${query ? `?q=${query}` : ''}${n === undefined ? '' : `#chunk-${n}`}`,
};

export const key = { vendor: 'acme', version: 'v2', group: 'guide', doc: 'backup' };

export const document: DocumentRecord = {
  ...key,
  id: 'acme::v2::guide::backup',
  source: 'acme/v2/guide/backup.pdf',
  title: 'Backups',
  format: 'pdf',
  contentHash: 'x',
  bytes: 1,
  chunkCount: 2,
  pageCount: 3,
  metadata: {},
};

export function chunk(n: number): ChunkRecord {
  return {
    ...key,
    id: `acme::v2::guide::backup::${n}`,
    n,
    source: 'acme/v2/guide/backup.pdf',
    title: 'Backups',
    headings: ['Backups', 'Restore'],
    page: n + 1,
    pageEnd: n + 2,
    text: 'Take a snapshot.\n\nRestore it.',
    start: 0,
    end: 1,
    hash: 'x',
  };
}

export const vendors: VendorSummary[] = [{ vendor: 'acme', versions: [{ version: 'v2', documents: 1, chunks: 2 }] }];

export function response(): SearchResponse {
  return {
    query: 'snapshot',
    mode: 'hybrid',
    offset: 0,
    total: 1,
    totalExact: true,
    embedder: 'test-model',
    notice: 'A notice',
    noStrongMatch: true,
    interpreted: { vendor: 'acme', version: 'v2', corrected: 'snapshot' },
    suggestions: [
      { message: 'Try this', query: 'snapshots' },
      { message: 'Or this', filters: { vendor: 'acme' } },
    ],
    results: [
      {
        ...key,
        id: 'acme::v2::guide::backup::0',
        score: 1,
        title: 'Backups',
        headings: ['Restore'],
        page: 2,
        pageEnd: 3,
        source: 'acme/v2/guide/backup.pdf',
        snippet: 'Take a snapshot now',
        highlights: [[7, 15]],
        alsoIn: [{ id: 'acme::v1::guide::backup::0', version: 'v1' }],
        more: [{ id: 'acme::v2::guide::backup::1', score: 1, headings: ['Restore'], snippet: 'Restore it', highlights: [] }],
      },
    ],
  };
}

/** A copy of `value` with the string at `path` replaced by HOSTILE. */
export function withHostile<T>(value: T, path: readonly (string | number)[]): T {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let at = copy;
  for (const step of path.slice(0, -1)) at = at[step] as Record<string | number, unknown>;
  at[path.at(-1)!] = HOSTILE;
  return copy as T;
}

/** Paths of every string field in `value` (through objects and arrays). */
export function stringPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [prefix];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringPaths(item, [...prefix, i]));
  if (value !== null && typeof value === 'object') return Object.entries(value).flatMap(([name, item]) => stringPaths(item, [...prefix, name]));
  return [];
}

/** The results fragment of a search the server ran, answering `shown`, with `rawLinks`. */
export function serverResultsPage(shown: SearchResponse): string {
  return resultsFragment(rawLinks, { outcome: { kind: 'results', response: shown, milliseconds: 1 }, searchAgain: () => '/', vendors, stats: { vendors: 1, documents: 1 }, searchRuns: 'server' })
    .value;
}
