import { readFileSync, readdirSync, realpathSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { McdeweyError } from '../../src/errors.js';
import { listCorpus, resolveCorpusFile } from '../../src/ingest/corpus.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { testdir } from '../helpers.js';

const SECRET = 'root:x:0:0:the secret outside the corpus';

/** A corpus with one ordinary document, and a folder beside it holding a "secret" file and documents. */
function corpusWithOutside(): { corpus: string; outside: string } {
  const outside = testdir({ 'passwd.txt': `${SECRET}\n`, 'v1/g/leak.md': `# Leak\n\n${SECRET}\n` });
  const corpus = testdir({ 'acme/v1/guide/intro.md': '# Intro\n\nWidgets turn sprockets.\n' });
  return { corpus, outside };
}

function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return error instanceof McdeweyError ? `${error.code}: ${String(error.details.reason)}` : String(error);
  }
  return 'no error';
}

describe('corpus confinement', () => {
  it('never indexes a file or folder symlinked from outside the corpus, and says why', async () => {
    const { corpus, outside } = corpusWithOutside();
    symlinkSync(join(outside, 'passwd.txt'), join(corpus, 'acme/v1/guide/passwd.txt'));
    symlinkSync(outside, join(corpus, 'evil'));
    symlinkSync(join(outside, 'v1'), join(corpus, 'acme/v2'));
    const index = join(testdir(), 'index');
    const report = await ingest(corpus, index);
    expect(report.documents).toBe(1);
    expect(report.skipped).toEqual(
      expect.arrayContaining([
        { source: 'acme/v1/guide/passwd.txt', reason: 'symlink points outside the corpus' },
        { source: 'acme/v2', reason: 'symlink points outside the corpus' },
        { source: 'evil', reason: 'symlink points outside the corpus' },
      ]),
    );
    // Nothing from outside reaches the index, so /chunk, /api and get_chunk cannot serve it.
    for (const file of readdirSync(index)) expect(readFileSync(join(index, file), 'latin1')).not.toContain('the secret outside');
  });

  it('follows symlinks (to files and to folders) that stay inside the corpus', async () => {
    const corpus = testdir({
      'acme/v1/guide/intro.md': '# Intro\n\nWidgets turn sprockets.\n',
      'shared/install.md': '# Install\n\nRun the installer.\n',
    });
    symlinkSync(join(corpus, 'shared/install.md'), join(corpus, 'acme/v1/guide/install.md'));
    symlinkSync(join(corpus, 'acme/v1'), join(corpus, 'acme/v1-copy'));
    const report = await ingest(corpus, join(testdir(), 'index'));
    expect(report.skipped).toEqual([]);
    expect(report.documents).toBe(4);
  });

  it('skips a dangling symlink, a symlink loop and a folder loop with their reasons instead of crashing', () => {
    const { corpus } = corpusWithOutside();
    symlinkSync(join(corpus, 'nowhere.md'), join(corpus, 'acme/v1/guide/dangling.md'));
    symlinkSync(join(corpus, 'acme/v1/guide/loop-b.md'), join(corpus, 'acme/v1/guide/loop-a.md'));
    symlinkSync(join(corpus, 'acme/v1/guide/loop-a.md'), join(corpus, 'acme/v1/guide/loop-b.md'));
    symlinkSync(join(corpus, 'acme'), join(corpus, 'acme/v1/again'));
    const listing = listCorpus(corpus);
    expect(listing.files.map((file) => file.source)).toEqual(['acme/v1/guide/intro.md']);
    expect(listing.skipped).toEqual([
      { source: 'acme/v1/again', reason: 'symlink loop (points to a folder above it)' },
      { source: 'acme/v1/guide/dangling.md', reason: 'dangling symlink (its target does not exist)' },
      { source: 'acme/v1/guide/loop-a.md', reason: 'symlink loop' },
      { source: 'acme/v1/guide/loop-b.md', reason: 'symlink loop' },
    ]);
  });

  it('skips a file deleted, or swapped for a symlink out of the corpus, between listing and reading', async () => {
    const { corpus, outside } = corpusWithOutside();
    writeFileSync(join(corpus, 'acme/v1/guide/gone.md'), '# Gone\n\nSoon removed.\n');
    writeFileSync(join(corpus, 'acme/v1/guide/swapped.md'), '# Swapped\n\nSoon a symlink.\n');
    const report = await ingest(corpus, join(testdir(), 'index'), {
      onProgress: ({ phase, source }) => {
        if (phase !== 'read') return;
        if (source === 'acme/v1/guide/gone.md') rmSync(join(corpus, source));
        if (source === 'acme/v1/guide/swapped.md') {
          renameSync(join(corpus, source), join(corpus, 'aside.md'));
          symlinkSync(join(outside, 'v1/g/leak.md'), join(corpus, source));
        }
      },
    });
    expect(report.documents).toBe(1);
    expect(report.skipped).toEqual([
      { source: 'acme/v1/guide/gone.md', reason: 'file not found (removed while ingest ran?)' },
      { source: 'acme/v1/guide/swapped.md', reason: 'symlink points outside the corpus' },
    ]);
  });

  it('resolveCorpusFile gives the real path inside the corpus, or a typed error', () => {
    const { corpus, outside } = corpusWithOutside();
    symlinkSync(join(outside, 'passwd.txt'), join(corpus, 'acme/v1/guide/passwd.txt'));
    symlinkSync(join(corpus, 'acme/v1/guide/intro.md'), join(corpus, 'acme/v1/guide/alias.md'));
    const intro = realpathSync(join(corpus, 'acme/v1/guide/intro.md'));
    expect(resolveCorpusFile(corpus, 'acme/v1/guide/intro.md')).toBe(intro);
    expect(resolveCorpusFile(corpus, 'acme/v1/guide/alias.md')).toBe(intro);
    expect(codeOf(() => resolveCorpusFile(corpus, 'acme/v1/guide/passwd.txt'))).toBe('OUTSIDE_CORPUS: symlink points outside the corpus');
    expect(codeOf(() => resolveCorpusFile(corpus, '../passwd.txt'))).toBe('OUTSIDE_CORPUS: not a path inside the corpus');
    expect(codeOf(() => resolveCorpusFile(corpus, join(outside, 'passwd.txt')))).toBe('OUTSIDE_CORPUS: not a path inside the corpus');
    expect(codeOf(() => resolveCorpusFile(corpus, 'acme/v1/guide/missing.md'))).toBe('UNREADABLE_DOCUMENT: file not found (removed while ingest ran?)');
    expect(codeOf(() => resolveCorpusFile(corpus, 'acme/v1/guide'))).toBe('UNREADABLE_DOCUMENT: not a regular file');
  });
});
