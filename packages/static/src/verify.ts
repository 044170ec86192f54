import { McdeweyError, search, type Library, type SearchFilters } from '@mcdewey/core';
import { StaticLibrary, type SiteLoader } from './client/engine.js';

/** One check query: text and filters. */
interface Probe {
  query: string;
  filters: SearchFilters;
}

/**
 * Runs sample queries (document titles, chunk headings and opening words, some filtered by
 * vendor) through core's lexical search and through the site's own search over the files just
 * written, and stops the export if any differ in results, order, folded duplicates or the other
 * chunks listed under a result: a site whose search disagreed with `mcdewey search` would be
 * worse than none.
 * @throws McdeweyError `SITE_RANKING_MISMATCH` naming the first query that differs.
 */
export async function verifyRanking(library: Library, loader: SiteLoader, count = 24): Promise<number> {
  const site = await StaticLibrary.open(loader);
  let checked = 0;
  for (const probe of probes(library, count)) {
    const expected = await search(library, probe.query, { mode: 'lexical', limit: 10, filters: probe.filters });
    const actual = await site.search(probe.query, { mode: 'lexical', limit: 10, filters: probe.filters });
    const describe = (results: readonly { id: string; alsoIn?: { id: string }[]; more?: { id: string }[] }[]) =>
      results.map((result) => [result.id, ...(result.alsoIn ?? []).map((other) => other.id)].join('+') + (result.more ?? []).map((other) => ` ${other.id}`).join(''));
    const want = describe(expected.results);
    const got = describe(actual.results);
    const first = want.findIndex((id, i) => id !== got[i]);
    if (want.length !== got.length || first >= 0) {
      throw new McdeweyError(
        'SITE_RANKING_MISMATCH',
        `The static search ranks "${probe.query}" differently from core (result ${first + 1}: core ${want[first] ?? 'none'}, site ${got[first] ?? 'none'}); the index may have been built by another McDewey version (re-ingest it), or this @mcdewey/static does not match this @mcdewey/core`,
        { details: { query: probe.query, filters: probe.filters } },
      );
    }
    checked++;
  }
  return checked;
}

function probes(library: Library, count: number): Probe[] {
  const out: Probe[] = [];
  const { documents, chunkCount } = library;
  if (chunkCount === 0) return out;
  const quarter = Math.max(1, Math.floor(count / 4));
  for (let i = 0; i < quarter && i < documents.length; i++) {
    const document = documents[Math.floor((i * documents.length) / quarter)]!;
    out.push({ query: document.title, filters: {} });
    out.push({ query: document.title, filters: { vendor: document.vendor } });
  }
  for (let i = 0; i < quarter; i++) {
    const chunk = library.chunkAt(Math.floor((i * chunkCount) / quarter));
    const heading = chunk.headings.at(-1);
    if (heading) out.push({ query: heading, filters: {} });
    out.push({ query: chunk.text.split(/\s+/).slice(0, 8).join(' '), filters: {} });
  }
  return out.filter((probe) => probe.query.trim().length > 0 && probe.query.length <= 1000 && /[\p{L}\p{N}]/u.test(probe.query));
}
