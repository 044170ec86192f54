import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { endianness } from 'node:os';
import { join, resolve } from 'node:path';
import type { Tokenizer } from '@huggingface/tokenizers';
import { applyPrefix, resolveModelSettings, type ModelSettings } from './known-models.js';
import { localModelId, normalize } from './transformers.js';
import type { Embedder, EmbedderFingerprint } from './types.js';

/**
 * Runs the model folders McDewey writes itself (`writeEmbeddingModelFolder`: the corpus-trained
 * embedder's, the test models) in plain JavaScript, exactly as the transformers.js embedder runs
 * them: the same tokenizer (`@huggingface/tokenizers`, which transformers.js uses), then the
 * graph's few steps (a table row per token plus its token-type row, optionally `tanh(x · W)`),
 * mean (or CLS) pooling and L2 normalisation. An index built with a trained model is then searched
 * without transformers.js and ONNX Runtime, which take longer to load than the search takes.
 */

/** Options of {@link loadBagOfWordsEmbedder}; as `loadTransformersEmbedder`'s. */
export interface BagOfWordsEmbedderOptions {
  /** Model id. Default: the `_name_or_path` of config.json, else the folder's name. */
  model?: string | undefined;
  /** Token limit (inputs are truncated to it). Default: the model's own, else 512. */
  maxTokens?: number | undefined;
}

/** The graph `writeEmbeddingModelFolder` writes, node by node: op type, inputs, outputs. */
const LOOKUP_NODES = [
  ['Gather', 'embeddings.word_embeddings.weight,input_ids', 'word_vectors'],
  ['Gather', 'embeddings.token_type_embeddings.weight,token_type_ids', 'type_vectors'],
  ['Add', 'word_vectors,type_vectors', 'token_vectors'],
] as const;
const PROJECTION_NODE = ['MatMul', 'token_vectors,encoder.dense.weight', 'projected'] as const;
const MASK_NODES = (hidden: string) =>
  [
    ['Cast', 'attention_mask', 'mask_float'],
    ['Unsqueeze', 'mask_float,mask_axes', 'mask_3d'],
    ['Mul', `${hidden},mask_3d`, 'last_hidden_state'],
  ] as const;
const FLOAT = 1;
const LITTLE_ENDIAN = endianness() === 'LE';

/** The tables of a McDewey model graph. */
interface BagOfWordsGraph {
  dims: number;
  words: Float32Array;
  types: Float32Array;
  projection: Float32Array | undefined;
  tanh: boolean;
}

/**
 * Loads the fp32 model in `dir` when its graph is one McDewey writes; otherwise (another model,
 * another dtype, a missing or unreadable file) undefined, and the caller loads the folder with
 * transformers.js, which reports what is wrong with it.
 */
export async function loadBagOfWordsEmbedder(dir: string, options: BagOfWordsEmbedderOptions = {}): Promise<Embedder | undefined> {
  const folder = resolve(dir);
  try {
    const [config, tokenizerJson, tokenizerConfig, onnxBytes] = await Promise.all([
      readJsonObject(join(folder, 'config.json')),
      readJsonObject(join(folder, 'tokenizer.json')),
      readJsonObject(join(folder, 'tokenizer_config.json')),
      readFile(join(folder, 'onnx', 'model.onnx')),
    ]);
    const graph = readBagOfWordsGraph(onnxBytes);
    if (!graph) return undefined;
    const vocab = (tokenizerJson['model'] as { vocab?: Record<string, number> } | undefined)?.vocab;
    if (!vocab || Object.values(vocab).some((id) => !Number.isInteger(id) || id < 0 || id * graph.dims >= graph.words.length)) return undefined;
    const tokenizers = await import('@huggingface/tokenizers');
    const tokenizer = new tokenizers.Tokenizer(tokenizerJson, tokenizerConfig);
    const modelId = options.model ?? localModelId(config, folder);
    const modelMaxLength = numberOr(tokenizerConfig['model_max_length']);
    const table = resolveModelSettings(modelId, { modelMaxLength, maxPositionEmbeddings: numberOr(config['max_position_embeddings']) });
    const settings: ModelSettings = { ...table, maxTokens: options.maxTokens ?? table.maxTokens };
    return new BagOfWordsEmbedder(folder, modelId, graph, tokenizer, settings, Math.min(settings.maxTokens, modelMaxLength ?? Infinity));
  } catch {
    return undefined;
  }
}

class BagOfWordsEmbedder implements Embedder {
  readonly fingerprint: EmbedderFingerprint;
  readonly maxTokens: number;

  constructor(
    readonly modelDir: string,
    modelId: string,
    private readonly graph: BagOfWordsGraph,
    private readonly tokenizer: Tokenizer,
    private readonly settings: ModelSettings,
    /** Tokens kept of one input, as transformers.js truncates (the model's own limit applies too). */
    private readonly tokenLimit: number,
  ) {
    this.maxTokens = settings.maxTokens;
    this.fingerprint = Object.freeze({ modelId, dimensions: graph.dims, pooling: settings.pooling, normalized: true, dtype: 'fp32' as const });
  }

  async embedPassages(texts: string[]): Promise<Float32Array[]> {
    return texts.map((text) => this.embed(applyPrefix(this.settings.passagePrefix, text)));
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return this.embed(applyPrefix(this.settings.queryPrefix, text));
  }

  /** Tokens (truncated as transformers.js does: the list is cut, [SEP] included), token rows, pooling, L2 norm. */
  private embed(text: string): Float32Array {
    const { ids, token_type_ids: types } = this.tokenizer.encode(text, { add_special_tokens: true, return_token_type_ids: true });
    const length = Math.min(ids.length, this.settings.pooling === 'cls' ? 1 : this.tokenLimit);
    const { dims } = this.graph;
    const sum = new Float64Array(dims);
    for (let position = 0; position < length; position++) {
      const row = this.tokenRow(ids[position]!, types[position] ?? 0);
      for (let d = 0; d < dims; d++) sum[d]! += row[d]!;
    }
    if (length > 0) for (let d = 0; d < dims; d++) sum[d]! /= length;
    return normalize(sum);
  }

  /** One token's `last_hidden_state` row, in float32 as ONNX Runtime computes it. */
  private tokenRow(id: number, type: number): Float32Array {
    const { dims, words, types, projection, tanh } = this.graph;
    let row = new Float32Array(dims);
    for (let d = 0; d < dims; d++) row[d] = words[id * dims + d]! + types[type * dims + d]!;
    if (projection) {
      const projected = new Float32Array(dims);
      for (let j = 0; j < dims; j++) {
        let value = 0;
        for (let i = 0; i < dims; i++) value += row[i]! * projection[i * dims + j]!;
        projected[j] = value;
      }
      row = projected;
    }
    if (tanh) for (let d = 0; d < dims; d++) row[d] = Math.tanh(row[d]!);
    return row;
  }
}

/** The tables of `bytes` when it is a graph McDewey wrote (node for node), else undefined. */
function readBagOfWordsGraph(bytes: Uint8Array): BagOfWordsGraph | undefined {
  // require, not import(): Node would first scan this large CommonJS file for its export names.
  const { onnx } = createRequire(import.meta.url)('onnx-proto') as typeof import('onnx-proto');
  const graph = onnx.ModelProto.decode(bytes).graph;
  if (!graph) return undefined;
  const nodes = (graph.node ?? []).map((node) => [node.opType, (node.input ?? []).join(','), (node.output ?? []).join(',')].join(' '));
  const initializers = new Map((graph.initializer ?? []).map((tensor) => [tensor.name, tensor]));
  const table = (name: string, shape: number[]): Float32Array | undefined => {
    const tensor = initializers.get(name);
    const dims = tensor?.dims?.map(Number);
    if (!tensor || tensor.dataType !== FLOAT || dims?.length !== shape.length || dims.some((size, i) => size !== shape[i] && shape[i] !== -1)) return undefined;
    const values = littleEndianFloat32(tensor.rawData ?? new Uint8Array(0));
    return values.length === dims.reduce((product, size) => product * size, 1) ? values : undefined;
  };
  const words = initializers.get('embeddings.word_embeddings.weight');
  const dims = Number(words?.dims?.[1]);
  if (!Number.isInteger(dims) || dims <= 0) return undefined;
  for (const [projected, tanh] of [
    [false, false],
    [true, false],
    [true, true],
    [false, true],
  ] as const) {
    const hidden = tanh ? 'activated' : projected ? 'projected' : 'token_vectors';
    const expected = [
      ...LOOKUP_NODES,
      ...(projected ? [PROJECTION_NODE] : []),
      ...(tanh ? [['Tanh', projected ? 'projected' : 'token_vectors', 'activated'] as const] : []),
      ...MASK_NODES(hidden),
    ].map((node) => node.join(' '));
    if (expected.length !== nodes.length || expected.some((node, i) => node !== nodes[i])) continue;
    const wordTable = table('embeddings.word_embeddings.weight', [-1, dims]);
    const typeTable = table('embeddings.token_type_embeddings.weight', [-1, dims]);
    const projection = projected ? table('encoder.dense.weight', [dims, dims]) : undefined;
    if (!wordTable || !typeTable || (projected && !projection)) return undefined;
    return { dims, words: wordTable, types: typeTable, projection, tanh };
  }
  return undefined;
}

/** The values of an ONNX tensor's `raw_data` (little-endian float32 whatever the platform). */
function littleEndianFloat32(bytes: Uint8Array): Float32Array {
  if (bytes.length % 4 !== 0) return new Float32Array(0);
  if (LITTLE_ENDIAN) return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const values = new Float32Array(bytes.length / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(i * 4, true);
  return values;
}

async function readJsonObject(path: string): Promise<Record<string, unknown>> {
  const value: unknown = JSON.parse(await readFile(path, 'utf8'));
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${path} is not a JSON object`);
  return value as Record<string, unknown>;
}

function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
