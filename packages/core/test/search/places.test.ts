import { describe, expect, it } from 'vitest';
import type { SourceDocument } from '../../src/query/source.js';
import { memorySource } from '../../src/search/memory-source.js';
import { PAGED_PLACE_SPAN, placeNamer } from '../../src/search/places.js';
import { searchSource } from '../../src/search/run.js';
import type { ChunkRecord } from '../../src/types.js';

const FILLER = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima'];

/** A document of `count` chunks; chunk `n` gets `words[n]` when given, else filler words. */
function documentChunks(doc: string, format: 'pdf' | 'html', count: number, words: Record<number, string>): ChunkRecord[] {
  return Array.from({ length: count }, (_, n) => {
    const text = words[n] ?? `${FILLER[n % FILLER.length]} ${FILLER[(n * 5 + 3) % FILLER.length]} filler passage number ${n}`;
    return {
      id: `acme::v1::manuals::${doc}::${n}`,
      vendor: 'acme',
      version: 'v1',
      group: 'manuals',
      doc,
      n,
      source: `acme/v1/manuals/${doc}.${format}`,
      title: doc,
      headings: [],
      ...(format === 'pdf' ? { page: 1 + Math.floor(n / 3), pageEnd: 1 + Math.floor(n / 3) } : {}),
      text,
      start: 0,
      end: text.length,
      hash: `${doc}-${n}`,
    };
  });
}

describe('placeNamer', () => {
  const pdf: SourceDocument = { id: 'acme::v1::manuals::book', vendor: 'acme', version: 'v1', group: 'manuals', doc: 'book', pageCount: 40 };
  const page: SourceDocument = { id: 'acme::v1::manuals::page', vendor: 'acme', version: 'v1', group: 'manuals', doc: 'page' };

  it('names a paged document by the place each row joins, best rows first', () => {
    const name = placeNamer();
    const placeOf = (row: number) => name(row, pdf);
    expect(placeOf(50)).toBe(`${pdf.id}@50`);
    expect(placeOf(50 + PAGED_PLACE_SPAN)).toBe(`${pdf.id}@50`);
    expect(placeOf(50 - PAGED_PLACE_SPAN - 1)).toBe(`${pdf.id}@${50 - PAGED_PLACE_SPAN - 1}`);
    // A row between two places joins the nearer one.
    expect(placeOf(50 - PAGED_PLACE_SPAN + 1)).toBe(`${pdf.id}@${50 - PAGED_PLACE_SPAN - 1}`);
  });

  it('names a document without pages by its id, however far apart its rows are', () => {
    const name = placeNamer();
    const placeOf = (row: number) => name(row, page);
    expect(placeOf(3)).toBe(page.id);
    expect(placeOf(300)).toBe(page.id);
  });
});

describe('search results of a long PDF', () => {
  // The same two passages, far apart, in a PDF manual and in an HTML page.
  const words = { 2: 'configure the widget cache size', 3: 'the widget cache keeps entries', 40: 'widget cache eviction policy explained' };
  const source = memorySource([...documentChunks('book', 'pdf', 60, words), ...documentChunks('page', 'html', 60, words)]);

  it('lists far-apart places of one PDF as results of their own, with nearby chunks under `more`', async () => {
    const response = await searchSource(source, 'widget cache', { mode: 'lexical', filters: { doc: 'book' }, maxPerDocument: 1 });
    const ids = response.results.map((result) => result.id);
    expect(ids).toHaveLength(2);
    expect(ids).toContain('acme::v1::manuals::book::40');
    // Chunks 2 and 3 are one place: the better leads, the other is listed under it.
    const near = response.results.find((result) => result.id !== 'acme::v1::manuals::book::40')!;
    const nearPair = ['acme::v1::manuals::book::2', 'acme::v1::manuals::book::3'];
    expect(nearPair).toContain(near.id);
    expect(near.more?.map((more) => more.id)).toEqual(nearPair.filter((id) => id !== near.id));
  });

  it('keeps one result per HTML document, the far passage under `more`', async () => {
    const response = await searchSource(source, 'widget cache', { mode: 'lexical', filters: { doc: 'page' }, maxPerDocument: 1 });
    expect(response.results).toHaveLength(1);
    expect(response.results[0]!.more).toHaveLength(2);
  });
});
