import { existsSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingest, openIndex } from '@mcdewey/core';
import { afterAll, describe, expect, it } from 'vitest';
import { exportSite } from '../src/index.js';
import { tempDir, writeTree } from './helpers.js';

const SECRET = 'root:x:0:0:TOP-SECRET-OUTSIDE';

describe('original files in a static export stay inside the corpus', () => {
  const work = tempDir();
  afterAll(() => work.cleanup());

  it('does not copy a document that became a symlink out of the corpus after ingest', async () => {
    const corpus = join(work.path, 'corpus');
    const notes = 'Notes about the daemon: restart it weekly.\n';
    writeTree(corpus, { 'acme/v1/guide/notes.txt': notes, 'acme/v1/guide/intro.md': '# Intro\n\nWidgets turn sprockets.\n' });
    await ingest(corpus, join(work.path, 'index'));
    // Same size as the indexed file, so only the corpus check can tell.
    const outside = join(work.path, 'passwd.txt');
    writeFileSync(outside, SECRET.padEnd(notes.length - 1, '.') + '\n');
    renameSync(join(corpus, 'acme/v1/guide/notes.txt'), join(work.path, 'notes-aside.txt'));
    symlinkSync(outside, join(corpus, 'acme/v1/guide/notes.txt'));

    const siteDir = join(work.path, 'site');
    const report = await exportSite(await openIndex(join(work.path, 'index')), { outDir: siteDir, corpusDir: corpus });
    expect(report.originals).toBe(1);
    expect(existsSync(join(siteDir, 'files/acme/v1/guide/intro.md'))).toBe(true);
    expect(existsSync(join(siteDir, 'files/acme/v1/guide/notes.txt'))).toBe(false);
    expect(readFileSync(join(siteDir, 'doc/acme/v1/guide/notes.html'), 'utf8')).not.toContain('files/acme/v1/guide/notes.txt');
  });
});
