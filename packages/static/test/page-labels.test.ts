import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingest, openIndex, search, type Library } from '@mcdewey/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSite, siteFileLoader, StaticLibrary } from '../src/index.js';
import { tempDir, writeTree } from './helpers.js';

/** A PDF with one page per entry (lines of Helvetica text) and the catalog entries given (`/PageLabels`). */
function pdf(pages: string[][], catalog: string): Buffer {
  const objects = [
    '',
    `<< /Type /Catalog /Pages 2 0 R ${catalog} >>`,
    `<< /Type /Pages /Kids [${pages.map((_, i) => `${4 + i * 2} 0 R`).join(' ')}] /Count ${pages.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  pages.forEach((lines, i) => {
    const stream = `BT /F1 11 Tf 14 TL 72 740 Td ${lines.map((line) => `(${line}) Tj T*`).join(' ')} ET`;
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + i * 2} 0 R >>`,
      `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    );
  });
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets.push(out.length);
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n${offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

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
      'labco/v3/manuals/handbook.pdf': pdf(
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
