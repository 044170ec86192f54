import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { modelFolderFingerprint } from '../../src/embed/model-folder.js';
import { writeTestModel } from '../../src/embed/test-model.js';
import { loadTransformersEmbedder } from '../../src/embed/transformers.js';
import type { Embedder } from '../../src/embed/types.js';
import { ingest } from '../../src/pipeline/ingest.js';
import { openIndex } from '../../src/open.js';
import { search } from '../../src/search.js';
import { rememberedModelFolder } from '../../src/store/remembered-model.js';
import { embedderWithoutFolder, smallCorpus, testdir } from '../helpers.js';

const WORDS = 'acme widgets turn sprockets installing install widget daemon backups take snapshot store save restore file verify tuning cache size'.split(' ');

const root = mkdtempSync(join(tmpdir(), 'mcdewey-model-folder-'));
const modelDir = join(root, 'model');
let embedder: Embedder;
const savedModelDir = process.env.MCDEWEY_MODEL_DIR;

beforeAll(async () => {
  await writeTestModel(modelDir, { vocab: WORDS, dims: 16, seed: 3 });
  embedder = await loadTransformersEmbedder({ modelDir });
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));
beforeEach(() => {
  delete process.env.MCDEWEY_MODEL_DIR;
});
afterEach(() => {
  if (savedModelDir === undefined) delete process.env.MCDEWEY_MODEL_DIR;
  else process.env.MCDEWEY_MODEL_DIR = savedModelDir;
});

async function indexWithFolderModel(): Promise<string> {
  const index = join(testdir(), 'index');
  await ingest(testdir(smallCorpus()), index, { embedder });
  return index;
}

const manifestOf = (index: string) => JSON.parse(readFileSync(join(index, 'manifest.json'), 'utf8')) as Record<string, unknown>;

describe('an index remembers the model folder it was ingested with', () => {
  it('records the absolute folder and a hash of its files in the manifest', async () => {
    const index = await indexWithFolderModel();
    expect(manifestOf(index).modelFolder).toEqual({ path: modelDir, fingerprint: await modelFolderFingerprint(modelDir, embedder.fingerprint.dtype) });
    expect((manifestOf(index).modelFolder as { fingerprint: string }).fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("searches hybrid with embedder 'auto' and no modelDir", async () => {
    const index = await indexWithFolderModel();
    expect(await rememberedModelFolder(index)).toEqual({ path: modelDir, unchanged: true });
    const library = await openIndex(index, { embedder: 'auto' });
    expect(library.embedderNotice).toBeUndefined();
    expect(library.embedder?.fingerprint).toEqual(embedder.fingerprint);
    expect((await search(library, 'restore snapshot')).mode).toBe('hybrid');
    await library.dispose();
  });

  it('falls back to lexical with a notice naming the folder when it has moved; an explicit modelDir still wins', async () => {
    const index = await indexWithFolderModel();
    const moved = join(root, 'moved-model');
    renameSync(modelDir, moved);
    try {
      const library = await openIndex(index, { embedder: 'auto' });
      expect(library.embedder).toBeUndefined();
      expect(library.embedderNotice).toContain(modelDir);
      expect(library.embedderNotice).toContain('--model-dir');
      const response = await search(library, 'restore snapshot');
      expect(response.mode).toBe('lexical');
      expect(response.notice).toContain(modelDir);

      expect(await rememberedModelFolder(index)).toEqual({ path: modelDir, unchanged: false });
      const explicit = await openIndex(index, { embedder: 'auto', modelDir: moved });
      expect((await search(explicit, 'restore snapshot')).mode).toBe('hybrid');
      await explicit.embedder?.dispose?.();
    } finally {
      renameSync(moved, modelDir);
    }
  });

  it('does not use the folder once it holds another model of the same name and size (the hash differs)', async () => {
    const index = await indexWithFolderModel();
    const original = join(root, 'original-model');
    renameSync(modelDir, original);
    try {
      // Same folder name (so the same model id), same width, other weights: only the file hash tells.
      await writeTestModel(modelDir, { vocab: WORDS, dims: 16, seed: 4 });
      const library = await openIndex(index, { embedder: 'auto' });
      expect(library.embedder).toBeUndefined();
      expect(library.embedderNotice).toMatch(/files have changed/);
      expect(library.embedderNotice).toContain(modelDir);
      expect((await search(library, 'restore snapshot')).mode).toBe('lexical');
    } finally {
      rmSync(modelDir, { recursive: true, force: true });
      renameSync(original, modelDir);
    }
  });

  it('records no folder for an embedder that did not come from one, and old manifests without the field open as before', async () => {
    const byId = embedderWithoutFolder(embedder);
    const index = join(testdir(), 'index');
    await ingest(testdir(smallCorpus()), index, { embedder: byId });
    expect(manifestOf(index)).not.toHaveProperty('modelFolder');
    expect(await rememberedModelFolder(index)).toBeUndefined();
    const library = await openIndex(index, { embedder: 'auto', modelDir });
    expect((await search(library, 'restore snapshot')).mode).toBe('hybrid');
    await library.dispose();
  });

  it('reports a manifest whose model folder is not an absolute path as damaged', async () => {
    const index = await indexWithFolderModel();
    const manifest = manifestOf(index);
    writeFileSync(join(index, 'manifest.json'), JSON.stringify({ ...manifest, modelFolder: { path: 'relative/model', fingerprint: 'sha256:00' } }));
    await expect(openIndex(index)).rejects.toMatchObject({ code: 'INDEX_CORRUPT', message: expect.stringContaining('modelFolder.path') });
  });
});
