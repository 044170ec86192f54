import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/pipeline/ingest.js';
import { openIndex } from '../../src/open.js';
import { smallCorpus, testdir, writeTree } from '../helpers.js';

const chunksOf = (index: string) => readFileSync(join(index, 'chunks.jsonl'), 'utf8');

describe('ingest', () => {
  it('reads vendor/version/group/doc.ext, ignores other files and reports them', async () => {
    const corpus = testdir(smallCorpus());
    const index = join(testdir(), 'index');
    const report = await ingest(corpus, index);
    expect(report.documents).toBe(5);
    expect(report.processed).toBe(5);
    expect(report.ignored.map((file) => file.source).sort()).toEqual(['SOURCES.md', '_licenses/acme.txt']);
    const library = await openIndex(index);
    const intro = library.getDocument('acme::v1::guide::intro');
    expect(intro.document.title).toBe('Acme Intro');
    expect(intro.document.metadata.weight).toBe('3');
    const text = intro.chunks.map((chunk) => chunk.text).join('\n');
    expect(text).not.toContain('{{');
    expect(text).toContain('Shortcode noise');
    expect(text).not.toContain('weight');
    const html = library
      .getDocument('globex::9.0::manual::tuning')
      .chunks.map((chunk) => chunk.text)
      .join('\n');
    expect(html).toContain('cache_size = 512MB\nworkers = 4');
    expect(html).not.toContain('alert(1)');
    expect(html).not.toContain('Home | Next');
  });

  it('gives byte-identical chunk records when the same corpus is ingested twice', async () => {
    const corpus = testdir(smallCorpus());
    const first = join(testdir(), 'a');
    const second = join(testdir(), 'b');
    await ingest(corpus, first);
    await ingest(corpus, second);
    expect(chunksOf(second)).toBe(chunksOf(first));
  });

  it('re-ingests incrementally: unchanged documents are reused, removed ones leave, changed ones alone change', async () => {
    const corpus = testdir(smallCorpus());
    const index = join(testdir(), 'index');
    await ingest(corpus, index);
    const before = [...(await openIndex(index)).chunkRecords()];

    writeTree(corpus, { 'acme/v1/guide/backup.md': '# Backups\n\nBackups are now automatic.\n' });
    rmSync(join(corpus, 'globex/9.0/manual/notes.txt'));
    const report = await ingest(corpus, index);
    expect(report).toMatchObject({ documents: 4, processed: 1, reused: 3, removed: 1 });

    const after = [...(await openIndex(index)).chunkRecords()];
    const untouched = (chunks: typeof before) => chunks.filter((chunk) => !chunk.id.startsWith('acme::v1::guide::backup') && !chunk.id.startsWith('globex::9.0::manual::notes'));
    expect(JSON.stringify(untouched(after))).toBe(JSON.stringify(untouched(before)));
    expect(
      after
        .filter((chunk) => chunk.doc === 'backup' && chunk.version === 'v1')
        .map((chunk) => chunk.text)
        .join(' '),
    ).toContain('automatic');
    expect(after.some((chunk) => chunk.doc === 'notes')).toBe(false);
  });

  it('skips an unreadable file with its reason and ingests everything else', async () => {
    const corpus = testdir({ ...smallCorpus(), 'acme/v1/guide/empty.md': '', 'acme/v1/guide/image.png': 'x' });
    const report = await ingest(corpus, join(testdir(), 'index'));
    expect(report.documents).toBe(5);
    expect(report.skipped).toEqual(
      expect.arrayContaining([
        { source: 'acme/v1/guide/empty.md', reason: expect.stringContaining('empty') },
        { source: 'acme/v1/guide/image.png', reason: expect.stringContaining('unsupported') },
      ]),
    );
  });

  it('rejects a corpus folder that does not exist, naming it', async () => {
    await expect(ingest(join(testdir(), 'missing'), join(testdir(), 'index'))).rejects.toThrow(/missing.*does not exist/);
  });

  it('reports progress for every phase', async () => {
    const phases = new Set<string>();
    await ingest(testdir(smallCorpus()), join(testdir(), 'index'), { onProgress: (progress) => phases.add(progress.phase) });
    expect([...phases]).toEqual(['read', 'index', 'write']);
  });

  it("changing one byte of a document changes only that document's chunks", async () => {
    const corpus = testdir(smallCorpus());
    const index = join(testdir(), 'index');
    await ingest(corpus, index);
    const before = [...(await openIndex(index)).chunkRecords()];
    const path = join(corpus, 'globex/9.0/manual/notes.txt');
    writeFileSync(path, readFileSync(path, 'utf8').replace('9.0', '9.1'));
    await ingest(corpus, index);
    const after = [...(await openIndex(index)).chunkRecords()];
    const changed = after.filter((chunk, i) => JSON.stringify(chunk) !== JSON.stringify(before[i])).map((chunk) => chunk.doc);
    expect(new Set(changed)).toEqual(new Set(['notes']));
  });
});
