import { renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/pipeline/ingest.js';
import { openIndex } from '../../src/open.js';
import { findOriginals, originalFileProblem } from '../../src/store/originals.js';
import { manyPagesPdf } from '../fixtures/bad-files.js';
import { testdir } from '../helpers.js';

async function ingested(): Promise<{ root: string; corpus: string; indexDir: string }> {
  const root = testdir({
    'corpus/acme/v1/manuals/manual.pdf': manyPagesPdf(3, '<< /Nums [0 << /S /r >> 1 << /S /D >>] >>'),
    'corpus/acme/v1/guides/intro.md': '# Intro\n\nWelcome to the widget.\n',
  });
  const corpus = join(root, 'corpus');
  const indexDir = join(root, 'index');
  await ingest(corpus, indexDir);
  return { root, corpus, indexDir };
}

describe('the corpus folder recorded at ingest', () => {
  it('is written to the manifest as an absolute path, and the PDF chunks keep their printed pages', async () => {
    const { corpus, indexDir } = await ingested();
    const library = await openIndex(indexDir);
    expect(library.manifest.corpusDir).toBe(corpus);
    const pdfChunks = library.getDocument('acme::v1::manuals::manual').chunks;
    expect(pdfChunks[0]).toMatchObject({ page: 1, pageLabel: 'i' });
  });

  it('finds the originals there when no folder is named, and a named one wins', async () => {
    const { corpus, indexDir } = await ingested();
    const library = await openIndex(indexDir);
    expect(findOriginals(library)).toEqual({ dir: corpus, from: 'recorded' });
    const copy = testdir({ 'acme/v1/manuals/manual.pdf': manyPagesPdf(1) });
    expect(findOriginals(library, copy)).toEqual({ dir: copy, from: 'option' });
  });

  it('says the recorded folder is gone when it moved, without naming server paths in the reason', async () => {
    const { root, corpus, indexDir } = await ingested();
    const library = await openIndex(indexDir);
    renameSync(corpus, join(root, 'moved'));
    const found = findOriginals(library);
    expect(found.dir).toBeUndefined();
    if (found.dir !== undefined) return;
    expect(found.reason).toBe('the corpus folder recorded at ingest is gone (moved or deleted?); start serve with --corpus DIR');
    expect(found.reason).not.toContain(root);
    expect(found.detail).toContain(corpus);
  });

  it('says a folder that no longer holds the indexed files does not, and a missing --corpus folder does not exist', async () => {
    const { indexDir } = await ingested();
    const library = await openIndex(indexDir);
    const other = testdir({ 'globex/v9/misc/readme.md': '# Other\n' });
    expect(findOriginals(library, other)).toMatchObject({ dir: undefined, reason: expect.stringMatching(/^the corpus folder no longer holds the indexed files/) });
    expect(findOriginals(library, join(other, 'nowhere'))).toMatchObject({ dir: undefined, reason: 'the corpus folder given with --corpus does not exist' });
  });

  it('says an index written before the field records no folder', async () => {
    const { indexDir } = await ingested();
    const library = await openIndex(indexDir);
    const older = { manifest: { ...library.manifest, corpusDir: undefined }, documents: library.documents };
    expect(findOriginals(older)).toMatchObject({ dir: undefined, reason: expect.stringMatching(/^this index does not record the corpus folder/) });
  });

  it('names one missing original, and one that leads outside the corpus', async () => {
    const { root, corpus } = await ingested();
    expect(originalFileProblem(corpus, 'acme/v1/manuals/manual.pdf')).toBeUndefined();
    rmSync(join(corpus, 'acme/v1/manuals/manual.pdf'));
    expect(originalFileProblem(corpus, 'acme/v1/manuals/manual.pdf')).toBe('the original file acme/v1/manuals/manual.pdf is missing from the corpus folder');
    writeFileSync(join(root, 'secret.pdf'), 'x');
    symlinkSync(join(root, 'secret.pdf'), join(corpus, 'acme/v1/manuals/manual.pdf'));
    expect(originalFileProblem(corpus, 'acme/v1/manuals/manual.pdf')).toBe('the original file acme/v1/manuals/manual.pdf leads outside the corpus folder');
  });
});
