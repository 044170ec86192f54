import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Embedder } from '../../src/embed/types.js';
import { describe, expect, it } from 'vitest';
import { ingest } from '../../src/pipeline/ingest.js';
import { openIndex } from '../../src/open.js';
import { isMcdeweyError } from '../../src/errors.js';
import { smallCorpus, testdir, writeTree } from '../helpers.js';

async function build(): Promise<{ corpus: string; index: string }> {
  const corpus = testdir(smallCorpus());
  const index = join(testdir(), 'index');
  await ingest(corpus, index);
  return { corpus, index };
}

describe('index format and atomic writes', () => {
  it('opens what ingest wrote, with formatVersion 2 and counts', async () => {
    const { index } = await build();
    const library = await openIndex(index);
    expect(library.manifest.formatVersion).toBe(2);
    expect(library.manifest.counts.documents).toBe(5);
    expect(library.chunkCount).toBe(library.manifest.counts.chunks);
    expect(existsSync(`${index}.previous`)).toBe(false);
  });

  it('refuses an unknown format version with a typed error naming it', async () => {
    const { index } = await build();
    const manifestPath = join(index, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    writeFileSync(manifestPath, JSON.stringify({ ...manifest, formatVersion: 99 }));
    const error = await openIndex(index).catch((e: unknown) => e);
    expect(isMcdeweyError(error, 'INDEX_FORMAT_UNSUPPORTED')).toBe(true);
    expect((error as Error).message).toContain('format version 99');
  });

  it('reports a missing index with INDEX_NOT_FOUND and how to create one', async () => {
    const error = await openIndex(join(testdir(), 'nope')).catch((e: unknown) => e);
    expect(isMcdeweyError(error, 'INDEX_NOT_FOUND')).toBe(true);
    expect((error as Error).message).toContain('mcdewey ingest');
  });

  it('detects a truncated data file', async () => {
    const { index } = await build();
    const chunksPath = join(index, 'chunks.jsonl');
    writeFileSync(chunksPath, readFileSync(chunksPath, 'utf8').slice(0, 100));
    const error = await openIndex(index).catch((e: unknown) => e);
    expect(isMcdeweyError(error, 'INDEX_CORRUPT')).toBe(true);
    expect((error as Error).message).toContain('chunks.jsonl');
  });

  it('reads the previous index when a write was interrupted between its two renames', async () => {
    const { index } = await build();
    const before = readFileSync(join(index, 'chunks.jsonl'), 'utf8');
    renameSync(index, `${index}.previous`);
    mkdirSync(`${index}.tmp-999999-x`); // a half-written staging dir from the dead writer
    const library = await openIndex(index);
    expect(library.chunkCount).toBeGreaterThan(0);
    expect(readFileSync(join(library.dir, 'chunks.jsonl'), 'utf8')).toBe(before);
  });

  it('recovers on the next ingest after an interrupted write and cleans up', async () => {
    const { corpus, index } = await build();
    renameSync(index, `${index}.previous`);
    mkdirSync(`${index}.tmp-999999-x`);
    const report = await ingest(corpus, index);
    expect(report.reused).toBe(5);
    // The recovered generation stays as `.previous` (for rollbackIndex); the dead writer's staging dir goes.
    expect(existsSync(join(`${index}.previous`, 'manifest.json'))).toBe(true);
    expect(existsSync(`${index}.tmp-999999-x`)).toBe(false);
  });

  it('leaves the previous index untouched when an ingest fails', async () => {
    const { corpus, index } = await build();
    const before = readFileSync(join(index, 'chunks.jsonl'));
    writeTree(corpus, { 'acme/v1/guide/new.md': '# New\n\nnew text' });
    // Make the index's parent unwritable for the staging dir by putting a file where it must go.
    const failing = ingest(corpus, join(index, 'manifest.json', 'nested'));
    await expect(failing).rejects.toThrow();
    expect(readFileSync(join(index, 'chunks.jsonl')).equals(before)).toBe(true);
    expect((await openIndex(index)).manifest.counts.documents).toBe(5);
  });

  it('removes its unfinished index and keeps the previous one when ingest fails after chunks were written', async () => {
    const { corpus, index } = await build();
    const before = readFileSync(join(index, 'chunks.jsonl'));
    const failingEmbedder: Embedder = {
      fingerprint: { modelId: 'test/failing', dimensions: 4, pooling: 'mean', normalized: true, dtype: 'fp32' },
      maxTokens: 512,
      embedPassages: async () => {
        throw new Error('embedding backend crashed');
      },
      embedQuery: async () => new Float32Array(4),
    };
    await expect(ingest(corpus, index, { embedder: failingEmbedder })).rejects.toThrow('embedding backend crashed');
    expect(readFileSync(join(index, 'chunks.jsonl')).equals(before)).toBe(true);
    expect(readdirSync(dirname(index)).filter((name) => name.includes('.tmp-'))).toEqual([]);
    expect((await openIndex(index)).manifest.counts.documents).toBe(5);
  });
});
