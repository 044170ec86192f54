import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTransformersEmbedder } from '../src/embed/transformers.js';
import { writeTestModel } from '../src/embed/test-model.js';
import type { Embedder } from '../src/embed/types.js';
import { isMcdeweyError } from '../src/errors.js';
import { ingest } from '../src/pipeline/ingest.js';
import { openIndex } from '../src/open.js';
import { search } from '../src/search.js';
import { embedderWithoutFolder, smallCorpus, testdir, writeTree } from './helpers.js';

const WORDS =
  'acme widgets turn sprockets installing run install widget daemon backups take snapshot store save restore file verify tuning increase cache size faster reads workers release notes format changed introduction globex intro'.split(
    ' ',
  );

let modelDir: string;
let embedder: Embedder;

const modelRoot = mkdtempSync(join(tmpdir(), 'mcdewey-model-'));
beforeAll(async () => {
  modelDir = await writeTestModel(join(modelRoot, 'model'), { vocab: WORDS, dims: 24, seed: 7 });
  embedder = await loadTransformersEmbedder({ modelDir });
}, 120_000);
afterAll(() => rmSync(modelRoot, { recursive: true, force: true }));

async function semanticLibrary(files: Record<string, string> = smallCorpus()) {
  const corpus = testdir(files);
  const index = join(testdir(), 'index');
  const report = await ingest(corpus, index, { embedder });
  return { corpus, index, report, library: await openIndex(index, { embedder }) };
}

describe('semantic and hybrid search', () => {
  it('stores vectors and the embedder fingerprint with the index', async () => {
    const { index, report, library } = await semanticLibrary();
    expect(report.embedded).toBe(report.chunks);
    expect(library.manifest.embedder).toEqual(embedder.fingerprint);
    expect(library.manifest.vectors).toMatchObject({ count: report.chunks, dimensions: 24 });
    expect(existsSync(join(index, 'vectors.f32'))).toBe(true);
    expect(existsSync(join(index, 'vectors.hnsw'))).toBe(true);
  });

  it('defaults to hybrid and explains each result per leg', async () => {
    const { library } = await semanticLibrary();
    const response = await search(library, 'restore snapshot file', { explain: true });
    expect(response.mode).toBe('hybrid');
    expect(response.embedder).toBe(embedder.fingerprint.modelId);
    const top = response.results[0]!;
    expect(top.explain?.lexical?.rank).toBeGreaterThan(0);
    expect(top.explain?.semantic?.rank).toBeGreaterThan(0);
    // Reciprocal-rank fusion with the index's recorded k and equal weights.
    const k = response.ranking!.rrfK;
    expect(response.ranking!.weights).toEqual({ lexical: 1, semantic: 1 });
    const expected = 1 / (k + top.explain!.lexical!.rank) + 1 / (k + top.explain!.semantic!.rank);
    expect(top.score).toBeCloseTo(expected, 10);
  });

  it('finds by meaning in semantic mode even without shared stems in the query', async () => {
    const { library } = await semanticLibrary();
    const { mode, results } = await search(library, 'snapshot', { mode: 'semantic', limit: 3 });
    expect(mode).toBe('semantic');
    expect(results[0]!.doc).toMatch(/backup|notes|tuning/);
    expect(results[0]!.score).toBeLessThanOrEqual(1);
  });

  it('applies filters inside the vector search and still returns k hits', async () => {
    const files = { ...smallCorpus() };
    for (let i = 0; i < 40; i++) files[`acme/v1/extra/note${i}.md`] = `# Note ${i}\n\nwidget daemon install ${i}`;
    for (let i = 0; i < 4; i++) files[`globex/9.0/extra/tip${i}.md`] = `# Tip ${i}\n\ncache size workers ${i}`;
    const { library } = await semanticLibrary(files);
    const { results } = await search(library, 'widget daemon install', { mode: 'semantic', limit: 4, filters: { vendor: 'globex', group: 'extra' } });
    expect(results).toHaveLength(4);
    expect(results.every((result) => result.vendor === 'globex' && result.group === 'extra')).toBe(true);
  });

  it('refuses a query embedder that is not the index model, naming the model it needs', async () => {
    const { index } = await semanticLibrary();
    const otherDir = await writeTestModel(join(testdir(), 'other'), { vocab: WORDS, dims: 16, seed: 8 });
    const other = await loadTransformersEmbedder({ modelDir: otherDir });
    const error = await openIndex(index, { embedder: other }).catch((e: unknown) => e);
    expect(isMcdeweyError(error, 'EMBEDDER_MISMATCH')).toBe(true);
    expect((error as Error).message).toContain(embedder.fingerprint.modelId);
  });

  it('re-embeds only changed documents on re-ingest', async () => {
    const { corpus, index, report } = await semanticLibrary();
    writeTree(corpus, { 'globex/9.0/manual/notes.txt': 'Release notes\n\nThe snapshot format changed again.\n' });
    const second = await ingest(corpus, index, { embedder });
    const notesChunks = (await openIndex(index)).getDocument('globex::9.0::manual::notes').chunks.length;
    expect(second.embedded).toBe(notesChunks);
    expect(second.chunks).toBe(report.chunks);
  });

  it("opens with embedder 'auto' from a model folder, and falls back to lexical with a notice without one", async () => {
    // An embedder that did not come from a folder (as one loaded by id): the index remembers none.
    const byId = embedderWithoutFolder(embedder);
    const index = join(testdir(), 'index');
    await ingest(testdir(smallCorpus()), index, { embedder: byId });
    const withModel = await openIndex(index, { embedder: 'auto', modelDir });
    expect((await search(withModel, 'restore snapshot')).mode).toBe('hybrid');
    const previous = process.env.MCDEWEY_MODEL_DIR;
    delete process.env.MCDEWEY_MODEL_DIR;
    try {
      const without = await openIndex(index, { embedder: 'auto' });
      const response = await search(without, 'restore snapshot');
      expect(response.mode).toBe('lexical');
      expect(response.notice).toMatch(/hybrid search is unavailable: .*--model-dir/);
    } finally {
      if (previous !== undefined) process.env.MCDEWEY_MODEL_DIR = previous;
    }
  });
});
