import { readFile } from 'node:fs/promises';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { isMcdeweyError } from '../../src/errors.js';
import { readPdf } from '../../src/ingest/pdf.js';
import type { Block, ExtractedDocument } from '../../src/types.js';
import { blankPdf, corruptPdf, encryptedPdf, simplePdf } from '../fixtures/bad-files.js';

const corpusFile = (path: string): Promise<Uint8Array> => readFile(new URL(`../../../../corpus/${path}`, import.meta.url)).then((buffer) => new Uint8Array(buffer));

const blocksWith = (doc: ExtractedDocument, phrase: string): Block[] => doc.blocks.filter((block) => block.text.includes(phrase));

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(isMcdeweyError(error, 'UNREADABLE_DOCUMENT')).toBe(true);
  return error as Error;
}

describe('readPdf on the R FAQ (texinfo, 51 pages)', () => {
  let doc: ExtractedDocument;
  let bytes: Uint8Array;
  beforeAll(async () => {
    bytes = await corpusFile('r-project/v4.5/manuals/r-faq.pdf');
    doc = await readPdf(bytes, 'r-faq.pdf');
  });

  it('puts a physical page within 1..pageCount on every block, in page order', () => {
    expect(doc.format).toBe('pdf');
    expect(doc.pageCount).toBe(51);
    expect(doc.blocks.length).toBeGreaterThan(300);
    let last = 1;
    for (const block of doc.blocks) {
      expect(Number.isInteger(block.page)).toBe(true);
      expect(block.page).toBeGreaterThanOrEqual(last);
      expect(block.page).toBeLessThanOrEqual(51);
      last = block.page ?? 0;
    }
  });

  it('finds a known phrase on its page (checked with pdftotext -f 12 -l 12), de-hyphenated', () => {
    // The PDF prints "identi-" / "cal material" across a line break.
    const hits = blocksWith(doc, 'carry identical material');
    expect(hits.map((block) => block.page)).toEqual([12]);
    expect(doc.blocks.some((block) => block.text.includes('identi-'))).toBe(false);
    expect(blocksWith(doc, 'Heiner Schwarte').map((block) => block.page)).toEqual([7]);
  });

  it('emits headings from the outline, with the outline depth as level, on the pages they point to', () => {
    const headings = doc.blocks.filter((block) => block.kind === 'heading');
    expect(headings).toContainEqual({ kind: 'heading', level: 1, text: '1 Introduction', page: 5 });
    expect(headings).toContainEqual({ kind: 'heading', level: 2, text: 'What is CRAN?', page: 12 });
    expect(headings).toContainEqual({ kind: 'heading', level: 3, text: 'How can R be installed (Unix-like)', page: 8 });
    const cran = doc.blocks.findIndex((block) => block.kind === 'heading' && block.text === 'What is CRAN?');
    expect(doc.blocks[cran + 1]?.text).toMatch(/^The “Comprehensive R Archive Network” \(CRAN\) is a collection/);
    // The printed heading line ("2.10 What is CRAN?") is not repeated as a paragraph.
    expect(blocksWith(doc, '2.10 What is CRAN?').every((block) => block.kind === 'list')).toBe(true);
  });

  it('takes the cover title from the largest text on page 1 when the PDF has no Info Title', () => {
    expect(doc.metadata.title).toBeUndefined();
    expect(doc.title).toBe('R FAQ');
    expect(doc.metadata.producer).toMatch(/pdfTeX/);
  });

  it('keeps monospaced examples as code with their line breaks and indentation', () => {
    const bibtex = doc.blocks.find((block) => block.kind === 'code' && block.text.startsWith('@Manual{'));
    expect(bibtex?.page).toBe(11);
    expect(bibtex?.text.split('\n')).toContain('  author = {{R Core Team}},');
  });

  it('drops running headers and turns the table of contents into list lines', () => {
    expect(blocksWith(doc, 'Chapter 2: R Basics')).toEqual([]);
    const toc = doc.blocks.find((block) => block.page === 2 && block.kind === 'list');
    expect(toc?.text.split('\n').slice(0, 3)).toEqual(['1 Introduction', '1.1 Legalese', '1.2 Obtaining this document']);
  });

  it('leaves the caller’s bytes intact (pdfjs gets a copy)', () => {
    expect(bytes.length).toBe(368707);
    expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe('%PDF-');
  });
});

describe('readPdf on the Erlang SSL guide (Apache FOP, 80 pages)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('reads pages, code and deep outline headings, and prints nothing', async () => {
    const bytes = await corpusFile('erlang-otp/v25/applications/ssl.pdf');
    const stdout = vi.spyOn(process.stdout, 'write');
    const logs = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) => vi.spyOn(console, method));
    const doc = await readPdf(bytes, 'ssl.pdf');
    expect(stdout).not.toHaveBeenCalled();
    for (const log of logs) expect(log).not.toHaveBeenCalled();

    expect(doc.pageCount).toBe(80);
    expect(doc.title).toBe('Secure Socket Layer');
    expect(doc.blocks.every((block) => block.page !== undefined && block.page >= 1 && block.page <= 80)).toBe(true);
    // pdftotext -f 51 -l 51 ssl.pdf - | grep 'Support for {md5, rsa} was removed'
    expect(blocksWith(doc, 'Support for {md5, rsa} was removed').map((block) => block.page)).toEqual([51]);
    expect(doc.blocks).toContainEqual({ kind: 'heading', level: 4, text: 'Basic Client', page: 5 });
    const code = doc.blocks.find((block) => block.kind === 'code' && block.text.includes('ssl:listen(9999'));
    expect(code?.page).toBe(5);
    expect(code?.text.split('\n').length).toBeGreaterThan(4);
  });
});

describe('readPdf on bad input', () => {
  it('reads a minimal hand-built PDF, titled by its file name', async () => {
    const doc = await readPdf(simplePdf('Hello from McDewey'), 'hello.pdf');
    expect(doc).toMatchObject({ title: 'hello.pdf', pageCount: 1, blocks: [{ kind: 'paragraph', text: 'Hello from McDewey', page: 1 }] });
  });

  it('rejects garbage behind a %PDF header as corrupt', async () => {
    const error = await rejection(readPdf(corruptPdf(), 'garbage.pdf'));
    expect(error.message).toMatch(/^garbage\.pdf: corrupt or truncated PDF \(.+\)$/);
  });

  it('rejects a truncated real PDF', async () => {
    const bytes = await corpusFile('r-project/v4.5/manuals/r-faq.pdf');
    const error = await rejection(readPdf(bytes.subarray(0, Math.floor(bytes.length * 0.6)), 'r-faq.pdf'));
    expect(error.message).toMatch(/^r-faq\.pdf: corrupt or truncated PDF/);
  });

  it('rejects a PDF encrypted with a user password', async () => {
    const error = await rejection(readPdf(encryptedPdf('secret'), 'locked.pdf'));
    expect(error.message).toBe('locked.pdf: PDF is encrypted (password required)');
  });

  it('rejects a valid PDF whose only page is blank', async () => {
    const error = await rejection(readPdf(blankPdf(), 'blank.pdf'));
    expect(error.message).toBe('blank.pdf: no extractable text (scanned?)');
  });
});
