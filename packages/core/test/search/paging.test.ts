import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isMcdeweyError } from '../../src/errors.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { openIndex } from '../../src/open.js';
import { search } from '../../src/search.js';
import type { SearchOptions, SearchResponse } from '../../src/search/options.js';
import type { Library } from '../../src/store/library.js';
import { SAMPLE_CORPUS, testdir } from '../helpers.js';

/** Queries with many results and the page size to walk them by: grouped by document, one document's chunks, and the cap with no `more`. */
const CASES: [string, SearchOptions, number][] = [
  ['configuration file', {}, 7],
  ['snapshot restore cluster', { mode: 'lexical' }, 7],
  ['cluster', { filters: { vendor: 'etcd' } }, 7],
  ['pattern', { filters: { doc: 'manual' } }, 7],
  ['member', { maxPerDocument: 1, moreLimit: 0, filters: { vendor: 'etcd' } }, 25],
];

/** Every page of a query by `size`, followed by `next` until there is none. */
async function allPages(library: Library, query: string, options: SearchOptions, size: number): Promise<SearchResponse[]> {
  const pages = [await search(library, query, { ...options, limit: size })];
  for (let next = pages[0]!.next; next !== undefined; next = pages[pages.length - 1]!.next) {
    pages.push(await search(library, query, { ...options, limit: size, offset: next }));
  }
  return pages;
}

describe('search totals and pages', () => {
  let library: Library;
  beforeAll(async () => {
    const index = join(testdir(), 'index');
    await ingest(SAMPLE_CORPUS, index);
    library = await openIndex(index);
  }, 120_000);

  it.each(CASES)('pages of "%s" (%o) by %i follow one list: no repeat, no gap, and as many as the total says', async (query, options, size) => {
    const pages = await allPages(library, query, options, size);
    const ids = pages.flatMap((page) => page.results.map((result) => result.id));
    expect(pages.length).toBeGreaterThan(2);
    expect(new Set(ids).size).toBe(ids.length);
    pages.forEach((page, i) => {
      expect(page.offset).toBe(i * size);
      expect(page.noStrongMatch).toBe(pages[0]!.noStrongMatch);
      if (i < pages.length - 1) expect(page.results).toHaveLength(size);
    });
    // The last page knows the length; the first page's count is it when exact, otherwise near it.
    const last = pages[pages.length - 1]!;
    expect(last.totalExact).toBe(true);
    expect(last.total).toBe(ids.length);
    const first = pages[0]!;
    // Estimates count near-identical passages of other versions apart: never fewer than the list holds.
    if (first.totalExact) expect(first.total).toBe(ids.length);
    else expect(first.total / ids.length).toBeGreaterThanOrEqual(1);
    expect(first.total / ids.length).toBeLessThan(1.6);
    // A list asked for at once (lexical: the same ranking at any depth) is the pages put together.
    if (options.mode === 'lexical' || options.filters) {
      const whole = await search(library, query, { ...options, limit: Math.min(200, ids.length + 5) });
      expect(whole.results.map((result) => result.id)).toEqual(ids);
    }
  });

  it('lists every document holding a query word, and counts them exactly when nothing folds', async () => {
    // etcd's documents are HTML and Markdown: no PDF places to estimate.
    const pages = await allPages(library, 'snapshot', { mode: 'lexical', collapseDuplicates: false, filters: { vendor: 'etcd' } }, 5);
    const ids = pages.flatMap((page) => page.results.map((result) => result.id));
    const documents = ids.map((id) => id.split('::').slice(0, 4).join('::'));
    const holding = library.documents
      .filter((document) => document.vendor === 'etcd')
      .filter((document) => library.getDocument(document.id).chunks.some((chunk) => /snapshot/i.test(`${chunk.title} ${chunk.headings.join(' ')} ${chunk.text}`)));
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(documents)).toEqual(new Set(holding.map((document) => document.id)));
    expect(pages[0]!.total).toBe(documents.length);
    expect(pages[0]!.totalExact).toBe(true);
  });

  it('says 0 when nothing matches, an empty page past the end, and refuses a bad offset naming it', async () => {
    const none = await search(library, 'zyxxq plorfing', { mode: 'lexical' });
    expect([none.total, none.totalExact, none.next]).toEqual([0, true, undefined]);
    const first = await search(library, 'snapshot', { mode: 'lexical' });
    const past = await search(library, 'snapshot', { mode: 'lexical', offset: 5000 });
    expect(past.results).toEqual([]);
    expect(past.next).toBeUndefined();
    expect(past.total).toBeLessThanOrEqual(first.total);
    for (const offset of [-1, 1.5, 10_001]) {
      const error = await search(library, 'snapshot', { offset }).catch((caught: unknown) => caught);
      expect(isMcdeweyError(error) && error.code === 'INVALID_ARGUMENT' && error.message.startsWith('offset must be')).toBe(true);
    }
  });
});
