// An index records the weights (dtype) its vectors came from; opening it loads those weights again,
// whatever the loader's default, so a folder holding both fp32 and q8 weights serves either index.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedBertModel } from '../../src/embed/bert/write.js';
import { loadTransformersEmbedder } from '../../src/embed/transformers.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { openIndex } from '../../src/open.js';
import { smallCorpus, testdir } from '../helpers.js';

const root = mkdtempSync(join(tmpdir(), 'mcdewey-index-dtype-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const TINY = { layers: 1, hidden: 32, heads: 4, intermediate: 64, vocabSize: 1000, maxPositions: 128 };

describe('opening an index with a model folder that has both fp32 and q8 weights', () => {
  it.each(['q8', 'fp32'] as const)('loads the %s weights the index was built with', async (dtype) => {
    const folder = await cachedBertModel({ shape: TINY, seed: 11 });
    const embedder = await loadTransformersEmbedder({ modelDir: folder, dtype });
    const index = join(root, dtype);
    try {
      await ingest(testdir(smallCorpus()), index, { embedder });
    } finally {
      await embedder.dispose?.();
    }
    // The folder given now (not the recorded one): the path that used to pick the first weights present.
    const library = await openIndex(index, { embedder: 'auto', modelDir: folder });
    try {
      expect(library.embedderNotice).toBeUndefined();
      expect(library.embedder?.fingerprint.dtype).toBe(dtype);
    } finally {
      library.close();
    }
  });
});
