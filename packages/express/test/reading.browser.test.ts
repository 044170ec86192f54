import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingest, openIndex, search, type Library } from '@mcdewey/core';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { VIEWPORTS, accessibilityProblems, axeViolations } from '@mcdewey/test-support/a11y';
import { HAS_CHROMIUM, launchChromium, onWatchedPage, watchedPage, type WatchedPage } from '@mcdewey/test-support/chromium';
import { closeAll } from '@mcdewey/test-support/close-all';
import { SAMPLE_CORPUS, TEST_OUTPUT, startTestServer, type TestServer } from './helpers.js';

const SCREENSHOTS = join(tmpdir(), 'mcdewey-screenshots', 'web');
const INDEX = join(TEST_OUTPUT, 'indexes', 'sample-corpus-reading');
/** The longest document of the demo corpus (514 chunks): drawn in part. */
const LONG_DOC = 'lua::v5.2::reference::manual';

let browser: Browser;
let server: TestServer;
let library: Library;

/**
 * The reading experience in Chromium (issue #16): a search box on every page with "/" and Ctrl-K,
 * the query carried to the card and the document and its words marked there, "N+ results" with
 * "More results" and facets, the filters behind a disclosure on a phone, browse with a filter box,
 * a long document drawn around its chunk and the rest loaded as you scroll; every page at desktop
 * and phone size passes axe-core's WCAG 2.2 AA rules, with screenshots under the OS temp folder.
 */
describe.skipIf(!HAS_CHROMIUM)('reading the library in a real browser (Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await ingest(SAMPLE_CORPUS, INDEX);
    library = await openIndex(INDEX, { warm: true });
    server = await startTestServer(library, { corpusDir: SAMPLE_CORPUS });
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await closeAll(browser, server);
  });

  /** A page (axe is injected, so the page's CSP is bypassed) whose script errors fail the test. */
  const open = (size: keyof typeof VIEWPORTS = 'desktop'): Promise<WatchedPage> => watchedPage(browser, { ...VIEWPORTS[size], bypassCSP: true });

  const pdfChunk = () => library.documents.find((document) => document.format === 'pdf' && document.chunkCount > 20)!;

  test('every page, desktop and phone: zero WCAG 2.2 AA violations (axe-core), screenshots taken', async () => {
    const pdf = pdfChunk();
    const pages = [
      ['search', '/?q=etcd+snapshot+restore'],
      ['search-home', '/'],
      ['search-page-2', '/?q=install&offset=10'],
      ['chunk-html', '/chunk/etcd::v3.6::op-guide::recovery::3?q=snapshot'],
      ['chunk-pdf', `/chunk/${pdf.id}::12?q=function`],
      ['document', `/doc/${LONG_DOC}?chunk=250&q=metatable#chunk-250`],
      ['document-pdf', `/doc/${pdf.id}?chunk=12#chunk-12`],
      ['browse', '/browse'],
      ['browse-version', '/browse/r-project/v4.5'],
    ] as const;
    const checked = pages.map(([name, path]) => ({ name, url: `${server.origin}${path}` }));
    expect(await accessibilityProblems(browser, checked, SCREENSHOTS)).toEqual([]);
    // Sixteen page loads, each with an axe-core run: more than the default minute on a busy machine.
  }, 180_000);

  test('search from anywhere: "/" and Ctrl-K focus the box on a chunk page; the query is carried and marked', async () => {
    await onWatchedPage(open(), async (page) => {
      await page.goto(`${server.origin}/chunk/etcd::v3.6::op-guide::recovery::3`);
      await page.keyboard.press('/');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('site-q');
      await page.locator('main').click({ position: { x: 5, y: 5 } });
      await page.keyboard.press('Control+k');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('site-q');
      await page.keyboard.type('restoring snapshots');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/\?q=restoring\+snapshots$/);
      await page.locator('.result').first().waitFor();

      // The result links carry the query; the card marks its words as search read them (stems).
      const href = await page.locator('.result-link').first().getAttribute('href');
      expect(href).toMatch(/\?q=restoring\+snapshots$/);
      await page.locator('.result-link').first().click();
      await page.waitForURL(`${server.origin}${href}`);
      expect(await page.locator('#site-q').inputValue()).toBe('restoring snapshots');
      const marked = (await page.locator('.card .chunk-text mark').allTextContents()).map((word) => word.toLowerCase());
      expect(marked.length).toBeGreaterThan(0);
      expect(marked.every((word) => /^(restor|snapshot)/.test(word))).toBe(true);
      // On to the document view: still carried, still marked.
      await page.getByRole('link', { name: 'View in doc context' }).click();
      await page.waitForURL(/\/doc\/.+\?chunk=\d+&q=restoring\+snapshots#chunk-\d+$/);
      expect(await page.locator('.doc-chunk.is-target mark').count()).toBeGreaterThan(0);
    });
  });

  test('lists that scale: the total, More results appended (also without script), facet counts, browse filter', async () => {
    await onWatchedPage(open(), async (page) => {
      await page.goto(`${server.origin}/?q=install`);
      const first = await search(library, 'install');
      const second = await search(library, 'install', { offset: 10 });
      expect(first.next).toBe(10);
      expect(await page.locator('.summary').textContent()).toMatch(new RegExp(`^${first.totalExact ? '' : 'About '}${first.total.toLocaleString('en-US')} results for “install”`, 'i'));
      const facetCounts = await page.locator('.facets .facet').first().locator('.facet-count').allTextContents();
      expect(facetCounts.map(Number).reduce((sum, count) => sum + count, 0)).toBe(10);
      await page.locator('a[data-more]').click();
      // The next page under the first, none repeated; the address stays the first page's.
      await expect.poll(() => page.locator('.result').count()).toBe(10 + second.results.length);
      const ids = await page.locator('.result').evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset['id']));
      expect(ids).toEqual([...first.results, ...second.results].map((result) => result.id));
      expect(page.url()).not.toContain('offset=');
      // Focus lands on the first new result, so keyboard and screen-reader users go on reading.
      expect(await page.evaluate(() => document.activeElement?.closest('.result') === document.querySelectorAll('.result')[10])).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      // Without script the link opens the next page on its own, numbered on, with a way back.
      const next = await page.locator('a[data-more]').first().getAttribute('href');
      expect(next).toContain(`offset=${second.next ?? 20}`);
      await page.goto(`${server.origin}/?q=install&offset=10`);
      expect(await page.locator('.result').evaluateAll((items) => items.map((item) => (item as HTMLElement).dataset['id']))).toEqual(second.results.map((result) => result.id));
      expect(await page.locator('ol.results').getAttribute('start')).toBe('11');
      expect(await page.locator('.more-results a[rel="prev"]').count()).toBe(1);
      await page.goto(`${server.origin}/?q=install`);
      // A vendor facet filters by it.
      await page.locator('.facets .facet').first().locator('a').first().click();
      await page.waitForURL(/vendor=/);
      expect(new Set(await page.locator('.badge').evaluateAll((badges) => badges.map((badge) => badge.firstChild?.textContent?.trim()))).size).toBe(1);

      await page.goto(`${server.origin}/browse/r-project/v4.5`);
      const all = await page.locator('.doc-list li').count();
      await page.locator('#doc-filter').fill('admin');
      await expect.poll(() => page.locator('.doc-list li:visible').count()).toBeLessThan(all);
      expect(await page.locator('#doc-filter-count').textContent()).toMatch(/^\d+ of \d+ documents$/);
    });
  });

  test('a long document is drawn around its chunk and loads the rest as you scroll', async () => {
    await onWatchedPage(open(), async (page) => {
      const total = library.documents.find((document) => document.id === LONG_DOC)!.chunkCount;
      await page.goto(`${server.origin}/doc/${LONG_DOC}?chunk=250#chunk-250`);
      const drawn = await page.locator('.doc-chunk').count();
      expect(drawn).toBeLessThan(total);
      await expect
        .poll(() =>
          page.locator('#chunk-250').evaluate((element) => {
            const box = element.getBoundingClientRect();
            return box.top >= 0 && box.top < window.innerHeight;
          }),
        )
        .toBe(true);
      // Scrolling down loads the following chunks; the target stays where the reader left it when chunks load above.
      await page.locator('.doc-more[data-side="after"]').scrollIntoViewIfNeeded();
      await expect.poll(() => page.locator('.doc-chunk').count()).toBeGreaterThan(drawn);
      await page.locator('#chunk-250').scrollIntoViewIfNeeded();
      await page.locator('.doc-more[data-side="before"]').scrollIntoViewIfNeeded();
      await expect.poll(() => page.locator('#chunk-229').count()).toBe(1);
      // Keep scrolling to both ends: every chunk, once, in order.
      for (let i = 0; i < 20 && (await page.locator('.doc-more').count()) > 0; i++) {
        for (const more of await page.locator('.doc-more').all()) await more.scrollIntoViewIfNeeded().catch(() => undefined);
        await page.waitForTimeout(150);
      }
      const numbers = await page.locator('.doc-chunk').evaluateAll((sections) => sections.map((section) => Number(section.id.slice('chunk-'.length))));
      expect(numbers).toEqual(Array.from({ length: total }, (_, n) => n));
    });
  });

  test('phone: the filters wait behind a disclosure; on a desktop they are shown', async () => {
    for (const size of ['phone', 'desktop'] as const) {
      const { context, page } = await open(size);
      try {
        await page.goto(`${server.origin}/?q=install`);
        const visible = await page.locator('#vendor').isVisible();
        expect(visible, size).toBe(size === 'desktop');
        if (size === 'phone') {
          // The first result starts on the first screen (the filters no longer fill it).
          const firstResult = await page.locator('.result').first().boundingBox();
          expect(firstResult!.y).toBeLessThan(VIEWPORTS.phone.viewport.height * 0.7);
          await page.locator('.filter-box summary').click();
          expect(await page.locator('#vendor').isVisible()).toBe(true);
        }
      } finally {
        await context.close();
      }
    }
  });
});
