import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FETCH_MANIFEST_FILE, FETCH_MANIFEST_VERSION, ingest, openIndex, readFetchManifest, search, type FetchManifest } from '../../src/index.js';
import { readHtml } from '../../src/ingest/html.js';
import { testdir } from '../helpers.js';

const PAGE = `<html><head><title>Guide</title></head><body><main>
<section id="intro"><h1>Introduction</h1><p>Widgets turn sprockets.</p>
<section id="install"><h2>Installing</h2><p>Run the installer for widgets.</p>
<h3>Quietly</h3><p>Add the quiet flag to silence widgets.</p></section></section>
<h2><a name="2.1">Lexical Conventions</a></h2><p>Names are words of widgets.</p>
<div class="sect1" id="backup"><div class="titlepage"><div><h2 class="title">Backups</h2></div></div><p>Copy the widget store.</p></div>
<h2 id="restore">Restore</h2><p>Restore the widget store.</p>
</main></body></html>`;

function manifest(files: FetchManifest['files']): string {
  return JSON.stringify({ formatVersion: FETCH_MANIFEST_VERSION, files });
}

const entry = (url: string) => ({ url, from: 'https://docs.example.com/', sha256: 'x', bytes: 1, fetchedAt: '2026-01-01T00:00:00Z' });

describe('heading anchors in HTML', () => {
  it("takes a heading's id, an id or name inside it, or the id of the section it opens", () => {
    const headings = readHtml(PAGE, 'guide.html').blocks.filter((block) => block.kind === 'heading');
    expect(headings.map((heading) => [heading.text, heading.anchor])).toEqual([
      ['Introduction', 'intro'],
      ['Installing', 'install'],
      ['Quietly', undefined],
      ['Lexical Conventions', '2.1'],
      ['Backups', 'backup'],
      ['Restore', 'restore'],
    ]);
  });

  it('does not give a heading the id of an element with text before it', () => {
    const blocks = readHtml('<main><div id="content"><p>Text first.</p><h2>Later</h2></div></main>', 'x.html').blocks;
    expect(blocks.find((block) => block.kind === 'heading')?.anchor).toBeUndefined();
  });
});

describe('source URLs from the fetch manifest', () => {
  it('gives fetched documents and their chunks the URL, with the section anchor or the PDF page; others get none', async () => {
    const corpus = testdir({
      'acme/v1/guide/guide.html': PAGE,
      'acme/v1/guide/notes.md': '# Notes\n\nWidget notes.\n',
      [`acme/v1/${FETCH_MANIFEST_FILE}`]: manifest({ 'guide/guide.html': entry('https://docs.example.com/guide/guide.html') }),
    });
    const indexDir = join(testdir(), 'index');
    await ingest(corpus, indexDir);
    const library = await openIndex(indexDir);
    try {
      const chunks = library.getDocument('acme::v1::guide::guide').chunks;
      expect(chunks.length).toBeGreaterThan(0);
      const urlOf = (needle: string) => chunks.find((chunk) => chunk.text.includes(needle))?.sourceUrl;
      expect(urlOf('Widgets turn sprockets')).toBe('https://docs.example.com/guide/guide.html#intro');
      expect(urlOf('quiet flag')).toBe('https://docs.example.com/guide/guide.html#install');
      expect(urlOf('Names are words')).toBe('https://docs.example.com/guide/guide.html#2.1');
      expect(urlOf('Restore the widget store')).toBe('https://docs.example.com/guide/guide.html#restore');
      expect(library.getDocument('acme::v1::guide::notes').chunks.every((chunk) => chunk.sourceUrl === undefined)).toBe(true);
      const { results } = await search(library, 'quiet flag', { mode: 'lexical' });
      expect(results[0]?.sourceUrl).toBe('https://docs.example.com/guide/guide.html#install');
    } finally {
      await library.dispose();
    }
  });

  it('re-reads an unchanged file when its URL changes, and a damaged manifest only costs the URLs', async () => {
    const corpus = testdir({
      'acme/v1/guide/guide.html': PAGE,
      [`acme/v1/${FETCH_MANIFEST_FILE}`]: manifest({ 'guide/guide.html': entry('https://old.example.com/guide.html') }),
    });
    const indexDir = join(testdir(), 'index');
    await ingest(corpus, indexDir);
    writeFileSync(join(corpus, 'acme/v1', FETCH_MANIFEST_FILE), manifest({ 'guide/guide.html': entry('https://new.example.com/guide.html') }));
    const second = await ingest(corpus, indexDir);
    expect(second.processed).toBe(1);
    writeFileSync(join(corpus, 'acme/v1', FETCH_MANIFEST_FILE), '{not json');
    const notices: string[] = [];
    const third = await ingest(corpus, indexDir, { onNotice: (message) => notices.push(message) });
    expect(third.documents).toBe(1);
    expect(notices.join('\n')).toMatch(/Fetch manifest .*\.mcdewey-fetch\.json cannot be read: not JSON/);
    expect(() => readFetchManifest(join(corpus, 'acme/v1'))).toThrow(/not JSON/);
  });
});
