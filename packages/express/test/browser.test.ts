import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ingest, openIndex } from '@mcdewey/core';
import type { Browser, Page } from 'playwright-core';
import { CHROMIUM, HAS_CHROMIUM, launchChromium, onWatchedPage, type WatchedPage } from '@mcdewey/test-support/chromium';
import { closeAll } from '@mcdewey/test-support/close-all';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildLibrary, HOSTILE, SAMPLE_CORPUS, startTestServer, TEST_OUTPUT, type TestLibrary, type TestServer } from './helpers.js';

// Without Chromium these tests are skipped, saying why.
if (!HAS_CHROMIUM) console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set MCDEWEY_CHROMIUM)`);

const SCREENSHOTS = join(TEST_OUTPUT, 'screenshots');
// Ingest is incremental, so a kept index of corpus/ makes later runs fast; it is rebuilt as needed.
const SAMPLE_INDEX = join(TEST_OUTPUT, 'indexes', 'sample-corpus');

let browser: Browser;
let server: TestServer;
let hostile: TestLibrary;
let hostileServer: TestServer;

describe.skipIf(!HAS_CHROMIUM)('in a real browser (Chromium)', () => {
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await ingest(SAMPLE_CORPUS, SAMPLE_INDEX);
    const library = await openIndex(SAMPLE_INDEX, { warm: true });
    server = await startTestServer(library, { corpusDir: SAMPLE_CORPUS });
    hostile = await buildLibrary();
    hostileServer = await startTestServer(hostile.library, { corpusDir: hostile.corpusDir });
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await closeAll(browser, server, hostileServer);
    hostile?.remove();
  });

  /** A page whose console errors and uncaught exceptions (CSP violations among them) fail the test. */
  async function open(options: Parameters<Browser['newContext']>[0] = {}): Promise<WatchedPage> {
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 }, ...options });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('response', (response) => {
      // A PDF has no <link rel=icon>, so the viewer asks for /favicon.ico: not ours to answer.
      if (response.status() >= 400 && new URL(response.url()).pathname !== '/favicon.ico') problems.push(`${response.status()} ${response.url()}`);
    });
    page.on('dialog', (dialog) => {
      problems.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    return { context, page, problems };
  }

  const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });

  test('type a query, see results, open a chunk, view it in context, follow the PDF page link', async () => {
    await onWatchedPage(open(), async (page) => {
      await page.goto(`${server.origin}/`);
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('q');
      await shot(page, '00-home');
      await page.locator('#q').pressSequentially('install packages', { delay: 20 });
      // Results arrive without a page load, and the URL follows the query.
      await page.locator('.result').first().waitFor();
      await expect.poll(() => page.url()).toBe(`${server.origin}/?q=install+packages&mode=lexical`);
      await expect.poll(() => page.locator('.summary').textContent()).toMatch(/results? for “install packages”/);
      // Screen readers hear the new count from a status line that is not replaced.
      await expect.poll(() => page.locator('#search-status').textContent()).toMatch(/results? for “install packages”/);
      expect(await page.locator('.result mark').count()).toBeGreaterThan(0);
      await shot(page, '01-search-results');

      // Only one version: every badge shows it.
      await page.locator('#version').selectOption('v4.5');
      await expect.poll(() => page.url()).toContain('version=v4.5');
      await expect.poll(async () => [...new Set(await page.locator('.badge-version').allTextContents())]).toEqual(['v4.5']);
      expect(await page.locator('.result').count()).toBeGreaterThan(1);
      await shot(page, '02-search-filtered-v4.5');

      // The first result that cites a PDF page.
      const pdfResult = page.locator('.result', { has: page.locator('.result-page') }).first();
      const title = await pdfResult.locator('.result-link').getAttribute('href');
      expect(title).toMatch(/^\/chunk\/r-project::v4\.5::manuals::/);
      await pdfResult.locator('.result-link').click();
      // The query comes along, so the card marks its words.
      await page.waitForURL(/\/chunk\/r-project::v4\.5::manuals::[\w-]+::\d+\?q=install\+packages$/);
      const chunkId = decodeURIComponent(new URL(page.url()).pathname.split('/chunk/')[1]!);
      // A PDF card is headed by its section; the page row cites the printed page, then the PDF's.
      expect(await page.locator('#card-title').textContent()).not.toMatch(/^Page \d/);
      const pageNumber = Number(/#page=(\d+)$/.exec((await page.locator('.card-meta a.pdf-link').getAttribute('href'))!)![1]);
      expect(await page.locator('.card-meta').textContent()).toContain(chunkId);
      await expect
        .poll(() => page.locator('.card-meta tr').allTextContents())
        .toEqual(
          expect.arrayContaining([
            expect.stringMatching(new RegExp(`^page\\s*pp?\\. \\S+ \\(PDF pages? ${pageNumber}(–\\d+)?\\)$`)),
            expect.stringMatching(/^source\s*r-project\/v4\.5\/manuals\/.+\.pdf$/),
            expect.stringMatching(/^chunk_id\s*r-project::/),
          ]),
        );
      const citation = page.getByRole('button', { name: 'Copy citation' });
      await expect.poll(() => citation.isVisible()).toBe(true);
      expect(await citation.getAttribute('data-copy')).toContain(` · ${chunkId} · http://`);
      await shot(page, '03-chunk-card');

      await page.getByRole('link', { name: 'View in doc context' }).click();
      const n = Number(chunkId.split('::').pop());
      await page.waitForURL(new RegExp(`/doc/r-project::v4\\.5::manuals::[\\w-]+\\?chunk=${n}&q=install\\+packages#chunk-${n}$`));
      const target = page.locator(`#chunk-${n}`);
      await expect.poll(() => target.evaluate((element) => element.matches(':target') && element.classList.contains('is-target'))).toBe(true);
      // Scrolled into view, and highlighted.
      await expect
        .poll(() =>
          target.evaluate((element) => {
            const box = element.getBoundingClientRect();
            return box.top >= 0 && box.top < window.innerHeight;
          }),
        )
        .toBe(true);
      const background = await target.evaluate((element) => getComputedStyle(element).backgroundColor);
      expect(background).not.toBe('rgba(0, 0, 0, 0)');
      // A long document is drawn around its target (the rest loads as you scroll).
      expect(await page.locator('.doc-chunk').count()).toBeGreaterThan(0);
      await shot(page, '04-document-in-context');

      const pdfLink = page.locator('.doc-toolbar .pdf-link');
      expect(await pdfLink.getAttribute('href')).toMatch(new RegExp(`/files/r-project/v4\\.5/manuals/[\\w-]+\\.pdf#page=${pageNumber}$`));
      const [response] = await Promise.all([page.waitForResponse((candidate) => candidate.url().includes('/files/')), pdfLink.click()]);
      expect(response.status()).toBe(200);
      expect(response.headers()['content-type']).toBe('application/pdf');
      await expect.poll(() => page.url()).toMatch(new RegExp(`\\.pdf#page=${pageNumber}$`));
      await page.waitForTimeout(4000);
      await shot(page, '05-pdf-at-page');
    });
  });

  test('previous and next chunk links walk the document view', async () => {
    await onWatchedPage(open(), async (page) => {
      await page.goto(`${server.origin}/doc/etcd::v3.6::op-guide::recovery?chunk=3#chunk-3`);
      await page.locator('.doc-toolbar a[rel="next"]').click();
      await page.waitForURL(/\?chunk=4#chunk-4$/);
      expect(await page.locator('#chunk-4').evaluate((element) => element.matches(':target'))).toBe(true);
      await page.locator('.doc-toolbar a[rel="prev"]').click();
      await page.waitForURL(/\?chunk=3#chunk-3$/);
    });
  });

  test('keyboard: / focuses the box, ↓ and j/k move through results, Enter opens one', async () => {
    await onWatchedPage(open(), async (page) => {
      await page.goto(`${server.origin}/?q=etcd+snapshot+restore`);
      const links = page.locator('.result-link');
      expect(await links.count()).toBeGreaterThan(3);
      const focusedHref = () => page.evaluate(() => document.activeElement?.getAttribute('href') ?? document.activeElement?.id ?? null);
      await page.keyboard.press('/');
      expect(await focusedHref()).toBe('q');
      await page.keyboard.press('ArrowDown');
      expect(await focusedHref()).toBe(await links.nth(0).getAttribute('href'));
      await page.keyboard.press('j');
      await page.keyboard.press('j');
      expect(await focusedHref()).toBe(await links.nth(2).getAttribute('href'));
      await page.keyboard.press('k');
      expect(await focusedHref()).toBe(await links.nth(1).getAttribute('href'));
      await shot(page, '06-keyboard-focus');
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      expect(await focusedHref()).toBe('q');
      await page.keyboard.press('ArrowDown');
      const expected = await links.nth(0).getAttribute('href');
      await page.keyboard.press('Enter');
      await page.waitForURL(`${server.origin}${expected}`);
      // Tab order starts with the skip link.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    });
  });

  test('narrow screen: nothing scrolls sideways', async () => {
    await onWatchedPage(open({ viewport: { width: 360, height: 760 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }), async (page) => {
      for (const [name, path] of [
        ['07-narrow-search', '/?q=garbage+collection'],
        ['08-narrow-chunk', '/chunk/r-project::v4.5::manuals::r-faq::87'],
        ['09-narrow-document', '/doc/etcd::v3.6::op-guide::recovery?chunk=5#chunk-5'],
        ['10-narrow-browse', '/browse/r-project/v4.5'],
        ['10b-narrow-home', '/'],
      ] as const) {
        await page.goto(`${server.origin}${path}`);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, path).toBeLessThanOrEqual(0);
        await shot(page, name);
      }
    });
  });

  test('dark colour scheme', async () => {
    await onWatchedPage(open({ colorScheme: 'dark' }), async (page) => {
      await page.goto(`${server.origin}/?q=TLS+certificate+verification`);
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).toBe('rgb(17, 19, 21)');
      await shot(page, '11-dark-search');
      await page.goto(`${server.origin}/doc/etcd::v3.6::op-guide::recovery?chunk=5#chunk-5`);
      await shot(page, '12-dark-document');
      await page.goto(`${server.origin}/browse`);
      await shot(page, '12b-dark-browse');
    });
  });

  test('without JavaScript the search still works (server-rendered)', async () => {
    const { context, page } = await open({ javaScriptEnabled: false });
    try {
      await page.goto(`${server.origin}/`);
      await page.locator('#q').fill('lexical scoping');
      await page.locator('#version').selectOption('v4.5');
      await page.locator('#q').press('Enter');
      await page.waitForURL(/\?q=lexical\+scoping&vendor=&version=v4\.5&mode=lexical$/);
      expect(await page.locator('.result').count()).toBeGreaterThan(0);
      expect([...new Set(await page.locator('.badge-version').allTextContents())]).toEqual(['v4.5']);
      await shot(page, '13-no-javascript');
    } finally {
      await context.close();
    }
  });

  test('grouped results: "more in this document" links open their chunks; the vendor chip removes itself and stays removed while typing', async () => {
    await onWatchedPage(open(), async (page) => {
      await page.goto(`${hostileServer.origin}/?q=pdfco+gadget+dial`);
      const more = page.locator('.more-in-doc a');
      expect(await more.count()).toBe(3);
      await shot(page, '13b-more-in-document');
      const href = await more.first().getAttribute('href');
      // Above the card's full-size result link, so the click reaches it.
      await more.first().click();
      await page.waitForURL(`${hostileServer.origin}${href}`);

      await page.goto(`${hostileServer.origin}/?q=acme+v2+snapshot`);
      expect(await page.locator('.understood .chip').textContent()).toContain('acme v2');
      await shot(page, '13c-understood-chip');
      await page.locator('.chip-remove').click();
      await page.waitForURL(/interpret=0/);
      expect(await page.locator('.understood').count()).toBe(0);
      await page.locator('#q').focus();
      await page.keyboard.press('End');
      await page.keyboard.type(' restore', { delay: 20 });
      await expect.poll(() => page.url()).toBe(`${hostileServer.origin}/?q=acme+v2+snapshot+restore&mode=lexical&interpret=0`);
      await expect.poll(() => page.locator('.summary').textContent()).toContain('acme v2 snapshot restore');
      expect(await page.locator('.understood').count()).toBe(0);
    });
  });

  test('markup inside documents never runs: it shows as text', async () => {
    await onWatchedPage(open(), async (page) => {
      for (const [name, path] of [
        ['14-hostile-search', '/?q=hostile'],
        ['15-hostile-chunk', '/chunk/evil::v1::pages::hostile::0'],
        ['16-hostile-document', '/doc/evil::v1::pages::title?chunk=0#chunk-0'],
      ] as const) {
        await page.goto(`${hostileServer.origin}${path}`);
        await page.waitForLoadState('networkidle');
        // Hover and click everything a handler could hide behind.
        for (const element of await page.locator('.chunk-text, .snippet, .result-link, #card-title, .doc-head h1').all()) await element.hover({ force: true });
        const state = await page.evaluate(() => ({
          xss: (window as unknown as { __xss?: unknown }).__xss,
          scripts: Array.from(document.scripts).map((script) => script.getAttribute('src')),
          handlers: document.querySelectorAll('[onerror], [onclick], [onload], [onmouseover]').length,
          images: document.querySelectorAll('img').length,
          javascriptLinks: document.querySelectorAll('a[href^="javascript:"]').length,
        }));
        expect(state.xss, path).toBeUndefined();
        expect(state.scripts).toHaveLength(1);
        expect(state.scripts[0]).toMatch(/\/assets\/app\.js\?v=/);
        expect(state.handlers).toBe(0);
        expect(state.images).toBe(0);
        expect(state.javascriptLinks).toBe(0);
        await shot(page, name);
      }
      await page.goto(`${hostileServer.origin}/chunk/evil::v1::pages::hostile::0`);
      expect(await page.locator('.card .chunk-text').textContent()).toContain(HOSTILE);
    });
  });
});
