import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeTestModel } from '../../src/embed/test-model.js';
import { loadTransformersEmbedder } from '../../src/embed/transformers.js';
import type { Embedder } from '../../src/embed/types.js';
import { isMcdeweyError } from '../../src/errors.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { openIndex } from '../../src/open.js';
import { smallCorpus, testdir } from '../helpers.js';

// What adapters use instead of Library's internal lexical index, vectors and embedder.

const WORDS = 'acme widgets turn sprockets installing run install widget daemon backups take snapshot store save restore file verify'.split(' ');
const root = mkdtempSync(join(tmpdir(), 'mcdewey-library-surface-'));
let embedder: Embedder;
let semanticIndex: string;
let lexicalIndex: string;
afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeAll(async () => {
  embedder = await loadTransformersEmbedder({ modelDir: await writeTestModel(join(root, 'model'), { vocab: WORDS, dims: 16, seed: 5 }) });
  semanticIndex = join(root, 'semantic');
  await ingest(testdir(smallCorpus()), semanticIndex, { embedder });
  lexicalIndex = join(root, 'lexical');
  await ingest(testdir(smallCorpus()), lexicalIndex);
}, 120_000);

/** An embedder that counts how often it was released. */
function countingEmbedder(): Embedder & { disposed: number } {
  const counting = {
    disposed: 0,
    fingerprint: embedder.fingerprint,
    maxTokens: embedder.maxTokens,
    embedPassages: (texts: string[]) => embedder.embedPassages(texts),
    embedQuery: (text: string) => embedder.embedQuery(text),
    dispose: async () => {
      counting.disposed += 1;
    },
  };
  return counting;
}

describe('Library: the surface adapters use', () => {
  it('vectorAt gives each row exactly as stored in vectors.f32; hasVectors says there are some', async () => {
    const library = await openIndex(semanticIndex);
    expect(library.hasVectors).toBe(true);
    const bytes = readFileSync(join(semanticIndex, 'vectors.f32'));
    const stored = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    for (let row = 0; row < library.chunkCount; row++) {
      expect([...library.vectorAt(row)]).toEqual([...stored.subarray(row * 16, (row + 1) * 16)]);
    }
    expect(() => library.vectorAt(library.chunkCount)).toThrow(/no row/);
    library.close();
    // close() releases the vectors file too: rows are read from it, not kept in memory.
    expect(() => library.vectorAt(0)).toThrow(expect.toSatisfy((error: unknown) => isMcdeweyError(error, 'INVALID_ARGUMENT') && /vectors\.f32 were closed/.test((error as Error).message)));
  });

  it('a lexical-only index has no vectors, and vectorAt says why with INVALID_ARGUMENT', async () => {
    const library = await openIndex(lexicalIndex);
    expect(library.hasVectors).toBe(false);
    const error = (() => {
      try {
        library.vectorAt(0);
      } catch (caught) {
        return caught;
      }
    })();
    expect(isMcdeweyError(error, 'INVALID_ARGUMENT')).toBe(true);
    expect((error as Error).message).toBe(`Index ${library.dir} has no usable vectors: it was ingested without an embedding model`);
    library.close();
  });

  it("correctionList is the lexical index's list of correctable words with their frequencies", async () => {
    const library = await openIndex(lexicalIndex);
    const list = library.correctionList();
    expect(list).toEqual(library.lexical.correctionList());
    expect(list.terms.length).toBeGreaterThan(0);
    expect(list.frequencies).toHaveLength(list.terms.length);
    expect(list.terms).toContain('snapshot');
    library.close();
  });

  it('dispose releases the query embedder once and closes the index', async () => {
    const counting = countingEmbedder();
    const library = await openIndex(semanticIndex, { embedder: counting });
    const id = library.chunkIdAt(0);
    expect(library.getChunk(id).id).toBe(id);
    await library.dispose();
    await library.dispose();
    expect(counting.disposed).toBe(1);
    expect(() => library.getChunk(id)).toThrow(/has been closed/);
  });

  it('dispose on a library without an embedder only closes it', async () => {
    const library = await openIndex(lexicalIndex);
    await expect(library.dispose()).resolves.toBeUndefined();
    expect(() => library.getChunk(library.chunkIdAt(0))).toThrow(/has been closed/);
  });
});
