import { readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ingest, openIndex } from '@mcdewey/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSite } from '../src/index.js';
import { tempDir, writeTree } from './helpers.js';

/** Vendor HTML copied into a static site must not run there: any static host serves `.html` as a page. */

const HOSTILE_HTML =
  '<html><head><title>Hostile Guide</title><script>document.cookie = "stolen"</script></head><body><main><h1>Hostile</h1><p>Rotate the flux keys weekly.</p><img src=x onerror="alert(1)"></main></body></html>';

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
}

describe('original files in a static export', () => {
  const work = tempDir();
  const corpus = join(work.path, 'corpus');
  const indexDir = join(work.path, 'index');
  const siteDir = join(work.path, 'site');

  beforeAll(async () => {
    writeTree(corpus, {
      'acme/v1/guide/intro.md': '# Introduction\n\nAcme widgets turn sprockets into gears.\n',
      'globex/9.0/manual/tuning.html': '<html><head><title>Tuning Globex</title></head><body><main><h1>Tuning</h1><p>Increase the cache size.</p></main></body></html>',
      'globex/9.0/manual/notes.txt': 'Release notes\n\nThe snapshot format changed in 9.0.\n',
      'evil/v1/pages/hostile.html': HOSTILE_HTML,
      'evil/v1/pages/legacy.HTM': HOSTILE_HTML.replace('Hostile Guide', 'Legacy Guide').replace('flux keys weekly', 'legacy tokens daily'),
    });
    await ingest(corpus, indexDir);
    await exportSite(await openIndex(indexDir), { outDir: siteDir, corpusDir: corpus });
  });
  afterAll(() => work.cleanup());

  it('copies HTML originals as .txt, never as a page; PDFs, Markdown and text keep their names', () => {
    const files = walk(join(siteDir, 'files')).map((path) => relative(siteDir, path).split('\\').join('/'));
    expect(files.filter((path) => /\.(html?|xhtml|svg)$/i.test(path))).toEqual([]);
    expect(files).toEqual(
      expect.arrayContaining([
        'files/evil/v1/pages/hostile.html.txt',
        'files/evil/v1/pages/legacy.HTM.txt',
        'files/globex/9.0/manual/tuning.html.txt',
        'files/acme/v1/guide/intro.md',
        'files/globex/9.0/manual/notes.txt',
      ]),
    );
    // The copy is the vendor's file byte for byte, shown as text.
    expect(readFileSync(join(siteDir, 'files/evil/v1/pages/hostile.html.txt'), 'utf8')).toBe(HOSTILE_HTML);
  });

  it('links the document page to the text copy', () => {
    const page = readFileSync(join(siteDir, 'doc/evil/v1/pages/hostile.html'), 'utf8');
    expect(page).toContain('files/evil/v1/pages/hostile.html.txt"');
    expect(page).not.toMatch(/files\/evil\/v1\/pages\/hostile\.html"/);
    expect(readFileSync(join(siteDir, 'doc/acme/v1/guide/intro.html'), 'utf8')).toContain('files/acme/v1/guide/intro.md"');
  });

  it('writes no server path into the site', () => {
    for (const path of walk(siteDir).filter((file) => /\.(html|json|js|css|txt|md)$/.test(file))) {
      const text = readFileSync(path, 'utf8');
      for (const dir of [work.path, corpus, indexDir, tmpdir()]) expect(text, relative(siteDir, path)).not.toContain(dir);
    }
  });
});
