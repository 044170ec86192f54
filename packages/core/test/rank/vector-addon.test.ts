import { mkdtempSync, rmSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeTestModel } from '../../src/embed/test-model.js';
import { loadTransformersEmbedder } from '../../src/embed/transformers.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { smallCorpus, testdir } from '../helpers.js';

// hnswlib-node is a native addon that fails to load on a platform it was not built for. The tests
// make `require('hnswlib-node')` fail in this process, then import a fresh copy of core, whose
// addon loader has not loaded it yet.
type Load = (request: string, ...rest: unknown[]) => unknown;
const loader = Module as unknown as { _load: Load };
const realLoad = loader._load;

function breakTheAddon(): void {
  loader._load = function (this: unknown, request: string, ...rest: unknown[]) {
    if (request === 'hnswlib-node') throw new Error("Cannot find module 'hnswlib-node'");
    return realLoad.call(this, request, ...rest);
  };
}

afterEach(() => {
  loader._load = realLoad;
});

/** A fresh copy of core's main and models entries, loaded after the addon was broken. */
async function freshCore(): Promise<typeof import('../../src/index.js') & typeof import('../../src/models.js')> {
  vi.resetModules();
  return { ...(await import('../../src/index.js')), ...(await import('../../src/models.js')) };
}

const WORDS = 'acme widgets turn sprockets installing run install widget daemon backups take snapshot store save restore file verify'.split(' ');
const root = mkdtempSync(join(tmpdir(), 'mcdewey-vector-addon-'));
let index: string;
let modelDir: string;
afterAll(() => rmSync(root, { recursive: true, force: true }));

beforeAll(async () => {
  modelDir = await writeTestModel(join(root, 'model'), { vocab: WORDS, dims: 16, seed: 3 });
  index = join(root, 'index');
  await ingest(testdir(smallCorpus()), index, { embedder: await loadTransformersEmbedder({ modelDir }) });
}, 120_000);

describe('hnswlib-node that cannot be loaded', () => {
  it('is reported as VECTOR_INDEX_UNAVAILABLE, naming the addon and that lexical search still works', async () => {
    breakTheAddon();
    const core = await freshCore();
    const { VectorIndex } = await import('../../src/rank/vectors.js');
    let error: unknown;
    try {
      VectorIndex.build([new Float32Array([1, 0]), new Float32Array([0, 1])], 2);
    } catch (caught) {
      error = caught;
    }
    expect(core.isMcdeweyError(error, 'VECTOR_INDEX_UNAVAILABLE')).toBe(true);
    const message = (error as Error).message;
    expect(message).toMatch(/Cannot load hnswlib-node, the native addon behind vector search \(Cannot find module 'hnswlib-node'\)/);
    expect(message).toMatch(/Lexical search still works/);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('leaves an index with vectors searchable in lexical mode; a hybrid search names the addon', async () => {
    breakTheAddon();
    const core = await freshCore();
    const library = await core.openIndex(index, { embedder: await core.loadTransformersEmbedder({ modelDir }) });
    const lexical = await core.search(library, 'restore snapshot file', { mode: 'lexical' });
    expect(lexical.mode).toBe('lexical');
    expect(lexical.results.length).toBeGreaterThan(0);
    const hybrid = await core.search(library, 'restore snapshot file', { mode: 'hybrid' }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(core.isMcdeweyError(hybrid, 'VECTOR_INDEX_UNAVAILABLE')).toBe(true);
    library.close();
  });

  it('loads as usual when the addon is there (the failure above is the broken addon, not the index)', async () => {
    const core = await freshCore();
    const library = await core.openIndex(index, { embedder: await core.loadTransformersEmbedder({ modelDir }) });
    expect((await core.search(library, 'restore snapshot file', { mode: 'hybrid' })).mode).toBe('hybrid');
    library.close();
  });
});
