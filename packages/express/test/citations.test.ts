import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { minimalPdf } from '@mcdewey/test-support/pdf';
import { buildLibrary, startTestServer, type TestLibrary, type TestServer } from './helpers.js';

// A manual whose first page is printed "i" and whose body starts at "1" on the PDF's page 2.
const LABELS = '/PageLabels << /Nums [0 << /S /r >> 1 << /S /D >>] >>';
const filler = (sentence: string) => Array.from({ length: 30 }, (_, i) => `${sentence}, step ${i + 1}.`);

let corpus: TestLibrary;
let server: TestServer;
let bare: TestServer;

beforeAll(async () => {
  corpus = await buildLibrary({
    'labco/v3/manuals/handbook.pdf': minimalPdf(
      [
        ['Labco Handbook', 'Preface to the labco handbook.', ...filler('The preface runs long on purpose')],
        ['Calibration', 'Calibrate the quartz oscillator before the first launch.', ...filler('Turn the dial to seven and wait for the lamp')],
        ['Storage', 'Store the oscillator in a dry cupboard.', ...filler('Keep the cupboard closed at night')],
      ],
      LABELS,
    ),
    'labco/v3/manuals/spare.pdf': minimalPdf([['Spare parts', 'A list of spare parts for the oscillator.']]),
  });
  server = await startTestServer(corpus.library, { corpusDir: corpus.corpusDir });
  bare = await startTestServer(corpus.library);
});
afterAll(async () => {
  await server?.close();
  await bare?.close();
  corpus?.remove();
});

const page = async (origin: string, path: string) => (await fetch(`${origin}${path}`)).text();
const calibration = () => corpus.library.getDocument('labco::v3::manuals::handbook').chunks.find((chunk) => chunk.text.includes('quartz oscillator'))!;

describe('printed page numbers', () => {
  test('the chunk records the printed page beside the physical one', () => {
    expect(calibration()).toMatchObject({ page: 2, pageLabel: '1' });
  });

  test('the card cites "p. 1 (PDF page 2)", links the physical page, and is headed by the section, not "Page 2"', async () => {
    const chunk = calibration();
    const text = await page(server.origin, `/chunk/${chunk.id}`);
    expect(text).toContain('<tr><th scope="row">page</th><td><a href="/files/labco/v3/manuals/handbook.pdf#page=2" class="pdf-link">p. 1 (PDF page 2)</a></td></tr>');
    expect(text).not.toContain('<h1 id="card-title">Page');
    expect(text).toContain(`<h1 id="card-title">${chunk.headings.at(-1) ?? chunk.title}</h1>`);
  });

  test('a search result and the document view say the printed page too', async () => {
    const results = await page(server.origin, '/?q=quartz+oscillator');
    expect(results).toContain('<span class="result-page">page 1 (PDF page 2)</span>');
    const view = await page(server.origin, `/doc/labco::v3::manuals::handbook?chunk=${calibration().n}`);
    expect(view).toContain('p. 1 (PDF page 2)</span>');
    expect(view).toContain('href="/files/labco/v3/manuals/handbook.pdf#page=2">Open PDF at page 2</a>');
    const api = (await (await fetch(`${server.origin}/api/chunks/${calibration().id}`)).json()) as { chunk?: Record<string, unknown> } & Record<string, unknown>;
    expect(JSON.stringify(api)).toContain('"pageLabel":"1"');
  });

  test('"Copy citation" holds the whole citation on one line, ending with the card\'s URL', async () => {
    const chunk = calibration();
    const text = await page(server.origin, `/chunk/${chunk.id}`);
    const copied = /<button type="button" class="copy copy-citation" data-copy="([^"]*)" hidden>Copy citation<\/button>/.exec(text)?.[1];
    expect(copied).toBeDefined();
    const section = chunk.headings.filter((heading) => heading !== chunk.title).join(' › ');
    expect(copied).toBe(['labco v3', chunk.title, section, 'p. 1 (PDF page 2)', chunk.id, `${server.origin}/chunk/${chunk.id}`].filter(Boolean).join(' · ').replaceAll('&', '&amp;'));
  });
});

describe('why an original is not linked', () => {
  test('a router without a corpus folder says so on the card and the document view', async () => {
    const text = await page(bare.origin, `/chunk/${calibration().id}`);
    expect(text).not.toContain('/files/');
    expect(text).toContain('The original PDF is not available here: this server was started without the corpus folder.');
    const view = await page(bare.origin, '/doc/labco::v3::manuals::handbook');
    expect(view).toContain('original PDF not available here: this server was started without the corpus folder');
  });

  test('a file gone from the corpus folder is named, and the other originals still open', async () => {
    rmSync(join(corpus.corpusDir, 'labco/v3/manuals/spare.pdf'));
    const text = await page(server.origin, '/chunk/labco::v3::manuals::spare::0');
    expect(text).toContain('The original PDF is not available here: the original file labco/v3/manuals/spare.pdf is missing from the corpus folder.');
    expect(text).not.toContain('href="/files/labco/v3/manuals/spare.pdf');
    expect(await page(server.origin, `/chunk/${calibration().id}`)).toContain('href="/files/labco/v3/manuals/handbook.pdf#page=2"');
  });
});
