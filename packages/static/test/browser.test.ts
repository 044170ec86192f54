import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest, openIndex, pageCitation, resultTotal, search, type Library } from '@mcdewey/core';
import { exportSite } from '../src/index.js';
import { HAS_CHROMIUM } from '@mcdewey/test-support/chromium';
import { closeAll } from '@mcdewey/test-support/close-all';
import { startStaticServer, type StaticServer } from '@mcdewey/test-support/static-server';
import { SAMPLE_CORPUS, launchBrowser, screenshot, tempDir, type TestBrowser } from './helpers.js';

/** Core searching like the site: lexical (the site in these tests has no model). */
const AS_SITE = { mode: 'lexical' } as const;

/**
 * The exported demo corpus in Debian's Chromium, served by a plain file server: search, filter,
 * open a chunk, view it in its document, browse; then the same site exported for `/docs/` and
 * served under that sub-path. No request may leave the site's origin.
 */
describe.skipIf(!HAS_CHROMIUM)('static site in a real browser', () => {
  const work = tempDir();
  let library: Library;
  let browser: TestBrowser;
  let server: StaticServer;
  let subServer: StaticServer;

  beforeAll(async () => {
    await ingest(SAMPLE_CORPUS, join(work.path, 'index'));
    library = await openIndex(join(work.path, 'index'));
    await exportSite(library, { outDir: join(work.path, 'site'), corpusDir: SAMPLE_CORPUS });
    await exportSite(library, { outDir: join(work.path, 'docs-site'), basePath: '/docs/' });
    server = await startStaticServer(join(work.path, 'site'));
    subServer = await startStaticServer(join(work.path, 'docs-site'), '/docs/');
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await closeAll(browser, server, subServer);
    work.cleanup();
  });

  const textOf = async (page: import('playwright-core').Page, selector: string) => {
    const locator = page.locator(selector).first();
    await locator.waitFor();
    return ((await locator.textContent()) ?? '').trim();
  };
  const resultIds = (page: import('playwright-core').Page) => page.$$eval('#results li.result', (items) => items.map((item) => (item as HTMLElement).dataset['id']));

  it('searches in the browser and shows what core finds', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}index.html`);
    expect(await textOf(page, '.tagline')).toMatch(/lexical search in your browser/);
    await page.fill('#q', 'restore etcd snapshot');
    await page.press('#q', 'Enter');
    await page.waitForSelector('#results li.result');
    const expected = await search(library, 'restore etcd snapshot', AS_SITE);
    expect(await resultIds(page)).toEqual(expected.results.map((result) => result.id));
    // Core's total, as core says it ("about" for an estimate).
    const total = resultTotal(expected).replace(/^a/, 'A');
    expect(await textOf(page, '#results .summary')).toContain(`${total} for “restore etcd snapshot” · lexical (BM25)`);
    expect(await textOf(page, '#search-status')).toContain(`${total} for “restore etcd snapshot”`);
    expect(await textOf(page, '#results .mode-note')).toMatch(/exported without an embedding model/);
    expect(await page.locator('#results mark').count()).toBeGreaterThan(3);
    // Each result lists its document's other matching chunks, linked to their cards.
    const more = expected.results.flatMap((result) => result.more ?? []);
    expect(more.length).toBeGreaterThan(0);
    expect(
      await page.locator('#results .more-in-doc a').evaluateAll((links) => links.map((link) => decodeURIComponent(new URL((link as HTMLAnchorElement).href).searchParams.get('id') ?? ''))),
    ).toEqual(more.map((other) => other.id));
    expect(page.url()).toContain('?q=restore+etcd+snapshot');
    await screenshot(page, 'search');
    await page.close();
  });

  it('filters by vendor and version, like core', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}index.html`);
    await page.selectOption('#vendor', 'lua');
    // Versions of other vendors are hidden once a vendor is chosen.
    expect(await page.locator('#version > option, #version optgroup:not([hidden]) > option').allTextContents()).toEqual(['All versions', 'v5.1', 'v5.2']);
    await page.selectOption('#version', 'v5.2');
    await page.fill('#q', 'coroutine');
    await page.click('form.search-form button[type=submit]');
    await page.waitForSelector('#results li.result');
    const expected = await search(library, 'coroutine', { ...AS_SITE, filters: { vendor: 'lua', version: 'v5.2' } });
    expect(expected.results.length).toBeGreaterThan(0);
    expect(await resultIds(page)).toEqual(expected.results.map((result) => result.id));
    expect(new Set(await page.locator('#results .badge-version').allTextContents())).toEqual(new Set(['v5.2']));
    await screenshot(page, 'filter');

    // Back restores the previous query from the URL.
    await page.goto(`${server.url}index.html?q=coroutine&vendor=lua`);
    await page.waitForSelector('#results li.result');
    const lua = await search(library, 'coroutine', { ...AS_SITE, filters: { vendor: 'lua' } });
    expect(await resultIds(page)).toEqual(lua.results.map((result) => result.id));
    expect(await page.inputValue('#vendor')).toBe('lua');
    await page.close();
  });

  it('opens a chunk card and views it in its document', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}index.html?q=${encodeURIComponent('gen_server call timeout')}`);
    await page.waitForSelector('#results li.result');
    const id = (await resultIds(page))[0]!;
    const chunk = library.getChunk(id);
    await page.click('#results li.result >> nth=0 >> a.result-link');
    await page.waitForSelector('article.card');
    expect(page.url()).toContain(`chunk.html?id=${encodeURIComponent(id)}`);
    expect(await textOf(page, '#chunk-id')).toBe(id);
    // A PDF card is headed by its section (its pages are in the page row), any other by the title.
    expect(await textOf(page, '#card-title')).toBe(chunk.page !== undefined ? (chunk.headings.at(-1) ?? chunk.title) : chunk.title);
    expect(await page.getByRole('button', { name: 'Copy citation' }).getAttribute('data-copy')).toContain(` · ${id} · http`);
    expect(await textOf(page, '.card-meta')).toContain(chunk.source);
    expect(await textOf(page, '.context-link')).toBe('↗ View in doc context');
    // The text in paragraphs (blank lines part them), all of it.
    const words = (text: string) => text.replace(/\s+/g, ' ').trim();
    expect(words((await page.locator('.card .chunk-text :is(p, pre code)').allTextContents()).join(' '))).toBe(words(chunk.text));
    if (chunk.page !== undefined) expect(await page.locator('.card-meta a.pdf-link').getAttribute('href')).toMatch(new RegExp(`files/${chunk.source}#page=${chunk.page}$`));
    await screenshot(page, 'chunk');

    await page.click('.context-link');
    await page.waitForSelector(`#chunk-${chunk.n}.is-target`);
    // The query comes along (its words are marked in the document).
    expect(page.url()).toMatch(new RegExp(`doc/${chunk.vendor}/${chunk.version}/${chunk.group}/${chunk.doc}\\.html\\?q=gen_server%20call%20timeout#chunk-${chunk.n}$`));
    // The printed pages too ("pages 67–68 (PDF pages 69–70)"), read back from the section's data attributes.
    expect(await textOf(page, '#doc-toolbar .toolbar-target')).toBe(`Chunk ${chunk.n}${chunk.page !== undefined ? ` · ${pageCitation(chunk, 'long')}` : ''}`);
    expect(
      await page.locator(`#chunk-${chunk.n}`).evaluate((element) => {
        const box = element.getBoundingClientRect();
        return box.top < window.innerHeight && box.bottom > 0;
      }),
    ).toBe(true);
    expect(await page.locator('.doc-chunk.is-target').count()).toBe(1);
    await screenshot(page, 'document');

    // Next chunk moves the highlight; the card link goes back to the card.
    await page.click('#doc-toolbar a[rel=next]');
    await page.waitForSelector(`#chunk-${chunk.n + 1}.is-target`);
    await page.click('#doc-toolbar a:text("Chunk card")');
    const nextId = `${chunk.vendor}::${chunk.version}::${chunk.group}::${chunk.doc}::${chunk.n + 1}`;
    await page.waitForFunction((expected) => document.querySelector('#chunk-id')?.textContent === expected, nextId);
    await page.close();
  });

  it('browses vendors, versions and documents', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}index.html`);
    await page.click('.site-nav a:text("Browse")');
    await page.click('.browse-list a:text("etcd")');
    await page.click('.version-list a:text("v3.6")');
    expect(await textOf(page, 'h1')).toBe('etcd v3.6');
    await screenshot(page, 'browse');
    await page.locator('.doc-list a').first().click();
    await page.waitForSelector('article.document');
    expect(page.url()).toMatch(/\/doc\/etcd\/v3\.6\/.+\.html$/);
    await page.goto(`${server.url}chunk.html?id=etcd::v3.6::nope::nope::0`);
    expect(await textOf(page, '.notice-error h1')).toBe('Chunk not found');
    await page.close();
  });

  it('works under a sub-path (--base-path /docs/)', async () => {
    const page = await browser.newPage();
    await page.goto(`${subServer.url}index.html`);
    await page.fill('#q', 'metatable __index');
    await page.press('#q', 'Enter');
    await page.waitForSelector('#results li.result');
    const expected = await search(library, 'metatable __index', AS_SITE);
    expect(await resultIds(page)).toEqual(expected.results.map((result) => result.id));
    await page.click('#results li.result >> nth=0 >> a.result-link');
    await page.waitForSelector('article.card');
    await page.click('.context-link');
    await page.waitForSelector('.doc-chunk.is-target');
    await page.click('.breadcrumbs a:text("Browse")');
    expect(await textOf(page, 'h1')).toBe('Browse the library');
    await screenshot(page, 'subpath');

    // The 404 page is served at any URL and links absolutely under the base path.
    await page.goto(`${subServer.url}no/such/page.html`);
    expect(await textOf(page, '.notice-error h1')).toBe('Not found');
    await page.click('.notice-error a:text("browse")');
    expect(await textOf(page, 'h1')).toBe('Browse the library');

    const paths = subServer.log.map((entry) => entry.path);
    expect(paths.every((path) => path.startsWith('/docs/'))).toBe(true);
    expect(subServer.log.filter((entry) => entry.status !== 200).map((entry) => entry.path)).toEqual(['/docs/no/such/page.html']);
    await page.close();
  });

  it('never requested anything outside the site, and logged no errors', () => {
    expect(browser.requests.length).toBeGreaterThan(20);
    const outside = browser.requests.filter((url) => !url.startsWith(server.origin) && !url.startsWith(subServer.origin) && !url.startsWith('data:'));
    expect(outside).toEqual([]);
    // The only error is the deliberate 404 (Chromium logs failed loads).
    expect(browser.errors.filter((error) => !/404 \(Not Found\)/.test(error))).toEqual([]);
    expect(server.log.filter((entry) => entry.status !== 200)).toEqual([]);
  });
});
