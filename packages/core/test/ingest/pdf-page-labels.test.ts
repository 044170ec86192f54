import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/chunk/chunker.js';
import { readPdf } from '../../src/ingest/pdf.js';
import { chunkRecordProblem } from '../../src/store/record-shape.js';
import { manyPagesPdf } from '../fixtures/bad-files.js';
import { SHARED_CORPUS } from '../helpers.js';

const source = { vendor: 'acme', version: 'v1', group: 'manuals', doc: 'manual', source: 'acme/v1/manuals/manual.pdf' };
/** Front matter numbered i, ii, then the body from 1: what most printed manuals do. */
const ROMAN_THEN_ARABIC = '<< /Nums [0 << /S /r >> 2 << /S /D >>] >>';

describe('readPdf: printed page labels (/PageLabels)', () => {
  it('reads roman front matter and arabic body pages, one label per physical page', async () => {
    const doc = await readPdf(manyPagesPdf(6, ROMAN_THEN_ARABIC), 'manual.pdf');
    expect(doc.pageLabels).toEqual(['i', 'ii', '1', '2', '3', '4']);
  });

  it('reads prefixes and start numbers ("A-3")', async () => {
    const doc = await readPdf(manyPagesPdf(2, '<< /Nums [0 << /P (A-) /S /D /St 3 >>] >>'), 'manual.pdf');
    expect(doc.pageLabels).toEqual(['A-3', 'A-4']);
  });

  it('records nothing when the PDF has no labels or its labels are the physical numbers', async () => {
    expect((await readPdf(manyPagesPdf(3), 'manual.pdf')).pageLabels).toBeUndefined();
    expect((await readPdf(manyPagesPdf(3, '<< /Nums [0 << /S /D >>] >>'), 'manual.pdf')).pageLabels).toBeUndefined();
  });

  it('puts the printed page beside the physical one on each chunk, only where they differ', async () => {
    const doc = await readPdf(manyPagesPdf(6, ROMAN_THEN_ARABIC), 'manual.pdf');
    const { chunks } = chunkDocument(doc, source, { maxTokens: 8 });
    const onPage = (page: number) => chunks.find((chunk) => chunk.page === page && chunk.pageEnd === page);
    expect(onPage(1)).toMatchObject({ page: 1, pageLabel: 'i' });
    expect(onPage(4)).toMatchObject({ page: 4, pageLabel: '2' });
    expect(onPage(4)).not.toHaveProperty('pageLabelEnd');
    for (const chunk of chunks) expect(chunkRecordProblem(chunk)).toBeUndefined();

    // A chunk over two pages carries both labels; the key order stays fixed.
    const spread = chunkDocument(doc, source, { maxTokens: 256 }).chunks[0]!;
    expect(spread).toMatchObject({ page: 1, pageEnd: 6, pageLabel: 'i', pageLabelEnd: '4' });
    expect(Object.keys(spread).slice(9, 13)).toEqual(['page', 'pageEnd', 'pageLabel', 'pageLabelEnd']);
  });

  it('leaves chunks of an unlabelled PDF without label fields', async () => {
    const { chunks } = chunkDocument(await readPdf(manyPagesPdf(3), 'manual.pdf'), source, { maxTokens: 8 });
    expect(chunks.length).toBeGreaterThan(0);
    for (const chunk of chunks) expect(chunk).not.toHaveProperty('pageLabel');
  });
});

describe('chunk records: the label fields', () => {
  it('refuses a label that is not text', () => {
    const record = {
      id: 'a::v::g::d::0',
      vendor: 'a',
      version: 'v',
      group: 'g',
      doc: 'd',
      n: 0,
      source: 'a/v/g/d.pdf',
      title: 'T',
      headings: [],
      page: 3,
      pageEnd: 3,
      text: 'x',
      start: 0,
      end: 1,
      hash: 'h',
    };
    expect(chunkRecordProblem({ ...record, pageLabel: '1' })).toBeUndefined();
    expect(chunkRecordProblem({ ...record, pageLabel: 1 })).toMatch(/^pageLabel must be a string/);
    expect(chunkRecordProblem({ ...record, pageLabel: '1', pageLabelEnd: ['2'] })).toMatch(/^pageLabelEnd must be a string/);
  });
});

describe('readPdf: page labels of real manuals', () => {
  it('reads the R FAQ in the bundled corpus as printed: physical page 12 is page 8', async () => {
    const bytes = new Uint8Array(await readFile(new URL('../../../../corpus/r-project/v4.5/manuals/r-faq.pdf', import.meta.url)));
    const doc = await readPdf(bytes, 'r-faq.pdf');
    expect(doc.pageLabels?.slice(0, 5)).toEqual(['T-1', 'i', 'ii', 'iii', '1']);
    expect(doc.pageLabels?.[11]).toBe('8');
    const cran = chunkDocument(doc, source).chunks.find((chunk) => chunk.headings.at(-1) === 'What is CRAN?');
    expect(cran).toMatchObject({ page: 12, pageLabel: '8' });
  });

  const debian = join(SHARED_CORPUS, 'debian/v12/reference/debian-reference.pdf');
  it.skipIf(!existsSync(debian))('reads the Debian Reference of ../shared/corpus: roman front matter after the cover', async () => {
    const doc = await readPdf(new Uint8Array(await readFile(debian)), 'debian-reference.pdf');
    expect(doc.pageLabels?.slice(0, 4)).toEqual(['1', 'i', 'ii', 'iii']);
    expect(doc.pageLabels).toHaveLength(doc.pageCount!);
  });
});
