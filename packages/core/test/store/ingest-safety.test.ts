import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isMcdeweyError, type McdeweyError } from '../../src/errors.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { openIndex } from '../../src/open.js';
import { INDEX_MARKER } from '../../src/store/index-dir.js';
import { rollbackIndex } from '../../src/store/rollback.js';
import { asIndexWriteError } from '../../src/store/write-error.js';
import { testdir, writeTree } from '../helpers.js';

/** Five plain-text documents, three of them acme's (plain text, so no reader change alters the count). */
function fiveDocs(): Record<string, string> {
  return {
    'acme/v1/guide/install.txt': 'Installing\n\nRun the installer.\n',
    'acme/v1/guide/backup.txt': 'Backups\n\nTake a snapshot.\n',
    'acme/v2/guide/backup.txt': 'Backups\n\nSnapshots are automatic.\n',
    'globex/9.0/manual/tuning.txt': 'Tuning\n\nIncrease the cache size.\n',
    'globex/9.0/manual/notes.txt': 'Release notes\n\nThe snapshot format changed.\n',
    'SOURCES.md': '# Sources\n',
  };
}

async function failure(promise: Promise<unknown>): Promise<McdeweyError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isMcdeweyError(error)) throw new Error(`expected a McdeweyError, got ${String(error)}`);
  return error;
}

/** Every file below `root` with its content, to prove nothing was touched. */
function snapshot(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) files[join(entry.parentPath, entry.name)] = readFileSync(join(entry.parentPath, entry.name), 'utf8');
  }
  return files;
}

async function built(): Promise<{ corpus: string; index: string }> {
  const corpus = testdir(fiveDocs());
  const index = join(testdir(), 'index');
  await ingest(corpus, index);
  return { corpus, index };
}

describe('ingest never replaces what is not an index', () => {
  it("refuses --index pointing at a folder of the user's own files, touching nothing", async () => {
    const corpus = testdir(fiveDocs());
    const userdata = testdir({ 'notes.txt': 'my notes', 'photos/cat.jpg': 'meow' });
    const before = snapshot(userdata);
    const error = await failure(ingest(corpus, userdata));
    expect(error.code).toBe('NOT_AN_INDEX');
    expect(error.message).toContain(userdata);
    expect(snapshot(userdata)).toEqual(before);
    expect(readdirSync(dirname(userdata)).filter((name) => name.startsWith(`${userdata.split('/').pop()}.`))).toEqual([]);
  });

  it('refuses --index pointing at the corpus itself', async () => {
    const corpus = testdir(fiveDocs());
    const before = snapshot(corpus);
    expect((await failure(ingest(corpus, corpus))).code).toBe('NOT_AN_INDEX');
    expect(snapshot(corpus)).toEqual(before);
  });

  it('refuses a file as --index', async () => {
    const file = join(testdir({ index: 'a file' }), 'index');
    expect((await failure(ingest(testdir(fiveDocs()), file))).code).toBe('NOT_AN_INDEX');
    expect(readFileSync(file, 'utf8')).toBe('a file');
  });

  it('writes into an empty folder and marks every index it writes', async () => {
    const index = testdir();
    const report = await ingest(testdir(fiveDocs()), index);
    expect(report.documents).toBe(5);
    expect(existsSync(join(index, INDEX_MARKER))).toBe(true);
    expect((await openIndex(index)).manifest.counts.documents).toBe(5);
  });

  it('accepts an index written before the marker existed (recognised by its manifest)', async () => {
    const { corpus, index } = await built();
    rmSync(join(index, INDEX_MARKER));
    const report = await ingest(corpus, index);
    expect(report.reused).toBe(5);
  });

  it('refuses when <index>.previous holds something else, and never removes it', async () => {
    const { corpus, index } = await built();
    writeTree(`${index}.previous`, { 'keep.txt': 'mine' });
    writeTree(corpus, { 'acme/v1/guide/new.txt': 'New\n\nnew text' });
    const error = await failure(ingest(corpus, index));
    expect(error.code).toBe('NOT_AN_INDEX');
    expect(error.message).toContain(`${index}.previous`);
    expect(readFileSync(join(`${index}.previous`, 'keep.txt'), 'utf8')).toBe('mine');
  });

  it("leaves a sibling named like a staging dir alone when it holds the user's files", async () => {
    const { corpus, index } = await built();
    const lookalike = `${index}.tmp-999999-x`;
    writeTree(lookalike, { 'thesis.tex': 'years of work' });
    await ingest(corpus, index);
    expect(readFileSync(join(lookalike, 'thesis.tex'), 'utf8')).toBe('years of work');
  });
});

describe('ingest refuses to drop most of a library without prune', () => {
  it('refuses an empty corpus over a full index, saying how many of how many', async () => {
    const { index } = await built();
    const before = readFileSync(join(index, 'chunks.jsonl'));
    const error = await failure(ingest(testdir({ 'README.md': 'nothing here' }), index));
    expect(error.code).toBe('PRUNE_REQUIRED');
    expect(error.message).toContain('remove 5 of the 5 documents');
    expect(error.message).toContain('check the corpus path');
    expect(error.message).toContain('--prune');
    expect(readFileSync(join(index, 'chunks.jsonl')).equals(before)).toBe(true);
    expect(existsSync(`${index}.previous`)).toBe(false);
  });

  it('refuses a corpus path one folder too deep (every document at the wrong depth)', async () => {
    const { corpus, index } = await built();
    const error = await failure(ingest(join(corpus, 'acme'), index));
    expect(error.code).toBe('PRUNE_REQUIRED');
    expect(error.details).toMatchObject({ removed: 5, indexed: 5, kept: 0 });
  });

  it('refuses dropping more than half, allows half or less, and allows anything with prune', async () => {
    const { corpus, index } = await built();
    rmSync(join(corpus, 'acme'), { recursive: true }); // 3 of 5 documents gone
    expect((await failure(ingest(corpus, index))).message).toContain('remove 3 of the 5 documents');
    const pruned = await ingest(corpus, index, { prune: true });
    expect(pruned).toMatchObject({ documents: 2, removed: 3 });
    rmSync(join(corpus, 'globex/9.0/manual/notes.txt')); // 1 of 2: half is allowed
    expect(await ingest(corpus, index)).toMatchObject({ documents: 1, removed: 1 });
    const emptied = await ingest(testdir(), index, { prune: true });
    expect(emptied).toMatchObject({ documents: 0, removed: 1 });
  });

  it('counts removals even when the chunker settings changed (every document re-read)', async () => {
    const { index } = await built();
    const error = await failure(ingest(testdir(), index, { chunker: { maxTokens: 64 } }));
    expect(error.code).toBe('PRUNE_REQUIRED');
  });
});

describe('previous generation and rollback', () => {
  it('keeps the replaced index as <index>.previous and rolls back to it, and back again', async () => {
    const { corpus, index } = await built();
    writeTree(corpus, { 'acme/v1/guide/new.txt': 'New\n\nA brand new page.' });
    await ingest(corpus, index);
    expect((await openIndex(index)).manifest.counts.documents).toBe(6);
    expect(JSON.parse(readFileSync(join(`${index}.previous`, 'manifest.json'), 'utf8')).counts.documents).toBe(5);

    const report = await rollbackIndex(index);
    expect(report).toMatchObject({ indexDir: index, previousDir: `${index}.previous`, documents: 5 });
    expect((await openIndex(index)).manifest.counts.documents).toBe(5);
    expect((await openIndex(`${index}.previous`)).manifest.counts.documents).toBe(6);

    await rollbackIndex(index); // undoes the rollback
    expect((await openIndex(index)).manifest.counts.documents).toBe(6);
    expect(existsSync(`${index}.lock`)).toBe(false);
    expect(readdirSync(dirname(index)).sort()).toEqual(['index', 'index.previous']);
  });

  it('replaces an older previous generation with the one just replaced', async () => {
    const { corpus, index } = await built();
    writeTree(corpus, { 'acme/v1/guide/a.txt': 'A\n\nalpha' });
    await ingest(corpus, index);
    writeTree(corpus, { 'acme/v1/guide/b.txt': 'B\n\nbeta' });
    await ingest(corpus, index);
    expect(JSON.parse(readFileSync(join(`${index}.previous`, 'manifest.json'), 'utf8')).counts.documents).toBe(6);
  });

  it('says so when there is no previous generation', async () => {
    const { index } = await built();
    const error = await failure(rollbackIndex(index));
    expect(error.code).toBe('INDEX_NOT_FOUND');
    expect(error.message).toContain('No previous generation');
    expect((await openIndex(index)).manifest.counts.documents).toBe(5);
  });

  it('refuses to roll back to a damaged previous generation', async () => {
    const { corpus, index } = await built();
    writeTree(corpus, { 'acme/v1/guide/new.txt': 'New\n\nA brand new page.' });
    await ingest(corpus, index);
    writeFileSync(join(`${index}.previous`, 'chunks.jsonl'), 'truncated');
    expect((await failure(rollbackIndex(index))).code).toBe('INDEX_CORRUPT');
    expect((await openIndex(index)).manifest.counts.documents).toBe(6);
  });
});

describe('write failures are one typed line', () => {
  it('reports INDEX_WRITE_FAILED naming the path and the reason when a file is where a folder must go', async () => {
    // Tests run as root, where chmod does not stop writes; a FILE as the index's parent gives ENOTDIR.
    const parent = join(testdir({ blocker: 'a file' }), 'blocker');
    const error = await failure(ingest(testdir(fiveDocs()), join(parent, 'index')));
    expect(error.code).toBe('INDEX_WRITE_FAILED');
    expect(error.message).toContain(join(parent, 'index'));
    expect(error.message).toContain('ENOTDIR');
    expect(error.message.split('\n')).toHaveLength(1);
    expect(readFileSync(parent, 'utf8')).toBe('a file');
  });

  it('turns a disk-full or read-only error about the index into INDEX_WRITE_FAILED, and leaves others alone', () => {
    const index = '/data/index';
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', path: `${index}.tmp-1-x/chunks.jsonl` });
    const erofs = Object.assign(new Error('EROFS: read-only file system, mkdir'), { code: 'EROFS', path: '/data' });
    const corpusRead = Object.assign(new Error('EACCES: permission denied, open'), { code: 'EACCES', path: '/corpus/acme/v1/g/a.pdf' });
    expect(asIndexWriteError(index, enospc)).toMatchObject({ code: 'INDEX_WRITE_FAILED', message: expect.stringContaining('the disk is full') });
    expect(asIndexWriteError(index, erofs)).toMatchObject({ code: 'INDEX_WRITE_FAILED', message: expect.stringContaining('read-only') });
    expect(asIndexWriteError(index, corpusRead)).toBe(corpusRead);
  });
});
