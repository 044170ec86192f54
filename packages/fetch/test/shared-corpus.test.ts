import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest, openIndex, type ChunkRecord } from '@mcdewey/core';
import { fetchSite } from '../src/index.js';
import { page, startSite, type TestSite } from './site-server.js';

/** The full shared corpus, beside the repository (absent on some machines: the tests then skip). */
const SHARED_CORPUS = fileURLToPath(new URL('../../../../shared/corpus', import.meta.url));
const PAGES = ['design', 'extending', 'general', 'gui', 'installed', 'library', 'programming', 'windows'];
const PDF = 'r-data';
const present = existsSync(join(SHARED_CORPUS, 'python/v3.11/faq/general.html')) && existsSync(join(SHARED_CORPUS, `r-project/v4.2/manuals/${PDF}.pdf`));
if (!present) console.warn(`fetch: shared-corpus tests skipped: ${SHARED_CORPUS} is absent`);

async function chunksByDocument(indexDir: string): Promise<Map<string, ChunkRecord[]>> {
  const library = await openIndex(indexDir);
  try {
    const byDocument = new Map<string, ChunkRecord[]>();
    for (const document of library.listDocuments()) byDocument.set(`${document.group}/${document.doc}`, [...library.getDocument(document.id).chunks]);
    return byDocument;
  } finally {
    await library.dispose();
  }
}

describe.skipIf(!present)('fetching a site built from ../shared/corpus (Python FAQ pages and an R manual PDF)', () => {
  let site: TestSite;
  let work: string;
  const start = () => `${site.origin}/py/faq/index.html`;
  const options = () => ({ corpusDir: join(work, 'fetched'), vendor: 'python', version: 'v3.11', rate: Infinity });

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'mcdewey-fetch-shared-'));
    const routes: Parameters<typeof startSite>[0] = {
      '/py/faq/index.html': { type: 'text/html', body: page('Python FAQ', 'The FAQ pages.', [...PAGES.map((name) => `${name}.html`), `/manuals/${PDF}.pdf`]) },
      [`/manuals/${PDF}.pdf`]: { type: 'application/pdf', body: readFileSync(join(SHARED_CORPUS, `r-project/v4.2/manuals/${PDF}.pdf`)) },
    };
    for (const name of PAGES) routes[`/py/faq/${name}.html`] = { type: 'text/html; charset=utf-8', body: readFileSync(join(SHARED_CORPUS, `python/v3.11/faq/${name}.html`)) };
    site = await startSite(routes);
    // The same files laid out by hand, as a corpus is today.
    for (const name of PAGES) cpSync(join(SHARED_CORPUS, `python/v3.11/faq/${name}.html`), join(work, `original/python/v3.11/faq/${name}.html`));
    mkdirSync(join(work, 'original/python/v3.11/manuals'), { recursive: true });
    cpSync(join(SHARED_CORPUS, `r-project/v4.2/manuals/${PDF}.pdf`), join(work, `original/python/v3.11/manuals/${PDF}.pdf`));
  });

  afterAll(async () => {
    await site?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('fetches the pages and the PDF, and the fetched corpus ingests into the same chunk texts as the original files', async () => {
    const report = await fetchSite(start(), options());
    expect(report.added).toEqual([...[...PAGES, 'index'].sort().map((name) => `python/v3.11/faq/${name}.html`), `python/v3.11/manuals/${PDF}.pdf`]);
    expect(report.failed).toEqual([]);
    await ingest(join(work, 'original'), join(work, 'original-index'));
    await ingest(join(work, 'fetched'), join(work, 'fetched-index'));
    const original = await chunksByDocument(join(work, 'original-index'));
    const fetched = await chunksByDocument(join(work, 'fetched-index'));
    expect(original.size).toBe(PAGES.length + 1);
    for (const [document, chunks] of original) {
      expect(
        fetched.get(document)?.map((chunk) => chunk.text),
        document,
      ).toEqual(chunks.map((chunk) => chunk.text));
      expect(chunks.every((chunk) => chunk.sourceUrl === undefined)).toBe(true);
    }
    // Fetched chunks link back to the site: a section anchor for pages, the page for the PDF.
    const general = fetched.get('faq/general')!;
    expect(general.every((chunk) => chunk.sourceUrl?.startsWith(`${site.origin}/py/faq/general.html`))).toBe(true);
    expect(general.some((chunk) => /#[a-z-]+$/.test(chunk.sourceUrl ?? ''))).toBe(true);
    const pdf = fetched.get(`manuals/${PDF}`)!;
    expect(pdf.at(-1)!.sourceUrl).toBe(`${site.origin}/manuals/${PDF}.pdf#page=${pdf.at(-1)!.page}`);
  });

  it('a second run sends conditional requests, rewrites only what changed and reports it; removal waits for --prune', async () => {
    const firstRequests = site.log.length;
    const again = await fetchSite(start(), options());
    const conditional = site.log.slice(firstRequests).filter((entry) => entry.path !== '/robots.txt');
    expect(conditional.length).toBe(PAGES.length + 2);
    expect(conditional.every((entry) => entry.ifNoneMatch !== undefined && entry.status === 304)).toBe(true);
    expect(again).toMatchObject({ added: [], changed: [], removed: [], missing: [], failed: [], notModified: PAGES.length + 2 });
    expect(again.unchanged).toHaveLength(PAGES.length + 2);

    // One page changes, one is gone from the site (404), one is new.
    const gui = site.routes.get('/py/faq/gui.html') as { body: Buffer; type: string };
    gui.body = Buffer.from(gui.body.toString('utf8').replace('Graphic User Interface FAQ', 'Graphical User Interface FAQ'));
    site.routes.delete('/py/faq/windows.html');
    site.routes.set('/py/faq/new.html', { type: 'text/html', body: page('New', 'A new page about widgets.') });
    site.routes.set('/py/faq/index.html', {
      type: 'text/html',
      body: page('Python FAQ', 'The FAQ pages.', [...PAGES.filter((name) => name !== 'windows').map((name) => `${name}.html`), 'new.html', `/manuals/${PDF}.pdf`]),
    });
    const changed = await fetchSite(start(), options());
    expect(changed).toMatchObject({
      added: ['python/v3.11/faq/new.html'],
      changed: ['python/v3.11/faq/gui.html', 'python/v3.11/faq/index.html'],
      removed: [],
      missing: ['python/v3.11/faq/windows.html'],
    });
    expect(readFileSync(join(work, 'fetched/python/v3.11/faq/gui.html'), 'utf8')).toContain('Graphical User Interface FAQ');
    expect(existsSync(join(work, 'fetched/python/v3.11/faq/windows.html'))).toBe(true);

    const pruned = await fetchSite(start(), { ...options(), prune: true });
    expect(pruned).toMatchObject({ added: [], changed: [], removed: ['python/v3.11/faq/windows.html'], missing: [] });
    expect(existsSync(join(work, 'fetched/python/v3.11/faq/windows.html'))).toBe(false);
  });
});
