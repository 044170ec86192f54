import { join } from 'node:path';
import { FETCH_MANIFEST_FILE, FETCH_MANIFEST_VERSION, ingest, openIndex, search, type Library } from '@mcdewey/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSite, siteFileLoader, StaticLibrary } from '../src/index.js';
import { tempDir, writeTree } from './helpers.js';

const PAGE_URL = 'https://docs.labco.example/guide/calibrate.html';

describe('source URLs of fetched documents on the static site', () => {
  const work = tempDir();
  let library: Library;
  let site: StaticLibrary;

  beforeAll(async () => {
    const corpus = join(work.path, 'corpus');
    writeTree(corpus, {
      'labco/v3/guide/calibrate.html':
        '<html><head><title>Calibrate</title></head><body><main><h1>Calibrate</h1><h2 id="quartz">Quartz</h2><p>Calibrate the quartz oscillator first.</p></main></body></html>',
      'labco/v3/guide/intro.md': '# Intro\n\nThe oscillator ships in a box.\n',
      [`labco/v3/${FETCH_MANIFEST_FILE}`]: JSON.stringify({
        formatVersion: FETCH_MANIFEST_VERSION,
        files: { 'guide/calibrate.html': { url: PAGE_URL, from: 'https://docs.labco.example/', sha256: 'x', bytes: 1, fetchedAt: '2026-01-01T00:00:00Z' } },
      }),
    });
    await ingest(corpus, join(work.path, 'index'));
    library = await openIndex(join(work.path, 'index'));
    await exportSite(library, { outDir: join(work.path, 'site') });
    site = await StaticLibrary.open(siteFileLoader(join(work.path, 'site')));
  });
  afterAll(async () => {
    await library?.dispose();
    work.cleanup();
  });

  it('keeps every chunk’s sourceUrl as the index holds it, and none where there is none', async () => {
    expect([...library.chunkRecords()].some((chunk) => chunk.sourceUrl === `${PAGE_URL}#quartz`)).toBe(true);
    for (const chunk of library.chunkRecords()) expect((await site.chunkAt(site.rowOf(chunk.id))).sourceUrl).toBe(chunk.sourceUrl);
  });

  it('gives the same results as core, sourceUrl included', async () => {
    const expected = await search(library, 'quartz oscillator', { mode: 'lexical' });
    const actual = await site.search('quartz oscillator', { mode: 'lexical' });
    expect(expected.results[0]?.sourceUrl).toBe(`${PAGE_URL}#quartz`);
    expect(JSON.parse(JSON.stringify(actual.results))).toEqual(JSON.parse(JSON.stringify(expected.results)));
  });
});
