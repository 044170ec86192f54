import { termNormalizer } from '@mcdewey/core/ranking';
import { describe, expect, it } from 'vitest';
import {
  DOCUMENT_WINDOW,
  chunkCard,
  documentSpan,
  documentView,
  documentWindow,
  documentsBody,
  pageShell,
  queryHighlighter,
  resultFacets,
  resultsFragment,
  searchForm,
  type SearchFormData,
  type SiteFacts,
} from '../src/index.js';
import { ESCAPED, HOSTILE, chunk, document, leaks, rawLinks, response, vendors } from './fixtures.js';

/** Core's normaliser over English stop words (the few the tests need). */
const normalize = termNormalizer(['the', 'a', 'of', 'to']);

const site: SiteFacts = { name: 'McDewey', stats: { vendors: 1, documents: 1, chunks: 2 }, searchRuns: 'server', semantic: true };
const shellPage = { title: 'T', body: { value: '' } as never, stylesheet: '/s.css', script: '/a.js' };

describe('search from anywhere', () => {
  it('every page but the search page has a search box in its header, holding the query that led there', () => {
    const chunkPage = pageShell(rawLinks, site, { ...shellPage, section: 'other', query: 'etcd snapshot' });
    expect(chunkPage).toContain('<form class="site-search" role="search" action="/" method="get">');
    expect(chunkPage).toContain('<input id="site-q" name="q" type="search" value="etcd snapshot"');
    expect(chunkPage).toContain('aria-keyshortcuts="/ Control+K"');
    expect(pageShell(rawLinks, site, { ...shellPage, section: 'browse' })).toContain('id="site-q"');
    // The search page has its own form (one box, one id).
    expect(pageShell(rawLinks, site, { ...shellPage, section: 'search' })).not.toContain('site-q');
    const hostile = pageShell(rawLinks, site, { ...shellPage, section: 'other', query: HOSTILE });
    expect(leaks(hostile)).toBe(false);
    expect(hostile).toContain(`value="${ESCAPED}"`);
  });

  it('result links carry the query (as corrected) to the card and the document view', () => {
    const shown = { ...response(), interpreted: { corrected: 'snapshots' } };
    const page = resultsFragment(rawLinks, {
      outcome: { kind: 'results', response: shown, milliseconds: 1 },
      searchAgain: () => '/',
      vendors,
      stats: { vendors: 1, documents: 1 },
      searchRuns: 'server',
    }).value;
    expect(page).toContain('<a class="result-link" href="/chunk/acme::v2::guide::backup::0?q=snapshots">');
    expect(page).toContain('href="/doc/acme/v2/guide/backup?q=snapshots#chunk-0"');
    expect(page).toContain('href="/chunk/acme::v2::guide::backup::1?q=snapshots"');
  });

  it('marks the words search matched: stemmed like core ("snapshots" marks "snapshot"), stop words not', () => {
    const highlighter = queryHighlighter('the Snapshots of etcd', normalize)!;
    const text = 'Take a snapshot of the etcd data; a snap is not one, a SNAPSHOT is.';
    expect(highlighter.ranges(text).map(([from, to]) => text.slice(from, to))).toEqual(['snapshot', 'etcd', 'SNAPSHOT']);
    expect(queryHighlighter('the of', normalize)).toBeUndefined();
    expect(queryHighlighter('  ', normalize)).toBeUndefined();
    expect(queryHighlighter(undefined, normalize)).toBeUndefined();
  });

  it('the card marks the words in its text and carries the query on its links', () => {
    const page = chunkCard(rawLinks, {
      chunk: { ...chunk(1), text: `Restore a <b>snapshot</b>.\n\n${HOSTILE}` },
      chunkCount: 3,
      previousId: 'p',
      nextId: 'n',
      query: 'snapshots',
      highlighter: queryHighlighter('snapshots', normalize),
    }).value;
    expect(page).toContain('<p>Restore a &lt;b&gt;<mark>snapshot</mark>&lt;/b&gt;.</p>');
    expect(leaks(page)).toBe(false);
    expect(page).toContain('href="/chunk/p?q=snapshots"');
    expect(page).toContain('href="/chunk/n?q=snapshots"');
    expect(page).toContain('href="/doc/acme/v2/guide/backup?q=snapshots#chunk-1"');
  });

  it('the document view marks the words in every chunk it draws', () => {
    const page = documentView(rawLinks, { document, chunks: [chunk(0), chunk(1)], query: 'snapshot', highlighter: queryHighlighter('snapshot', normalize) }).value;
    expect(page.match(/<mark>snapshot<\/mark>/g)).toHaveLength(2);
    expect(page).toContain('href="/chunk/acme::v2::guide::backup::0?q=snapshot"');
  });
});

describe('lists that scale', () => {
  const results = (count: number, limit: number, page: { offset: number; total: number; totalExact: boolean; next?: number }) =>
    resultsFragment(rawLinks, {
      outcome: { kind: 'results', response: { ...response(), noStrongMatch: false, ...page, results: Array.from({ length: count }, () => response().results[0]!) }, milliseconds: 1 },
      searchAgain: (changes) => rawLinks.search(changes),
      vendors,
      stats: { vendors: 1, documents: 1 },
      searchRuns: 'server',
      limit,
    }).value;

  it('says the total ("about" for an estimate) and links to the next page; a later page numbers on and links back', () => {
    const first = results(10, 10, { offset: 0, total: 2009, totalExact: false, next: 10 });
    expect(first).toContain('<p class="summary">About 2,009 results for');
    expect(first).toContain('<a href="/?offset=10&amp;limit=10" rel="next" data-more>More results</a>');
    expect(first).not.toContain('rel="prev"');
    const exact = results(4, 10, { offset: 0, total: 4, totalExact: true });
    expect(exact).toContain('<p class="summary">4 results for');
    expect(exact).not.toContain('More results');
    const second = results(10, 10, { offset: 10, total: 25, totalExact: true, next: 20 });
    expect(second).toContain('<p class="summary">25 results for “snapshot” · results 11–20 ·');
    expect(second).toContain('<ol class="results" start="11">');
    // (The test's links write an unset value as "undefined"; the web app and site leave it out.)
    expect(second).toContain('<a href="/?offset=undefined&amp;limit=10" rel="prev">Previous 10</a>');
    expect(second).toContain('href="/?offset=20&amp;limit=10" rel="next"');
    const last = results(5, 10, { offset: 20, total: 25, totalExact: true });
    expect(last).not.toContain('data-more');
    expect(results(1, 10, { offset: 0, total: 1, totalExact: true })).toContain('<p class="summary">1 result for');
  });

  it('facets count the results shown by vendor and version, each a link that filters', () => {
    const shown = [
      { vendor: 'acme', version: 'v2' },
      { vendor: 'acme', version: 'v1' },
      { vendor: 'acme', version: 'v2' },
      { vendor: 'beta', version: '1.0' },
    ];
    const facets = String(resultFacets((changes) => rawLinks.search(changes), shown, true));
    expect(facets).toContain('In the 4 results shown');
    expect(facets).toContain('<a href="/?vendor=acme&amp;version=undefined&amp;limit=undefined">acme <span class="facet-count">3</span></a>');
    expect(facets).toContain('<a href="/?vendor=acme&amp;version=v2&amp;limit=undefined">acme v2 <span class="facet-count">2</span></a>');
    expect(facets.indexOf('acme v2')).toBeLessThan(facets.indexOf('acme v1'));
    expect(String(resultFacets(() => '/', [{ vendor: 'acme', version: 'v2' }], false))).toBe('');
  });

  it('browse: groups and documents in natural order, an index of groups, a filter box drawn for the script', () => {
    const documents = ['upgrade-3-10', 'upgrade-3-9', 'intro'].flatMap((doc) => ['guide', 'api'].map((group) => ({ ...document, group, doc, title: `${group} ${doc}` })));
    const page = documentsBody(rawLinks, 'acme', 'v2', documents).value;
    expect([...page.matchAll(/<li><a href="\/doc\/acme\/v2\/(\w+)\/([\w-]+)">/g)].map((match) => `${match[1]}/${match[2]}`)).toEqual([
      'api/intro',
      'api/upgrade-3-9',
      'api/upgrade-3-10',
      'guide/intro',
      'guide/upgrade-3-9',
      'guide/upgrade-3-10',
    ]);
    expect(page).toContain('<nav class="group-index" aria-label="Groups">');
    expect(page).toContain('<div class="list-filter" hidden>');
    expect(page).toContain('<label for="doc-filter">Filter documents</label>');
  });

  it('a long document is drawn around its target; placeholders say which chunks wait and link to them', () => {
    expect(documentWindow(DOCUMENT_WINDOW.whole)).toEqual({ from: 0, to: DOCUMENT_WINDOW.whole });
    expect(documentWindow(1000, { target: 500 })).toEqual({ from: 480, to: 560 });
    expect(documentWindow(1000, { target: 5 })).toEqual({ from: 0, to: 80 });
    expect(documentWindow(1000, { target: 999 })).toEqual({ from: 920, to: 1000 });
    expect(documentWindow(1000, { from: 300 })).toEqual({ from: 300, to: 380 });

    const chunks = Array.from({ length: 1000 }, (_, n) => ({ ...chunk(n), headings: [`Part ${Math.floor(n / 100)}`] }));
    const data = { document: { ...document, chunkCount: 1000 }, chunks, target: 500, range: documentWindow(1000, { target: 500 }), rangeLink: (from: number) => `/doc?from=${from}` };
    const page = documentView(rawLinks, data).value;
    expect(page.match(/<section id="chunk-/g)).toHaveLength(80);
    expect(page).toContain('id="chunk-480"');
    expect(page).not.toContain('id="chunk-479"');
    expect(page).toContain('<p class="doc-more" data-side="before" data-from="420" data-to="480"><a href="/doc?from=420">Show chunks 0–479</a></p>');
    expect(page).toContain('<p class="doc-more" data-side="after" data-from="560" data-to="620"><a href="/doc?from=560">Show chunks 560–999</a></p>');
    // The first chunk drawn shows its section even when the chunk before it (not drawn) had the same.
    expect(page).toContain('<p class="doc-section"><span>Part 4</span></p>');
    expect(page).toContain('data-chunks="1000"');

    // The next part: its chunks and the placeholder after them only.
    const part = documentSpan(rawLinks, data, { from: 560, to: 620 }, { before: false, after: true }).value;
    expect(part.match(/<section id="chunk-/g)).toHaveLength(60);
    expect(part).not.toContain('data-side="before"');
    expect(part).toContain('data-side="after" data-from="620" data-to="680"');
    // Part 5 started at chunk 500, before this part: not repeated where the part goes on at 560.
    expect(part).not.toContain('<span>Part 5</span>');
    expect(part).toContain('<p class="doc-section"><span>Part 6</span></p>');
    // A part put above what is drawn names its first section.
    expect(documentSpan(rawLinks, data, { from: 420, to: 480 }, { before: true, after: false }).value).toContain('<p class="doc-section"><span>Part 4</span></p>');
  });
});

describe('phone', () => {
  const form: SearchFormData = { action: '/', values: { q: '', vendor: '', version: '', mode: '' }, vendors, modes: ['lexical'], maxQueryLength: 1000, searchRuns: 'server' };
  it('the filters sit in a disclosure, open when one is set and saying which', () => {
    expect(searchForm(form).value).toContain('<details class="filter-box">\n  <summary>Filters</summary>');
    const set = searchForm({ ...form, values: { ...form.values, vendor: 'acme', version: 'v2' } }).value;
    expect(set).toContain('<details class="filter-box" open>\n  <summary>Filters <span class="filter-summary">· acme v2</span></summary>');
  });
});
