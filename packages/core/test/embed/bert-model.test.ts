// The random-weight BERT encoders of the real models' shape (issue 19): written as transformers.js
// model folders, they load and embed through the same path as a downloaded model folder.
import { readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BERT_SHAPES } from '../../src/embed/bert/shape.js';
import { cachedBertModel, writeBertModel } from '../../src/embed/bert/write.js';
import { DEFAULT_MODEL_ID, findKnownModel } from '../../src/embed/known-models.js';
import { loadTransformersEmbedder } from '../../src/embed/transformers.js';
import type { Embedder } from '../../src/embed/types.js';
import { isMcdeweyError } from '../../src/errors.js';

const CACHE = join(tmpdir(), 'mcdewey-bert-models');
let folder: string;
let fp32: Embedder;
let q8: Embedder;

beforeAll(async () => {
  folder = await cachedBertModel({ shape: 'minilm-l6' }, CACHE);
  fp32 = await loadTransformersEmbedder({ modelDir: folder, dtype: 'fp32' });
  // No dtype: a folder with both files loads q8, the measured default.
  q8 = await loadTransformersEmbedder({ modelDir: folder });
});
afterAll(async () => {
  await fp32?.dispose?.();
  await q8?.dispose?.();
});

const TEXTS = ['Restore an etcd snapshot to a new cluster', 'lua string library', 'How do I configure TLS certificates for the registry server?'];

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot; // rows are unit length
}

async function operators(file: string): Promise<Map<string, number>> {
  const imported = await import('onnx-proto');
  const { onnx } = imported.default ?? imported;
  const model = onnx.ModelProto.decode(await readFile(file));
  const counts = new Map<string, number>();
  for (const node of model.graph!.node!) counts.set(node.opType!, (counts.get(node.opType!) ?? 0) + 1);
  return counts;
}

describe('the MiniLM-L6-shaped encoder', () => {
  it('is a transformers.js model folder with the published configuration and a 30,522-token WordPiece vocabulary', async () => {
    const config = JSON.parse(await readFile(join(folder, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ model_type: 'bert', num_hidden_layers: 6, hidden_size: 384, num_attention_heads: 12, intermediate_size: 1536, vocab_size: 30_522, max_position_embeddings: 512 });
    const tokenizer = JSON.parse(await readFile(join(folder, 'tokenizer.json'), 'utf8'));
    expect(tokenizer.model.type).toBe('WordPiece');
    expect(Object.keys(tokenizer.model.vocab)).toHaveLength(30_522);
    expect(tokenizer.model.vocab).toMatchObject({ '[PAD]': 0, '[UNK]': 100, '[CLS]': 101, '[SEP]': 102, '[MASK]': 103 });
    expect(JSON.parse(await readFile(join(folder, 'tokenizer_config.json'), 'utf8'))).toMatchObject({ tokenizer_class: 'BertTokenizer', model_max_length: 512 });
  });

  it('uses the operators of the published export, and int8 MatMulInteger for every weight in the quantized file', async () => {
    const full = await operators(join(folder, 'onnx/model.onnx'));
    for (const op of ['Gather', 'ReduceMean', 'Sqrt', 'MatMul', 'Add', 'Reshape', 'Transpose', 'Softmax', 'Erf']) expect(full.get(op), op).toBeGreaterThan(0);
    // Six linear layers and two attention products per layer.
    expect(full.get('MatMul')).toBe(6 * 8);
    const quantized = await operators(join(folder, 'onnx/model_quantized.onnx'));
    expect(quantized.get('MatMulInteger')).toBe(6 * 6);
    expect(quantized.get('DynamicQuantizeLinear')).toBe(6 * 6);
    expect(quantized.get('MatMul')).toBe(6 * 2);
    expect(quantized.get('DequantizeLinear')).toBe(3);
    const sizes = await Promise.all(['model.onnx', 'model_quantized.onnx'].map(async (name) => (await stat(join(folder, 'onnx', name))).size));
    // ~22.7 M parameters: ~90 MB as float32, a quarter of that as int8 (the published files: 90.4 MB, 23 MB).
    expect(sizes[0]! / 1e6).toBeGreaterThan(85);
    expect(sizes[0]! / sizes[1]!).toBeGreaterThan(3.5);
  });

  it('loads from its folder (q8 by default) and embeds 384-dimension unit vectors, fp32 and q8 alike', async () => {
    expect(fp32.fingerprint).toMatchObject({ dimensions: 384, dtype: 'fp32', pooling: 'mean', modelId: expect.stringMatching(/^mcdewey-synthetic\/minilm-l6-/) });
    expect(q8.fingerprint).toMatchObject({ dimensions: 384, dtype: 'q8' });
    const full = await fp32.embedPassages(TEXTS);
    const quantized = await q8.embedPassages(TEXTS);
    for (let i = 0; i < TEXTS.length; i++) {
      expect(Math.hypot(...full[i]!)).toBeCloseTo(1, 5);
      // Same weights, int8: close to the full-precision vector, and closer to it than to another text's.
      expect(cosine(full[i]!, quantized[i]!)).toBeGreaterThan(0.98);
      expect(cosine(full[i]!, quantized[i]!)).toBeGreaterThan(cosine(full[i]!, full[(i + 1) % TEXTS.length]!));
    }
    expect(cosine(full[0]!, full[1]!)).toBeLessThan(0.999);
  });

  it('masks padding: a text alone and in a batch padded to a longer one get the same vector', async () => {
    const [alone] = await fp32.embedPassages([TEXTS[1]!]);
    const padded = await fp32.embedPassages([TEXTS[1]!, `${TEXTS[2]!} ${TEXTS[0]!} ${TEXTS[2]!}`]);
    for (let d = 0; d < 384; d++) expect(Math.abs(alone![d]! - padded[0]![d]!)).toBeLessThan(1e-4);
  });

  it('is written once per configuration: the same options find the same folder, other options another', async () => {
    const before = (await stat(join(folder, 'onnx/model.onnx'))).mtimeMs;
    expect(await cachedBertModel({ shape: 'minilm-l6' }, CACHE)).toBe(folder);
    expect((await stat(join(folder, 'onnx/model.onnx'))).mtimeMs).toBe(before);
    const tiny = { ...BERT_SHAPES['minilm-l6'], layers: 1, hidden: 32, heads: 4, intermediate: 64, vocabSize: 1000, maxPositions: 64 };
    const other = await cachedBertModel({ shape: tiny, seed: 3, precisions: ['q8'] }, CACHE);
    expect(other).not.toBe(folder);
    await expect(stat(join(other, 'onnx/model.onnx'))).rejects.toThrow();
    const embedder = await loadTransformersEmbedder({ modelDir: other });
    expect(embedder.fingerprint).toMatchObject({ dimensions: 32, dtype: 'q8' });
    await embedder.dispose?.();
  });
});

describe('the bge-small-shaped encoder', () => {
  it('takes the known model settings of bge-small-en-v1.5 when loaded under its name', async () => {
    const bge = await cachedBertModel({ shape: 'bge-small', precisions: ['q8'] }, CACHE);
    const config = JSON.parse(await readFile(join(bge, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ num_hidden_layers: 12, hidden_size: 384, num_attention_heads: 12, intermediate_size: 1536, vocab_size: 30_522 });
    const embedder = await loadTransformersEmbedder({ modelDir: bge, model: DEFAULT_MODEL_ID });
    try {
      expect(embedder.fingerprint).toMatchObject({ modelId: DEFAULT_MODEL_ID, dimensions: 384, pooling: 'cls', dtype: 'q8' });
      expect(embedder.maxTokens).toBe(512);
      const query = await embedder.embedQuery('etcd snapshot');
      const [passage] = await embedder.embedPassages([`${findKnownModel(DEFAULT_MODEL_ID)!.queryPrefix}etcd snapshot`]);
      // The query prefix of bge is applied to queries only.
      for (let d = 0; d < 384; d++) expect(Math.abs(query[d]! - passage![d]!)).toBeLessThan(1e-4);
    } finally {
      await embedder.dispose?.();
    }
  });

  it('rejects a shape whose width is not a multiple of its heads, naming the parameter', async () => {
    const error = await writeBertModel(join(CACHE, 'never'), { shape: { ...BERT_SHAPES['bge-small'], heads: 5 } }).catch((caught: unknown) => caught);
    expect(isMcdeweyError(error, 'INVALID_ARGUMENT')).toBe(true);
    expect(String(error)).toMatch(/shape\.hidden \(384\) must be a multiple of shape\.heads \(5\)/);
  });
});
