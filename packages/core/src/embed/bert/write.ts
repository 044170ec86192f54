import { createHash } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { McdeweyError } from '../../errors.js';
import { DEFAULT_TEST_WORDS, buildTokenizerConfig, buildTokenizerJson } from '../test-model.js';
import { buildBertEncoder, type BertPrecision } from './encoder.js';
import type { GraphBuilder } from './onnx-graph.js';
import { BERT_SHAPES, type BertShape, type BertShapeName } from './shape.js';
import { TENSOR } from './onnx-graph.js';
import { buildBertVocab } from './vocab.js';

/** Options of {@link writeBertModel} and {@link cachedBertModel}. */
export interface BertModelOptions {
  /** A shape of {@link BERT_SHAPES} or explicit dimensions. Default: `'bge-small'`. */
  shape?: BertShapeName | BertShape;
  /** Seed of the random weights. Default: 7. */
  seed?: number;
  /** Whole words of the vocabulary, most useful first (e.g. a corpus's most frequent words). Default: a small technical vocabulary. */
  words?: readonly string[];
  /** Which weights files to write. Default: both, `onnx/model.onnx` and `onnx/model_quantized.onnx`. */
  precisions?: readonly BertPrecision[];
  /** `_name_or_path` in config.json. Default: `mcdewey-synthetic/<shape>-<hash of the options>`. */
  name?: string;
}

/** Bumped when the generator writes different bytes for the same options. */
const GENERATOR_VERSION = 1;

/**
 * Writes a BERT-style sentence encoder with seeded random weights as a transformers.js model
 * folder (`config.json`, `tokenizer.json`, `tokenizer_config.json`, `onnx/model.onnx`,
 * `onnx/model_quantized.onnx`) and returns its absolute path. The graph uses the operators of the
 * published exports (Gather, decomposed LayerNorm, MatMul, Softmax over the masked scores, Erf
 * GELU; `DynamicQuantizeLinear` / `MatMulInteger` in the int8 file), so it loads and runs like the
 * real model of the same shape: for speed and memory measurements, not for search quality.
 */
export async function writeBertModel(dir: string, options: BertModelOptions = {}): Promise<string> {
  const { shape, seed, words, precisions, name } = settle(options);
  const target = resolve(dir);
  const vocab = buildBertVocab(words, shape.vocabSize);
  const ids = new Map(vocab.map((token, id) => [token, id]));
  const config = {
    _name_or_path: name ?? basename(target),
    architectures: ['BertModel'],
    model_type: 'bert',
    hidden_act: 'gelu',
    hidden_size: shape.hidden,
    intermediate_size: shape.intermediate,
    num_attention_heads: shape.heads,
    num_hidden_layers: shape.layers,
    max_position_embeddings: shape.maxPositions,
    layer_norm_eps: 1e-12,
    type_vocab_size: 2,
    vocab_size: shape.vocabSize,
    pad_token_id: 0,
  };
  await mkdir(join(target, 'onnx'), { recursive: true });
  await writeFile(join(target, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  await writeFile(join(target, 'tokenizer.json'), `${JSON.stringify(buildTokenizerJson(vocab, ids, true))}\n`);
  await writeFile(join(target, 'tokenizer_config.json'), `${JSON.stringify(buildTokenizerConfig(true, shape.maxPositions), null, 2)}\n`);
  for (const precision of precisions) {
    const bytes = await encodeModel(buildBertEncoder(shape, seed, precision), config._name_or_path, shape.hidden);
    await writeFile(join(target, 'onnx', precision === 'fp32' ? 'model.onnx' : 'model_quantized.onnx'), bytes);
  }
  return target;
}

/**
 * {@link writeBertModel} into a cache folder keyed by the options (default under
 * `os.tmpdir()/mcdewey-bert-models`), written once: later calls, in any process, return the same
 * folder. The folder is written beside its final name and renamed into place when complete.
 */
export async function cachedBertModel(options: BertModelOptions = {}, cacheDir = join(tmpdir(), 'mcdewey-bert-models')): Promise<string> {
  const settled = settle(options);
  const key = createHash('sha256')
    .update(JSON.stringify({ GENERATOR_VERSION, ...settled }))
    .digest('hex')
    .slice(0, 12);
  const label = typeof options.shape === 'string' ? options.shape : options.shape ? 'custom' : 'bge-small';
  const folder = join(resolve(cacheDir), `${label}-${key}`);
  if ((await stat(join(folder, 'config.json')).catch(() => undefined))?.isFile()) return folder;
  const partial = `${folder}.partial-${process.pid}-${Date.now()}`;
  try {
    await writeBertModel(partial, { ...options, name: settled.name ?? `mcdewey-synthetic/${label}-${key}` });
    await rename(partial, folder).catch(async (error: NodeJS.ErrnoException) => {
      // Another process finished first: keep its folder.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(partial, { recursive: true, force: true });
  }
  return folder;
}

function settle(options: BertModelOptions) {
  const shape: BertShape = typeof options.shape === 'object' ? options.shape : BERT_SHAPES[options.shape ?? 'bge-small'];
  if (!shape) throw invalid(`shape must be one of ${Object.keys(BERT_SHAPES).join(', ')} or explicit dimensions, got "${String(options.shape)}"`);
  for (const [key, value] of Object.entries(shape)) {
    if (!Number.isInteger(value) || value < 1) throw invalid(`shape.${key} must be a positive integer, got ${value}`);
  }
  if (shape.hidden % shape.heads !== 0) throw invalid(`shape.hidden (${shape.hidden}) must be a multiple of shape.heads (${shape.heads})`);
  const precisions = [...new Set<BertPrecision>(options.precisions ?? ['fp32', 'q8'])];
  if (precisions.length === 0 || precisions.some((p) => p !== 'fp32' && p !== 'q8')) throw invalid(`precisions must list "fp32" and/or "q8", got ${JSON.stringify(options.precisions)}`);
  return { shape: { ...shape }, seed: options.seed ?? 7, words: [...(options.words ?? DEFAULT_TEST_WORDS)], precisions, name: options.name };
}

/** Encodes the graph as an ONNX model (IR 8, opset 14). `onnx-proto` is loaded on first use. */
async function encodeModel(graph: GraphBuilder, name: string, hidden: number): Promise<Uint8Array> {
  const imported = await import('onnx-proto');
  const { onnx } = imported.default ?? imported;
  const tokens = (input: string) => ({
    name: input,
    type: { tensorType: { elemType: TENSOR.INT64, shape: { dim: [{ dimParam: 'batch_size' }, { dimParam: 'sequence_length' }] } } },
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'mcdewey',
    producerVersion: String(GENERATOR_VERSION),
    docString: name,
    opsetImport: [{ domain: '', version: 14 }],
    graph: {
      name: 'bert_encoder',
      node: graph.nodes,
      initializer: graph.initializers,
      input: [tokens('input_ids'), tokens('attention_mask'), tokens('token_type_ids')],
      output: [
        {
          name: 'last_hidden_state',
          type: { tensorType: { elemType: TENSOR.FLOAT, shape: { dim: [{ dimParam: 'batch_size' }, { dimParam: 'sequence_length' }, { dimValue: hidden }] } } },
        },
      ],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

function invalid(message: string): McdeweyError {
  return new McdeweyError('INVALID_ARGUMENT', `writeBertModel: ${message}`);
}
