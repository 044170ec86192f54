import { describe, expect, it } from 'vitest';
import {
  chunkCard,
  documentToolbar,
  documentView,
  documentsBody,
  errorNotice,
  html,
  pageShell,
  resultsFragment,
  searchForm,
  vendorsBody,
  versionsBody,
  type SearchFormData,
  type SiteFacts,
} from '../src/index.js';
import { ESCAPED, HOSTILE, chunk, document, key, leaks, rawLinks, response, serverResultsPage, stringPaths, vendors, withHostile } from './fixtures.js';

/**
 * Every renderer, with hostile text put in each string field of its input in turn: nothing leaks
 * into the markup unescaped, in text or in attributes (links are built from ids and slugs too).
 */
const renderers: Record<string, { input: unknown; render: (input: never) => string }> = {
  'results fragment': {
    input: response(),
    render: (shown: ReturnType<typeof response>) =>
      resultsFragment(rawLinks, {
        outcome: { kind: 'results', response: shown, milliseconds: 3 },
        searchAgain: (changes) => rawLinks.search(changes),
        vendors,
        stats: { vendors: 1, documents: 1 },
        searchRuns: 'browser',
      }).value,
  },
  'results fragment: error': {
    input: { message: 'bad' },
    render: (error: { message: string }) =>
      resultsFragment(rawLinks, { outcome: { kind: 'error', message: error.message }, searchAgain: () => '/', vendors, stats: { vendors: 1, documents: 1 }, searchRuns: 'server' }).value,
  },
  'results fragment: introduction': {
    input: vendors,
    render: (shown: typeof vendors) =>
      resultsFragment(rawLinks, { outcome: { kind: 'empty' }, searchAgain: () => '/', vendors: shown, stats: { vendors: 1, documents: 1 }, searchRuns: 'server' }).value,
  },
  'search form': {
    input: {
      action: '/',
      values: { q: 'snapshot', vendor: 'acme', version: 'v2', group: 'guide', mode: 'lexical' },
      hidden: { interpret: '0' },
      vendors,
      groups: [{ group: 'guide', vendors: ['acme'] }],
      modes: ['hybrid', 'lexical'],
      maxQueryLength: 1000,
      searchRuns: 'browser',
      model: 'test-model',
    } satisfies SearchFormData,
    render: (form: SearchFormData) => searchForm(form).value,
  },
  'chunk card': {
    input: { chunk: chunk(1), previousId: 'acme::v2::guide::backup::0', nextId: 'acme::v2::guide::backup::2', pdf: '/files/backup.pdf' },
    render: (data: { chunk: ReturnType<typeof chunk>; previousId: string; nextId: string; pdf: string }) =>
      chunkCard(rawLinks, { chunk: data.chunk, chunkCount: 3, previousId: data.previousId, nextId: data.nextId, originalAt: (page) => `${data.pdf}#page=${page}` }).value,
  },
  'document view': {
    input: { document, chunks: [chunk(0), chunk(1)], original: '/files/backup.pdf' },
    render: (data: { document: typeof document; chunks: ReturnType<typeof chunk>[]; original: string }) => documentView(rawLinks, { ...data, target: 1 }).value,
  },
  'document toolbar': {
    input: { key, id: 'acme::v2::guide::backup::1', pdf: '/files/backup.pdf' },
    render: (data: { key: typeof key; id: string; pdf: string }) =>
      documentToolbar(rawLinks, { document: data.key, chunkCount: 3, target: { id: data.id, n: 1, page: 2, pageEnd: 3 }, pdf: data.pdf }).value,
  },
  'browse: vendors': { input: vendors, render: (shown: typeof vendors) => vendorsBody(rawLinks, shown).value },
  'browse: versions': { input: vendors[0], render: (vendor: (typeof vendors)[number]) => versionsBody(rawLinks, vendor).value },
  'browse: documents': {
    input: { vendor: 'acme', version: 'v2', documents: [document] },
    render: (data: { vendor: string; version: string; documents: (typeof document)[] }) => documentsBody(rawLinks, data.vendor, data.version, data.documents).value,
  },
  'error notice': { input: { heading: 'Not found', message: 'No such page' }, render: (error: { heading: string; message: string }) => errorNotice(rawLinks, error.heading, error.message).value },
  'page shell': {
    input: {
      site: { name: 'Docs', stats: { vendors: 1, documents: 2, chunks: 3 }, searchRuns: 'server', semantic: true, mcpPath: '/mcp', apiPath: '/api' } satisfies SiteFacts,
      page: { title: 'Backups', bodyClass: 'page-x', bodyData: { base: '/docs' }, stylesheet: '/style.css', script: '/app.js', preload: ['/data/site.json'] },
    },
    render: (data: { site: SiteFacts; page: { title: string; bodyClass: string; bodyData: Record<string, string>; stylesheet: string; script: string; preload: string[] } }) =>
      pageShell(rawLinks, data.site, { ...data.page, section: 'search', body: html`<p>body</p>` }),
  },
};

describe('hostile text in every field is escaped', () => {
  for (const [name, { input, render }] of Object.entries(renderers)) {
    it(name, () => {
      // Every string but the enumerations (a hostile mode is not a mode) and the hashes no page shows.
      const paths = stringPaths(input).filter((path) => !path.some((step) => ['mode', 'modes', 'searchRuns', 'format', 'contentHash', 'hash', 'metadata'].includes(String(step))));
      expect(paths.length).toBeGreaterThan(0);
      expect(leaks(render(input as never))).toBe(false);
      let shown = 0;
      for (const path of paths) {
        const page = render(withHostile(input, path) as never);
        expect(leaks(page), `${name}: ${path.join('.')}`).toBe(false);
        if (page.includes(ESCAPED)) shown++;
      }
      // Most fields are shown (hashes and ids used only in keys are not), and shown escaped.
      expect(shown).toBeGreaterThan(paths.length / 2);
    });
  }
});

describe('what the shared pages say', () => {
  it('a result: title, badge, page range, section, highlight, other versions, more in the document', () => {
    const page = resultsFragment(rawLinks, {
      outcome: { kind: 'results', response: response(), milliseconds: 3.4 },
      searchAgain: (changes) => rawLinks.search(changes),
      vendors,
      stats: { vendors: 1, documents: 1 },
      searchRuns: 'server',
    }).value;
    expect(page).toContain('<p class="summary">1 result for “snapshot” · hybrid · 3 ms</p>');
    expect(page).toContain('<span class="badge" title="vendor and version">acme <span class="badge-version">v2</span></span>');
    expect(page).toContain('<span class="result-page">pages 2–3</span>');
    expect(page).toContain('Take a <mark>snapshot</mark> now');
    expect(page).toContain('Same text also in <a href="/chunk/acme::v1::guide::backup::0?q=snapshot">v1</a>');
    expect(page).toContain('1 more in this document: <a href="/chunk/acme::v2::guide::backup::1?q=snapshot" title="Restore it">Restore</a>');
    expect(page).toContain('<a href="/doc/acme/v2/guide/backup?q=snapshot#chunk-0"><span aria-hidden="true">↗</span> View in doc context</a>');
    expect(page).toContain('<strong>No strong match.</strong>');
    expect(page).toContain('Understood: <span class="chip">acme v2');
  });

  it('in the browser the summary names the ranking and a lexical-only site says so', () => {
    const page = resultsFragment(rawLinks, {
      outcome: { kind: 'results', response: { ...response(), mode: 'lexical' }, milliseconds: 9 },
      searchAgain: () => '/',
      vendors,
      stats: { vendors: 1, documents: 1 },
      searchRuns: 'browser',
      lexicalOnly: true,
    }).value;
    expect(page).toContain('· lexical (BM25) · 9 ms in your browser');
    expect(page).toContain('exported without an embedding model');
  });

  it('the chunk card: the section as heading, the page linked to the PDF, breadcrumbs, neighbours', () => {
    const page = chunkCard(rawLinks, { chunk: chunk(1), chunkCount: 3, previousId: 'p', nextId: 'n', originalAt: (at) => `/files/backup.pdf#page=${at}` }).value;
    expect(page).toContain('<h1 id="card-title">Restore</h1>');
    expect(page).toContain('<tr><th scope="row">title</th><td>Backups</td></tr>');
    expect(page).toContain('<tr><th scope="row">page</th><td><a href="/files/backup.pdf#page=2" class="pdf-link">pp. 2–3</a></td></tr>');
    expect(page).toContain('<li><a href="/browse//">Browse</a></li><li><a href="/browse/acme/">acme</a></li><li><a href="/browse/acme/v2">v2</a></li><li>guide</li>');
    expect(page).toContain('<li><span aria-current="page">chunk 1</span></li>');
    expect(page).toContain('<div class="chunk-text"><p>Take a snapshot.</p><p>Restore it.</p></div>');
    expect(page).toContain('<span class="pager-position">chunk 1 of 0–2</span>');
  });

  it('the chunk card with printed pages: cites them, links the physical page, and copies the citation line', () => {
    const labelled = { ...chunk(1), page: 29, pageEnd: 29, pageLabel: '23' };
    const page = chunkCard(rawLinks, {
      chunk: labelled,
      chunkCount: 3,
      originalAt: (at) => `/files/backup.pdf#page=${at}`,
      citationUrl: 'https://docs.example.com/chunk/acme::v2::guide::backup::1',
    }).value;
    expect(page).toContain('<a href="/files/backup.pdf#page=29" class="pdf-link">p. 23 (PDF page 29)</a>');
    expect(page).toContain(
      '<button type="button" class="copy copy-citation" data-copy="acme v2 · Backups · Restore · p. 23 (PDF page 29) · acme::v2::guide::backup::1 · https://docs.example.com/chunk/acme::v2::guide::backup::1" hidden>Copy citation</button>',
    );
    expect(page).not.toContain('not available here');
  });

  it('a fetched chunk: "View on vendor site" beside "View in doc context" on the card and the result; only http(s) links', () => {
    const fetched = { ...chunk(1), sourceUrl: 'https://docs.example.com/backup.html#restore' };
    const card = chunkCard(rawLinks, { chunk: fetched, chunkCount: 3 }).value;
    const vendorLink =
      '<a class="context-link vendor-link" href="https://docs.example.com/backup.html#restore" rel="external noopener noreferrer"><span aria-hidden="true">↗</span> View on vendor site</a>';
    expect(card).toContain(`View in doc context</a> ${vendorLink}</span></header>`);
    expect(chunkCard(rawLinks, { chunk: chunk(1), chunkCount: 3 }).value).not.toContain('vendor site');
    expect(chunkCard(rawLinks, { chunk: { ...chunk(1), sourceUrl: 'javascript:alert(1)' }, chunkCount: 3 }).value).not.toContain('vendor site');
    const base = response();
    const withUrl = { ...base, results: base.results.map((result) => ({ ...result, sourceUrl: 'https://docs.example.com/backup.html#restore' })) };
    const results = serverResultsPage(withUrl);
    expect(results).toContain(
      'View in doc context</a> <a href="https://docs.example.com/backup.html#restore" rel="external noopener noreferrer"><span aria-hidden="true">↗</span> View on vendor site</a></p>',
    );
  });

  it('the chunk card says why the original PDF is not linked, and only for a paged chunk without a link', () => {
    const page = chunkCard(rawLinks, { chunk: chunk(1), chunkCount: 3, originalUnavailable: `the original file ${HOSTILE} is missing` }).value;
    expect(page).toContain(`<p class="original original-unavailable muted">The original PDF is not available here: the original file ${ESCAPED} is missing.</p>`);
    expect(page).not.toContain('pdf-link');
    const linked = chunkCard(rawLinks, { chunk: chunk(1), chunkCount: 3, originalAt: () => '/f.pdf', originalUnavailable: 'x' }).value;
    expect(linked).not.toContain('not available here');
  });

  it('the document view: every paged chunk shows its pages, a new page in bold; the target is marked', () => {
    const page = documentView(rawLinks, { document, chunks: [chunk(0), { ...chunk(1), page: 2, pageEnd: 2 }], target: 1, original: '/files/backup.pdf' }).value;
    expect(page).toContain('<span class="doc-page new-page">pp. 1–2</span>');
    expect(page).toContain('<span class="doc-page">p. 2</span>');
    expect(page).toMatch(/<section id="chunk-1" class="doc-chunk is-target" data-id="acme::v2::guide::backup::1" data-page="2" data-page-end="2" aria-current="location">/);
    expect(page).toContain('<a class="toolbar-target" href="#chunk-1">Chunk 1 · page 2</a>');
    expect(page).toContain('<a class="pdf-link" href="/files/backup.pdf#page=2">Open PDF at page 2</a>');
    expect(page).toContain('PDF · 3 pages · 2 chunks · <a href="/files/backup.pdf">Original PDF</a>');
  });
});
