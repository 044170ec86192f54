import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest, openIndex, search, type Embedder, type Library } from '@mcdewey/core';
import { loadTransformersEmbedder, writeTestModel } from '@mcdewey/core/models';
import { exportSite, siteFileLoader, StaticLibrary, type ExportReport } from '../src/index.js';
import { HAS_CHROMIUM } from '@mcdewey/test-support/chromium';
import { startStaticServer } from '@mcdewey/test-support/static-server';
import { launchBrowser, screenshot, smallCorpus, tempDir, writeTree } from './helpers.js';

/** The site searches exactly as core does: nothing to turn off. */
const AS_SITE = {} as const;

/**
 * `withModel`: a small model the test writes itself (no download), an index embedded with it,
 * the site searching semantically and hybrid — in Node over the exported files, and in Chromium
 * with transformers.js and onnxruntime-web served by the site itself.
 */
describe('static site with a model', () => {
  const work = tempDir();
  const modelDir = join(work.path, 'mcdewey-test-model');
  const siteDir = join(work.path, 'site');
  const exactDir = join(work.path, 'site-float32');
  let embedder: Embedder;
  let library: Library;
  let report: ExportReport;

  beforeAll(async () => {
    const corpus = join(work.path, 'corpus');
    writeTree(corpus, smallCorpus());
    await writeTestModel(modelDir, { dims: 32 });
    embedder = await loadTransformersEmbedder({ modelDir });
    await ingest(corpus, join(work.path, 'index'), { embedder });
    library = await openIndex(join(work.path, 'index'), { embedder });
    report = await exportSite(library, { outDir: siteDir, withModel: modelDir });
    await exportSite(library, { outDir: exactDir, withModel: modelDir, vectorPrecision: 'float32' });
  }, 120_000);

  const queries = ['restore a snapshot', 'cache workers', 'install the daemon', 'log level', 'snapshot format changed'];
  const ids = (results: readonly { id: string }[]) => results.map((result) => result.id);
  afterAll(async () => {
    await embedder?.dispose?.();
    work.cleanup();
  });

  it('copies the model, the runtime and int8 vectors per vendor/version', () => {
    expect(report.semantic).toMatchObject({ model: library.manifest.embedder!.modelId, shards: 3 });
    for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx']) expect(existsSync(join(siteDir, 'model/mcdewey-test-model', file)), file).toBe(true);
    expect(existsSync(join(siteDir, 'assets/transformers/transformers.min.js'))).toBe(true);
    expect(readdirSync(join(siteDir, 'assets/ort')).sort()).toEqual(['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm']);
    // One byte per dimension and a float per row.
    const vectors = readdirSync(join(siteDir, 'data/vectors'), { recursive: true })
      .map(String)
      .filter((name) => name.endsWith('.bin'));
    const bytes = vectors.reduce((sum, name) => sum + statSync(join(siteDir, 'data/vectors', name)).size, 0);
    expect(bytes).toBe(library.chunkCount * (32 + 4));
    const html = readFileSync(join(siteDir, 'index.html'), 'utf8');
    expect(html).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(html).toContain('semantic search in your browser');
  });

  it('ranks semantic and hybrid exactly like core with float32 vectors', async () => {
    const site = await StaticLibrary.open(siteFileLoader(exactDir));
    site.useEmbedder((text) => embedder.embedQuery(text));
    expect(site.availableModes()).toEqual(['hybrid', 'lexical', 'semantic']);
    for (const query of queries) {
      for (const mode of ['semantic', 'hybrid', undefined] as const) {
        const expected = await search(library, query, { mode, limit: 5, ...AS_SITE });
        const actual = await site.search(query, { mode, limit: 5 });
        expect(actual.mode).toBe(expected.mode);
        expect(actual.embedder).toBe(expected.embedder);
        expect(ids(actual.results)).toEqual(ids(expected.results));
        actual.results.forEach((result, i) => expect(result.score).toBeCloseTo(expected.results[i]!.score, 5));
      }
      const filtered = await site.search(query, { mode: 'semantic', filters: { vendor: 'globex' } });
      expect(ids(filtered.results)).toEqual(ids((await search(library, query, { mode: 'semantic', filters: { vendor: 'globex' }, ...AS_SITE })).results));
    }
  });

  it('keeps cosines within 0.01 of float32 with int8 vectors', async () => {
    const site = await StaticLibrary.open(siteFileLoader(siteDir));
    site.useEmbedder((text) => embedder.embedQuery(text));
    for (const query of queries) {
      const expected = await search(library, query, { mode: 'semantic', limit: 50, maxPerDocument: 0, collapseDuplicates: false, ...AS_SITE });
      const exact = new Map(expected.results.map((result) => [result.id, result.score]));
      const actual = await site.search(query, { mode: 'semantic', limit: 50, maxPerDocument: 0, collapseDuplicates: false });
      expect(new Set(ids(actual.results))).toEqual(new Set(exact.keys()));
      for (const result of actual.results) expect(Math.abs(result.score - exact.get(result.id)!)).toBeLessThan(0.01);
      expect(actual.results[0]!.id).toBe(expected.results[0]!.id);
    }
  });

  it.skipIf(!HAS_CHROMIUM)(
    'embeds queries in Chromium from the site itself',
    async () => {
      await using server = await startStaticServer(siteDir, '/lib/');
      await using browser = await launchBrowser();
      const page = await browser.newPage();
      await page.goto(`${server.url}index.html?q=${encodeURIComponent('restore a snapshot')}&mode=semantic`);
      await page.waitForSelector('#results li.result', { timeout: 60_000 });
      const node = await StaticLibrary.open(siteFileLoader(siteDir));
      node.useEmbedder((text) => embedder.embedQuery(text));
      const shown = await page.$$eval('#results li.result', (items) => items.map((item) => (item as HTMLElement).dataset['id']));
      expect(shown).toEqual(ids((await node.search('restore a snapshot', { mode: 'semantic' })).results));
      expect(await page.textContent('#results .summary')).toMatch(/semantic \(/);
      await screenshot(page, 'semantic');

      await page.goto(`${server.url}index.html?q=${encodeURIComponent('cache workers')}`);
      await page.waitForSelector('#results li.result', { timeout: 60_000 });
      const hybrid = await page.$$eval('#results li.result', (items) => items.map((item) => (item as HTMLElement).dataset['id']));
      expect(hybrid).toEqual(ids((await node.search('cache workers')).results));
      expect(await page.textContent('#results .summary')).toMatch(/hybrid \(BM25 \+ /);

      const outside = browser.requests.filter((url) => !url.startsWith(server.origin) && !url.startsWith('data:') && !url.startsWith('blob:'));
      expect(outside).toEqual([]);
      expect(browser.errors).toEqual([]);
      expect(server.log.filter((entry) => entry.status !== 200)).toEqual([]);
      expect(server.log.map((entry) => entry.path)).toEqual(expect.arrayContaining(['/lib/model/mcdewey-test-model/onnx/model.onnx', '/lib/assets/ort/ort-wasm-simd-threaded.asyncify.wasm']));
    },
    120_000,
  );
});
