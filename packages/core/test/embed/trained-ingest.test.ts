import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { trainingCorpus } from '@mcdewey/test-support/corpora';
import { writeTestModel } from '../../src/embed/test-model.js';
import { resolveIndexEmbedder } from '../../src/embed/resolve.js';
import { BUNDLED_MODEL_DIR } from '../../src/embed/trained/bundle.js';
import { trainEmbedder } from '../../src/pipeline/train-embedder.js';
import { isTrainedModelId } from '../../src/embed/trained/train.js';
import { loadTransformersEmbedder } from '../../src/embed/transformers.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { openIndex } from '../../src/open.js';
import { search } from '../../src/search.js';
import { testdir } from '../helpers.js';

const TRAIN = { dims: 16, oversample: 8 } as const;
const savedModelDir = process.env.MCDEWEY_MODEL_DIR;
afterEach(() => {
  if (savedModelDir === undefined) delete process.env.MCDEWEY_MODEL_DIR;
  else process.env.MCDEWEY_MODEL_DIR = savedModelDir;
});

describe('ingest with a trained embedder', () => {
  it('trains from the corpus, bundles the model in the index, and serves hybrid search through it', async () => {
    const root = testdir(trainingCorpus());
    const indexDir = join(testdir(), 'index');
    try {
      const report = await ingest(root, indexDir, { trainEmbedder: TRAIN });
      expect(report.trained).toBeDefined();
      expect(isTrainedModelId(report.embedder!.modelId)).toBe(true);
      expect(report.embedder).toMatchObject({ modelId: report.trained!.modelId, dimensions: 16, pooling: 'mean' });
      expect(report.embedded).toBe(report.chunks);

      const manifest = JSON.parse(readFileSync(join(indexDir, 'manifest.json'), 'utf8'));
      expect(manifest.embedder.modelId).toBe(report.trained!.modelId);
      expect(Object.keys(manifest.files)).toEqual(expect.arrayContaining([`${BUNDLED_MODEL_DIR}/config.json`, `${BUNDLED_MODEL_DIR}/onnx/model.onnx`, `${BUNDLED_MODEL_DIR}/tokenizer.json`]));
      expect(existsSync(join(indexDir, BUNDLED_MODEL_DIR, 'onnx', 'model.onnx'))).toBe(true);

      const library = await openIndex(indexDir, { embedder: 'auto' });
      try {
        expect(library.embedderNotice).toBeUndefined();
        expect(library.embedder?.fingerprint).toEqual(manifest.embedder);
        const response = await search(library, 'sql rollback', { limit: 5 });
        expect(response.mode).toBe('hybrid');
        expect(response.embedder).toBe(report.trained!.modelId);
        expect(response.results[0]!.vendor).toBe('acme');
        const semantic = await search(library, 'vlan gateway', { mode: 'semantic', limit: 3 });
        expect(semantic.results.every((result) => result.vendor === 'globex')).toBe(true);
      } finally {
        await library.dispose();
      }
    } finally {
      rmSync(indexDir, { recursive: true, force: true });
    }
  });

  it('gives the same model and vectors for the same corpus', async () => {
    const root = testdir(trainingCorpus());
    const first = await ingest(root, join(testdir(), 'a'), { trainEmbedder: TRAIN });
    const second = await ingest(root, join(testdir(), 'b'), { trainEmbedder: TRAIN });
    try {
      expect(second.trained!.modelId).toBe(first.trained!.modelId);
      for (const file of ['model/onnx/model.onnx', 'model/tokenizer.json', 'vectors.f32']) {
        expect(readFileSync(join(first.indexDir, file)).equals(readFileSync(join(second.indexDir, file))), file).toBe(true);
      }
    } finally {
      rmSync(first.indexDir, { recursive: true, force: true });
      rmSync(second.indexDir, { recursive: true, force: true });
    }
  });

  it('keeps the model and the vectors when an unchanged corpus is ingested again, and retrains when it changes', async () => {
    const files = trainingCorpus();
    const root = testdir(files);
    const indexDir = join(testdir(), 'index');
    const first = await ingest(root, indexDir, { trainEmbedder: TRAIN });
    const again = await ingest(root, indexDir, { trainEmbedder: TRAIN });
    expect(again.trained).toMatchObject({ modelId: first.trained!.modelId, reused: true });
    expect(again.embedded).toBe(0);
    expect(existsSync(join(indexDir, BUNDLED_MODEL_DIR, 'onnx', 'model.onnx'))).toBe(true);

    writeFileSync(join(root, 'acme/v1/db/part-0.md'), '# Storage 0\n\nA schema replica and a commit log.\n');
    const changed = await ingest(root, indexDir, { trainEmbedder: TRAIN });
    expect(changed.trained).toMatchObject({ reused: false });
    expect(changed.trained!.modelId).not.toBe(first.trained!.modelId);
    expect(changed.embedded).toBe(changed.chunks);
  });

  it('leaves a corpus too small to train on lexical-only, with a notice', async () => {
    const root = testdir({ 'acme/v1/guide/intro.md': '# Intro\n\nA few words, not enough to learn from.\n' });
    const notices: string[] = [];
    const report = await ingest(root, join(testdir(), 'index'), { trainEmbedder: true, onNotice: (message) => notices.push(message) });
    expect(report.embedder).toBeNull();
    expect(report.trained).toBeUndefined();
    expect(notices).toEqual([expect.stringMatching(/Too little text to train an embedding model.*lexical-only/)]);
  });

  it('uses a given embedder instead of training one', async () => {
    const root = testdir(trainingCorpus());
    const embedder = await loadTransformersEmbedder({ modelDir: await writeTestModel(join(testdir(), 'model')) });
    const indexDir = join(testdir(), 'index');
    try {
      const report = await ingest(root, indexDir, { embedder, trainEmbedder: TRAIN });
      expect(report.trained).toBeUndefined();
      expect(report.embedder!.modelId).toBe(embedder.fingerprint.modelId);
      expect(existsSync(join(indexDir, BUNDLED_MODEL_DIR))).toBe(false);
    } finally {
      await embedder.dispose?.();
      rmSync(indexDir, { recursive: true, force: true });
    }
  });
});

describe('which model an index is opened with', () => {
  it("prefers the index's bundled model to MCDEWEY_MODEL_DIR, and never goes to the network for a trained model", async () => {
    const root = testdir(trainingCorpus());
    const indexDir = join(testdir(), 'index');
    try {
      const report = await ingest(root, indexDir, { trainEmbedder: TRAIN });
      process.env.MCDEWEY_MODEL_DIR = await writeTestModel(join(testdir(), 'other-model'));
      const bundled = await resolveIndexEmbedder(indexDir, report.embedder!.modelId);
      expect(bundled.embedder?.fingerprint.modelId).toBe(report.embedder!.modelId);
      await bundled.embedder?.dispose?.();

      // Without its model folder (and without MCDEWEY_MODEL_DIR), the index opens lexical-only with a notice, at once.
      rmSync(join(indexDir, BUNDLED_MODEL_DIR), { recursive: true });
      delete process.env.MCDEWEY_MODEL_DIR;
      const started = performance.now();
      const missing = await resolveIndexEmbedder(indexDir, report.embedder!.modelId);
      expect(missing.embedder).toBeUndefined();
      expect(missing.notice).toMatch(/trained from its corpus.*re-run mcdewey ingest/);
      expect(performance.now() - started).toBeLessThan(5000);
    } finally {
      rmSync(indexDir, { recursive: true, force: true });
    }
  });

  it('trains a model folder from a corpus for --model-dir (train-embedder)', async () => {
    const root = testdir(trainingCorpus());
    const out = join(testdir(), 'trained');
    try {
      const report = await trainEmbedder(root, out, TRAIN);
      expect(report.chunks).toBe(24);
      expect(report.bytes).toBeGreaterThan(0);
      const embedder = await loadTransformersEmbedder({ modelDir: out });
      expect(embedder.fingerprint.modelId).toBe(report.modelId);
      await embedder.dispose?.();
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
