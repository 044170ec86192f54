import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTransformersEmbedder } from '../../src/embed/transformers.js';
import { writeTestModel } from '../../src/embed/test-model.js';
import { isMcdeweyError } from '../../src/errors.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { openIndex } from '../../src/open.js';
import { search, rankingSettingsOf } from '../../src/search.js';
import { memorySource } from '../../src/search/memory-source.js';
import { searchSource } from '../../src/search/run.js';
import type { SearchOptions, SearchResponse } from '../../src/search/options.js';
import type { Library } from '../../src/store/library.js';
import { SAMPLE_CORPUS, smallCorpus, testdir } from '../helpers.js';

/** What a user sees of a response: ids in order, with what is folded under each, and the notes. */
function shape(response: SearchResponse) {
  return {
    mode: response.mode,
    results: response.results.map((result) => ({ id: result.id, more: result.more?.map((more) => more.id), alsoIn: result.alsoIn?.map((other) => other.id), snippet: result.snippet })),
    interpreted: response.interpreted,
    noStrongMatch: response.noStrongMatch ?? false,
  };
}

function inMemory(library: Library) {
  const chunks = [...library.chunkRecords()];
  const vectors = library.vectors ? chunks.map((_, row) => library.vectors!.row(row)) : undefined;
  return memorySource(chunks, { ...(vectors && library.embedder ? { vectors, embedder: library.embedder } : {}), rankingSettings: rankingSettingsOf(library) });
}

const QUERIES: [string, SearchOptions][] = [
  ['etcd snapshot restore', {}],
  ['how do I take a backup of the cluster', {}],
  ['etcd 3.6 defragment the data file', {}],
  ['python run an external program and read its output', {}],
  ['replicaton slot', {}],
  ['snapshot', { filters: { vendor: 'etcd' }, limit: 5 }],
  ['etcd snapshot', { filters: { vendor: 'lua' } }],
  ['configuration file', { maxPerDocument: 0, limit: 20 }],
  ['xyzzy plugh frobnicate', {}],
];

describe('the backend seam: search over the on-disk index and over memorySource agree', () => {
  it('gives the same results, in the same order, on the bundled corpus (lexical)', async () => {
    const index = join(testdir(), 'index');
    await ingest(SAMPLE_CORPUS, index);
    const library = await openIndex(index);
    const memory = inMemory(library);
    let answered = 0;
    for (const [query, options] of QUERIES) {
      const onDisk = await search(library, query, options);
      if (onDisk.results.length > 0) answered++;
      expect(shape(await searchSource(memory, query, options)), query).toEqual(shape(onDisk));
    }
    expect(answered).toBeGreaterThanOrEqual(QUERIES.length - 2);
  }, 120_000);

  describe('with vectors', () => {
    const modelRoot = mkdtempSync(join(tmpdir(), 'mcdewey-model-'));
    let library: Library;
    beforeAll(async () => {
      const words =
        'acme widgets turn sprockets installing run install widget daemon backups take snapshot store save restore file verify tuning increase cache size faster reads workers release notes format changed'.split(
          ' ',
        );
      const embedder = await loadTransformersEmbedder({ modelDir: await writeTestModel(join(modelRoot, 'model'), { vocab: words, dims: 16, seed: 3 }) });
      const index = join(testdir(), 'index');
      await ingest(testdir(smallCorpus()), index, { embedder });
      library = await openIndex(index, { embedder });
    }, 120_000);
    afterAll(() => rmSync(modelRoot, { recursive: true, force: true }));

    it('gives the same results in every mode', async () => {
      const memory = inMemory(library);
      for (const mode of ['hybrid', 'semantic', 'lexical'] as const) {
        for (const query of ['restore a snapshot', 'cache size', 'acme install the daemon']) {
          const options: SearchOptions = { mode, explain: true };
          const onDisk = await search(library, query, options);
          const fromMemory = await searchSource(memory, query, options);
          expect(shape(fromMemory), `${mode}: ${query}`).toEqual(shape(onDisk));
          expect(fromMemory.embedder).toBe(onDisk.embedder);
        }
      }
    });
  });

  it("checks its input: vectors must match the chunks, and a document's chunks come together", async () => {
    const index = join(testdir(), 'index');
    await ingest(testdir(smallCorpus()), index);
    const chunks = [...(await openIndex(index)).chunkRecords()];
    expect(() => memorySource(chunks, { vectors: [new Float32Array(4)] })).toThrow(/1 vectors for \d+ chunks/);
    const scattered = [chunks[0]!, chunks[chunks.length - 1]!, chunks[1]!];
    expect(() => memorySource(scattered)).toThrow(/are not together/);
    const memory = memorySource(chunks);
    await expect(searchSource(memory, 'snapshot', { filters: { vendor: 'nope' } })).rejects.toSatisfy(
      (error: unknown) => isMcdeweyError(error, 'INVALID_ARGUMENT') && /Unknown vendor "nope"; the index has: acme, globex/.test((error as Error).message),
    );
    expect((await searchSource(memory, 'snapshot', { mode: 'semantic' })).notice).toMatch(/semantic search is unavailable/);
  });
});
