import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBagOfWordsEmbedder } from '../../src/embed/bag-of-words.js';
import { mulberry32, writeTestModel } from '../../src/embed/test-model.js';
import { loadTrainedModelFolder } from '../../src/embed/trained/bundle.js';
import { TRAINED_MAX_TOKENS } from '../../src/embed/trained/model-id.js';
import { trainEmbeddingModel, writeTrainedModel } from '../../src/embed/trained/train.js';
import { loadTransformersEmbedder } from '../../src/embed/transformers.js';
import type { Embedder } from '../../src/embed/types.js';
import { testdir } from '../helpers.js';

const WORDS = 'database query index table column row sql transaction commit rollback schema replica backup restore snapshot router switch packet firewall vlan subnet gateway dns route'.split(' ');

/** Passages for training, and texts that probe the tokenizer: accents, CJK, control characters, special tokens, over-long words and inputs. */
function texts(): string[] {
  const random = mulberry32(3);
  const passages = Array.from({ length: 300 }, (_, p) => Array.from({ length: 30 }, () => WORDS[Math.floor(random() * WORDS.length)]!).join(p % 2 ? ' ' : ', '));
  const probes = [
    '',
    '   ',
    'Restore the SNAPSHOT; then commit!',
    'Ünïcödé café naïve résumé',
    '日本語のテスト and a 数据库 query',
    'odd\u0000control\u200bchars\ufffd here\ttab\nnewline',
    'what is [MASK] or [CLS] in [SEP] text',
    `${'x'.repeat(150)} restore`,
    'rollback '.repeat(TRAINED_MAX_TOKENS + 50),
    'unknownword backupsnapshots firewalling',
  ];
  return [...passages, ...probes];
}

async function rows(embedder: Embedder, inputs: string[]): Promise<Float32Array[]> {
  return [...(await embedder.embedPassages(inputs)), ...(await Promise.all(inputs.slice(-10).map((text) => embedder.embedQuery(text))))];
}

describe('loadBagOfWordsEmbedder', () => {
  it('gives a trained model the very vectors and fingerprint transformers.js gives it, bit for bit', async () => {
    const inputs = texts();
    const dir = await writeTrainedModel(join(testdir(), 'model'), trainEmbeddingModel(inputs.slice(0, 300), { dims: 16, oversample: 8 }));
    const light = await loadBagOfWordsEmbedder(dir, { maxTokens: TRAINED_MAX_TOKENS });
    const reference = await loadTransformersEmbedder({ modelDir: dir, maxTokens: TRAINED_MAX_TOKENS });
    try {
      expect(light).toBeDefined();
      expect(light!.fingerprint).toEqual(reference.fingerprint);
      expect(light!.maxTokens).toBe(reference.maxTokens);
      expect(light!.modelDir).toBe(dir);
      const [ours, theirs] = [await rows(light!, inputs), await rows(reference, inputs)];
      expect(ours.map((row) => Array.from(row))).toEqual(theirs.map((row) => Array.from(row)));
    } finally {
      await reference.dispose?.();
    }
  }, 60_000);

  it('runs a test model (projection and tanh) as transformers.js does, to float32 rounding', async () => {
    const dir = await writeTestModel(join(testdir(), 'model'), { dims: 24, maxTokens: 32 });
    const light = await loadBagOfWordsEmbedder(dir);
    const reference = await loadTransformersEmbedder({ modelDir: dir });
    try {
      expect(light!.fingerprint).toEqual(reference.fingerprint);
      expect(light!.maxTokens).toBe(32);
      const inputs = texts().slice(-12);
      const [ours, theirs] = [await rows(light!, inputs), await rows(reference, inputs)];
      ours.forEach((row, i) => row.forEach((value, d) => expect(value).toBeCloseTo(theirs[i]![d]!, 5)));
    } finally {
      await reference.dispose?.();
    }
  }, 60_000);

  it('declines a folder whose graph or files are not the ones McDewey writes, so the caller falls back to transformers.js', async () => {
    const root = testdir();
    const dir = await writeTestModel(join(root, 'model'), { dims: 8 });
    expect(await loadBagOfWordsEmbedder(join(root, 'missing'))).toBeUndefined();

    const onnx = join(dir, 'onnx', 'model.onnx');
    const original = readFileSync(onnx);
    // Another op in place of Tanh: same bytes length, a graph this runner does not know.
    writeFileSync(onnx, Buffer.from(original.toString('latin1').replace('Tanh', 'Tan2'), 'latin1'));
    expect(await loadBagOfWordsEmbedder(dir)).toBeUndefined();
    writeFileSync(onnx, original.subarray(0, original.length >> 1));
    expect(await loadBagOfWordsEmbedder(dir)).toBeUndefined();
    writeFileSync(onnx, original);
    expect(await loadBagOfWordsEmbedder(dir)).toBeDefined();

    rmSync(join(dir, 'tokenizer.json'));
    expect(await loadBagOfWordsEmbedder(dir)).toBeUndefined();
    // The trained-model loader then reports the folder's problem as transformers.js's loader does.
    await expect(loadTrainedModelFolder(dir)).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  }, 60_000);
});
