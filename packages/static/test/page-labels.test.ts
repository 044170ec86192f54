import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingest, openIndex, search, type Library } from '@mcdewey/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { minimalPdf } from '@mcdewey/test-support/pdf';
import { exportSite, siteFileLoader, StaticLibrary } from '../src/index.js';
import { tempDir, writeTree } from './helpers.js';

const lines = (words: string) => Array.from({ length: 30 }, (_, i) => `${words}, step ${i + 1}.`);

describe('printed page numbers on the static site', () => {
  const work = tempDir();
  const siteDir = join(work.path, 'site');
  let library: Library;
  let site: StaticLibrary;

  beforeAll(async () => {
    const corpus = join(work.path, 'corpus');
    writeTree(corpus, {
      // Printed "i" on the cover, then 1, 2 from the PDF's second page.
      'labco/v3/manuals/handbook.pdf': minimalPdf(
        [
          ['Labco Handbook', ...lines('The cover page runs long on purpose')],
          ['Calibration', 'Calibrate the quartz oscillator before the first launch.', ...lines('Turn the dial to seven and wait')],
          ['Storage', 'Store the oscillator in a dry cupboard.', ...lines('Keep the cupboard closed at night')],
        ],
        '/PageLabels << /Nums [0 << /S /r >> 1 << /S /D >>] >>',
      ),
      'labco/v3/guides/intro.md': '# Intro\n\nThe oscillator ships in a box.\n',
    });
    await ingest(corpus, join(work.path, 'index'));
    library = await openIndex(join(work.path, 'index'));
    // No corpus folder: the site holds no originals, and its pages say so.
    await exportSite(library, { outDir: siteDir });
    site = await StaticLibrary.open(siteFileLoader(siteDir));
  });
  afterAll(() => work.cleanup());

  it('keeps the printed pages of every chunk, as the index holds them', async () => {
    const labelled = [...library.chunkRecords()].filter((chunk) => chunk.pageLabel !== undefined);
    expect(labelled.length).toBeGreaterThan(0);
    for (const chunk of library.chunkRecords()) {
      const stored = await site.chunkAt(site.rowOf(chunk.id));
      expect([stored.pageLabel, stored.pageLabelEnd]).toEqual([chunk.pageLabel, chunk.pageLabelEnd]);
    }
  });

  it('gives the same results as core, printed pages included', async () => {
    const expected = await search(library, 'quartz oscillator', { mode: 'lexical' });
    const actual = await site.search('quartz oscillator', { mode: 'lexical' });
    expect(expected.results[0]).toMatchObject({ page: 2, pageLabel: '1' });
    expect(JSON.parse(JSON.stringify(actual.results))).toEqual(JSON.parse(JSON.stringify(expected.results)));
  });

  it('the document page cites "p. 1 (PDF page 2)" and says why the original PDF is not there', () => {
    const page = readFileSync(join(siteDir, 'doc/labco/v3/manuals/handbook.html'), 'utf8');
    expect(page).toContain('p. 1 (PDF page 2)</span>');
    expect(page).toContain('data-page="2" data-page-end="2" data-page-label="1" data-page-label-end="1"');
    expect(page).toContain('original PDF not available here: this site was exported without the original file');
    expect(readFileSync(join(siteDir, 'doc/labco/v3/guides/intro.html'), 'utf8')).not.toContain('not available here');
  });
});
