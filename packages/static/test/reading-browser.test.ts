import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingest, openIndex, search, type Library } from '@mcdewey/core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSite } from '../src/index.js';
import { VIEWPORTS, accessibilityProblems } from '@mcdewey/test-support/a11y';
import { HAS_CHROMIUM, launchChromium, onWatchedPage, watchedPage, type WatchedPage } from '@mcdewey/test-support/chromium';
import { closeAll } from '@mcdewey/test-support/close-all';
import { startStaticServer, type StaticServer } from '@mcdewey/test-support/static-server';
import { SAMPLE_CORPUS, tempDir } from './helpers.js';

const SCREENSHOTS = join(tmpdir(), 'mcdewey-screenshots', 'static');

/**
 * The static site reads like the web app (issue #16): results as you type and as a filter
 * changes, "/" and Ctrl-K on every page, ↓/j through results, the query carried to the card and
 * the document and its words marked, "More results"; every page at desktop and phone size passes
 * axe-core's WCAG 2.2 AA rules, with screenshots under the OS temp folder.
 */
describe.skipIf(!HAS_CHROMIUM)('static site: the reading experience in Chromium', () => {
  const work = tempDir();
  let library: Library;
  let browser: Browser;
  let server: StaticServer;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await ingest(SAMPLE_CORPUS, join(work.path, 'index'));
    library = await openIndex(join(work.path, 'index'));
    await exportSite(library, { outDir: join(work.path, 'site'), corpusDir: SAMPLE_CORPUS });
    server = await startStaticServer(join(work.path, 'site'));
    browser = await launchChromium();
  }, 300_000);

  afterAll(async () => {
    await closeAll(browser, server);
    work.cleanup();
  });

  // axe is injected into the page: the site's CSP (<meta>) is bypassed for that alone.
  const open = (size: keyof typeof VIEWPORTS = 'desktop'): Promise<WatchedPage> => watchedPage(browser, { ...VIEWPORTS[size], bypassCSP: true });
  const resultIds = (page: Page) => page.$$eval('#results li.result', (items) => items.map((item) => (item as HTMLElement).dataset['id']));

  it('every page, desktop and phone: zero WCAG 2.2 AA violations (axe-core), screenshots taken', async () => {
    const pdf = library.documents.find((document) => document.format === 'pdf' && document.chunkCount > 20)!;
    const pages = [
      ['search', 'index.html?q=etcd+snapshot+restore', '#results li.result'],
      ['search-home', 'index.html', '#q'],
      ['chunk-html', `chunk.html?id=${encodeURIComponent('etcd::v3.6::op-guide::recovery::3')}&q=snapshot`, 'article.card'],
      ['chunk-pdf', `chunk.html?id=${encodeURIComponent(`${pdf.id}::12`)}&q=function`, 'article.card'],
      ['document', 'doc/lua/v5.2/reference/manual.html?q=metatable#chunk-250', '#chunk-250.is-target'],
      ['browse', 'browse/index.html', 'h1'],
      ['browse-version', 'browse/r-project/v4.5/index.html', 'h1'],
    ] as const;
    const checked = pages.map(([name, path, ready]) => ({ name, url: `${server.url}${path}`, ready }));
    expect(await accessibilityProblems(browser, checked, SCREENSHOTS)).toEqual([]);
    // Sixteen page loads, each with an axe-core run: more than the default minute on a busy machine.
  }, 180_000);

  it('results as you type and as a filter changes, without Enter; keys like the web app', async () => {
    await onWatchedPage(open(), async (page) => {
      await page.goto(`${server.url}index.html`);
      await page.locator('#q').pressSequentially('coroutine', { delay: 20 });
      await page.waitForSelector('#results li.result');
      await expect.poll(() => page.url()).toContain('?q=coroutine');
      expect(await resultIds(page)).toEqual((await search(library, 'coroutine', { mode: 'lexical' })).results.map((result) => result.id));
      await page.selectOption('#vendor', 'lua');
      await expect.poll(() => page.url()).toContain('vendor=lua');
      const lua = await search(library, 'coroutine', { mode: 'lexical', filters: { vendor: 'lua' } });
      await expect.poll(() => resultIds(page)).toEqual(lua.results.map((result) => result.id));
      // ↓ and j move through the results, "/" goes back to the box.
      await page.keyboard.press('ArrowDown');
      expect(await page.evaluate(() => document.activeElement?.classList.contains('result-link'))).toBe(true);
      await page.keyboard.press('j');
      expect(await page.evaluate(() => document.activeElement === document.querySelectorAll('.result-link')[1])).toBe(true);
      await page.keyboard.press('/');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    });
  });

  it('search from anywhere: the query is carried to the card and the document, its words marked; "/" and Ctrl-K there', async () => {
    await onWatchedPage(open(), async (page) => {
      await page.goto(`${server.url}index.html?q=${encodeURIComponent('restoring snapshots')}`);
      await page.waitForSelector('#results li.result');
      await page.click('#results li.result >> nth=0 >> a.result-link');
      await page.waitForSelector('article.card');
      expect(new URL(page.url()).searchParams.get('q')).toBe('restoring snapshots');
      expect(await page.locator('#site-q').inputValue()).toBe('restoring snapshots');
      const marked = (await page.locator('.card .chunk-text mark').allTextContents()).map((word) => word.toLowerCase());
      expect(marked.length).toBeGreaterThan(0);
      expect(marked.every((word) => /^(restor|snapshot)/.test(word))).toBe(true);
      // Numbering agrees: breadcrumb, pager and the document's toolbar name the same chunk.
      const n = Number(/::(\d+)$/.exec((await page.locator('#chunk-id').textContent())!)![1]);
      expect(await page.locator('.breadcrumbs [aria-current="page"]').textContent()).toBe(`chunk ${n}`);
      expect(await page.locator('.pager-position').textContent()).toMatch(new RegExp(`^chunk ${n} of 0–\\d+$`));
      await page.click('.context-link');
      await page.waitForSelector(`#chunk-${n}.is-target`);
      expect(await page.locator('#doc-toolbar .toolbar-target').textContent()).toMatch(new RegExp(`^Chunk ${n}\\b`));
      await expect.poll(() => page.locator(`#chunk-${n} mark`).count()).toBeGreaterThan(0);

      await page.keyboard.press('Control+k');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('site-q');
      await page.locator('#site-q').fill('gen_server');
      await page.keyboard.press('Enter');
      await page.waitForSelector('#results li.result');
      expect(await page.locator('#q').inputValue()).toBe('gen_server');
    });
  });

  it('the total, More results appended (no repeat, the first new one focused), the next page alone by its link; the browse filter', async () => {
    await onWatchedPage(open(), async (page) => {
      await page.goto(`${server.url}index.html?q=install`);
      await page.waitForSelector('#results li.result');
      const first = await search(library, 'install', { mode: 'lexical' });
      const second = await search(library, 'install', { mode: 'lexical', offset: 10 });
      expect(first.next).toBe(10);
      expect(await page.locator('#results .summary').textContent()).toMatch(new RegExp(`^${first.totalExact ? '' : 'About '}${first.total.toLocaleString('en-US')} results for “install”`, 'i'));
      await page.click('a[data-more]');
      await expect.poll(() => page.locator('#results li.result').count()).toBe(10 + second.results.length);
      expect(await resultIds(page)).toEqual([...first.results, ...second.results].map((result) => result.id));
      // The address stays the first page's; the first new result has the focus.
      expect(page.url()).not.toContain('offset=');
      await expect.poll(() => page.evaluate(() => document.activeElement?.closest('.result') === document.querySelectorAll('.result')[10])).toBe(true);
      // The link itself opens that page alone.
      const href = await page.locator('a[data-more]').first().getAttribute('href');
      expect(href).toContain(`offset=${second.next ?? 20}`);
      await page.goto(`${server.url}index.html?q=install&offset=10`);
      await expect.poll(() => resultIds(page)).toEqual(second.results.map((result) => result.id));
      expect(await page.locator('#results ol.results').getAttribute('start')).toBe('11');

      await page.goto(`${server.url}browse/r-project/v4.5/index.html`);
      const all = await page.locator('.doc-list li').count();
      await page.locator('#doc-filter').fill('admin');
      await expect.poll(() => page.locator('.doc-list li:visible').count()).toBeLessThan(all);
    });
  });

  it('a long document is drawn in part: the rest loads as the reader scrolls, and a link far down draws the part around it', async () => {
    const long = library.documents.find((document) => document.chunkCount > 300)!;
    const path = `doc/${long.vendor}/${long.version}/${long.group}/${long.doc}.html`;
    await onWatchedPage(open(), async (page) => {
      await page.goto(`${server.url}${path}`);
      await page.waitForSelector('#chunk-0');
      const drawn = () => page.locator('.document .doc-chunk').count();
      // The page holds its start; the placeholder below names what is not drawn.
      const before = await drawn();
      expect(before).toBeLessThan(long.chunkCount);
      expect(await page.locator('.document .doc-more[data-side="after"]').count()).toBe(1);
      // Scrolling to the end draws the rest, part by part, in order.
      for (let i = 0; i < 40 && (await page.locator(`#chunk-${long.chunkCount - 1}`).count()) === 0; i++) {
        await page.mouse.wheel(0, 20_000);
        await page.waitForTimeout(150);
      }
      await page.waitForSelector(`#chunk-${long.chunkCount - 1}`);
      const ordinals = await page.$$eval('.document .doc-chunk', (sections) => sections.map((section) => Number(section.id.slice('chunk-'.length))));
      expect(ordinals).toEqual(Array.from({ length: long.chunkCount }, (_, n) => n));
      expect(await page.locator('.document .doc-more').count()).toBe(0);

      // A chunk far down, with the query: drawn around it, marked, the part above loads on the way up.
      const n = long.chunkCount - 40;
      await page.goto(`${server.url}${path}?q=function#chunk-${n}`);
      await page.waitForSelector(`#chunk-${n}.is-target`);
      expect(await page.locator('#chunk-0').count()).toBe(0);
      expect(await page.locator('#doc-toolbar .toolbar-target').textContent()).toMatch(new RegExp(`^Chunk ${n}\\b`));
      expect(await page.locator(`#chunk-${n} .card-link`).getAttribute('href')).toContain('q=function');
      for (let i = 0; i < 40 && (await page.locator('#chunk-0').count()) === 0; i++) {
        await page.mouse.wheel(0, -20_000);
        await page.waitForTimeout(150);
      }
      await page.waitForSelector('#chunk-0');
    });
  }, 120_000);
});
