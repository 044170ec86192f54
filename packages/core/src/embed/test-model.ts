import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { McdeweyError } from '../errors.js';

/**
 * Writes small but real embedding models as transformers.js model folders: `config.json`,
 * `tokenizer.json` (BERT-style WordPiece), `tokenizer_config.json` and `onnx/model.onnx`.
 *
 * The ONNX graph looks up each token in an embedding table, adds a token-type row, optionally
 * applies `tanh(x · W)`, and zeroes padding: `last_hidden_state[b, s, :]`. Every token is
 * embedded on its own, so mean pooling gives a bag-of-words vector. Tests use
 * {@link writeTestModel}; a model trained from a corpus is written with
 * {@link writeEmbeddingModelFolder}.
 */

/** The special tokens every vocabulary written here starts with, in id order. */
export const SPECIAL_TOKENS = Object.freeze(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const);

/** ASCII punctuation; BertPreTokenizer splits each into its own token. */
const PUNCTUATION = Array.from('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');
const LETTERS = Array.from('abcdefghijklmnopqrstuvwxyz0123456789');

/** Options of {@link writeEmbeddingModelFolder}. */
export interface EmbeddingModelFolderOptions {
  /**
   * WordPiece vocabulary in id order (`##` marks a word-continuing piece). Must contain `[PAD]`,
   * `[UNK]`, `[CLS]` and `[SEP]`; {@link buildWordPieceVocab} makes one from words.
   */
  vocab: readonly string[];
  /** Width of one embedding. */
  dims: number;
  /** Row-major `[vocab.length, dims]` table: row `i` is the vector of token `i`. */
  embeddingMatrix: Float32Array;
  /** Optional row-major `[dims, dims]` matrix W applied to every token vector (`x · W`). Default: none. */
  projection?: Float32Array;
  /** Applied after the projection. Default: `'tanh'` with a projection, `'none'` without. */
  activation?: 'tanh' | 'none';
  /** Tokenizer `model_max_length` and config `max_position_embeddings`. Default: 512. */
  maxTokens?: number;
  /** `_name_or_path` in config.json, which becomes the embedder's model id. Default: the folder's base name. */
  name?: string;
  /** Lower-case text before tokenizing. Default: true. */
  lowercase?: boolean;
}

/** Options of {@link writeTestModel}. */
export interface TestModelOptions {
  /** Width of one embedding. Default: 32. */
  dims?: number;
  /** Whole words of the vocabulary (lower-cased); other words are spelt from letter pieces. Default: a small technical vocabulary. */
  vocab?: readonly string[];
  /** Seed of the random embedding table. Default: 42. */
  seed?: number;
  /** The model's token limit. Default: 128. */
  maxTokens?: number;
}

/** The words of the default test vocabulary. */
export const DEFAULT_TEST_WORDS: readonly string[] = Object.freeze(
  (
    'a an the and or of to in on for with by from as is are be it this that how what when which ' +
    'etcd snapshot restore backup cluster node nodes kubernetes pod pods container image registry ' +
    'lua string library table function module script python java javascript typescript ' +
    'install upgrade configure configuration config server client network port protocol http https tls certificate ' +
    'database query index search document page user password login account role permission ' +
    'error log logs debug trace file files directory path disk storage volume memory cpu ' +
    'api rest endpoint request response json xml yaml release version guide manual reference ' +
    'agent call queue phone voice video chat message email router switch firewall vpn ' +
    'create delete update list get set start stop restart run build deploy test'
  ).split(' '),
);

/**
 * Vocabulary for {@link writeEmbeddingModelFolder}: the special tokens, the given words
 * (lower-cased, split at non-alphanumerics, de-duplicated, in order), then every letter and
 * digit alone and as a `##` piece, then ASCII punctuation, so any ASCII text tokenizes.
 */
export function buildWordPieceVocab(words: readonly string[]): string[] {
  const vocab: string[] = [...SPECIAL_TOKENS];
  const seen = new Set<string>(vocab);
  const add = (token: string) => {
    if (!seen.has(token)) {
      seen.add(token);
      vocab.push(token);
    }
  };
  for (const word of words) {
    for (const piece of word.toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (piece) add(piece);
  }
  for (const letter of LETTERS) add(letter);
  for (const letter of LETTERS) add(`##${letter}`);
  for (const mark of PUNCTUATION) add(mark);
  return vocab;
}

/**
 * Writes a transformers.js model folder to `dir` (created if missing) and returns its absolute
 * path. Same inputs, same bytes.
 */
export async function writeEmbeddingModelFolder(dir: string, options: EmbeddingModelFolderOptions): Promise<string> {
  const { vocab, dims, embeddingMatrix, projection } = options;
  const maxTokens = options.maxTokens ?? 512;
  const lowercase = options.lowercase ?? true;
  if (!Number.isInteger(dims) || dims <= 0) throw invalid(`dims must be a positive integer, got ${dims}`);
  if (!Number.isInteger(maxTokens) || maxTokens < 2) throw invalid(`maxTokens must be an integer of at least 2, got ${maxTokens}`);
  if (embeddingMatrix.length !== vocab.length * dims) {
    throw invalid(`embeddingMatrix has ${embeddingMatrix.length} values; vocab.length × dims is ${vocab.length * dims}`);
  }
  if (projection && projection.length !== dims * dims) throw invalid(`projection must hold dims × dims = ${dims * dims} values, got ${projection.length}`);
  const ids = new Map<string, number>();
  vocab.forEach((token, id) => {
    if (ids.has(token)) throw invalid(`vocab holds "${token}" twice`);
    ids.set(token, id);
  });
  for (const special of ['[PAD]', '[UNK]', '[CLS]', '[SEP]']) {
    if (!ids.has(special)) throw invalid(`vocab must contain ${special}`);
  }

  const target = resolve(dir);
  const name = options.name ?? basename(target);
  const onnxBytes = await buildEmbeddingOnnx({
    vocabSize: vocab.length,
    dims,
    embeddingMatrix,
    projection,
    activation: options.activation ?? (projection ? 'tanh' : 'none'),
    name,
  });

  const config = {
    _name_or_path: name,
    architectures: ['BertModel'],
    model_type: 'bert',
    hidden_size: dims,
    intermediate_size: dims,
    num_attention_heads: 1,
    num_hidden_layers: 1,
    max_position_embeddings: maxTokens,
    type_vocab_size: 2,
    vocab_size: vocab.length,
    pad_token_id: ids.get('[PAD]'),
  };
  const tokenizerConfig = buildTokenizerConfig(lowercase, maxTokens);

  await mkdir(join(target, 'onnx'), { recursive: true });
  await writeFile(join(target, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  await writeFile(join(target, 'tokenizer.json'), `${JSON.stringify(buildTokenizerJson(vocab, ids, lowercase))}\n`);
  await writeFile(join(target, 'tokenizer_config.json'), `${JSON.stringify(tokenizerConfig, null, 2)}\n`);
  await writeFile(join(target, 'onnx', 'model.onnx'), onnxBytes);
  return target;
}

/**
 * Writes a deterministic test model to `dir` and returns its absolute path: a WordPiece vocabulary
 * from `options.vocab`, a random embedding table (one Gaussian vector per token, seeded) and a
 * near-identity `tanh` layer. Texts that share words get similar mean-pooled vectors.
 */
export async function writeTestModel(dir: string, options: TestModelOptions = {}): Promise<string> {
  const dims = options.dims ?? 32;
  const seed = options.seed ?? 42;
  const maxTokens = options.maxTokens ?? 128;
  if (!Number.isInteger(dims) || dims <= 0) throw invalid(`dims must be a positive integer, got ${dims}`);
  const vocab = buildWordPieceVocab(options.vocab ?? DEFAULT_TEST_WORDS);
  const random = gaussian(mulberry32(seed));

  const embeddingMatrix = new Float32Array(vocab.length * dims);
  vocab.forEach((token, id) => {
    // Special tokens and single characters are quiet, whole words loud: a text's vector is
    // dominated by its words, and a text of special tokens only still has a non-zero vector.
    const scale = SPECIAL_TOKENS.includes(token as (typeof SPECIAL_TOKENS)[number]) ? 0.02 : token.replace(/^##/, '').length === 1 ? 0.15 : 0.5;
    for (let d = 0; d < dims; d++) embeddingMatrix[id * dims + d] = random() * scale;
  });
  const projection = new Float32Array(dims * dims);
  for (let i = 0; i < dims; i++) {
    for (let j = 0; j < dims; j++) projection[i * dims + j] = (i === j ? 1 : 0) + random() * (0.1 / Math.sqrt(dims));
  }

  const digest = createHash('sha256').update(JSON.stringify({ dims, seed, maxTokens, vocab })).digest('hex').slice(0, 12);
  return writeEmbeddingModelFolder(dir, {
    vocab,
    dims,
    embeddingMatrix,
    projection,
    activation: 'tanh',
    maxTokens,
    name: `mcdewey-test/bow-${dims}d-${digest}`,
  });
}

/** mulberry32: a small, fast, seeded 32-bit PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples from a uniform source (Box–Muller). */
export function gaussian(uniform: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    let u = 0;
    while (u === 0) u = uniform();
    const v = uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
}

/** `tokenizer.json` of a BERT-style WordPiece tokenizer over `vocab` (`ids`: token → id). */
export function buildTokenizerJson(vocab: readonly string[], ids: Map<string, number>, lowercase: boolean): unknown {
  const special = (token: string) => ({ id: ids.get(token)!, content: token, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
  const cls = ids.get('[CLS]')!;
  const sep = ids.get('[SEP]')!;
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.filter((token) => ids.has(token)).map(special),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [cls], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [sep], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocab.map((token, id) => [token, id])),
    },
  };
}

interface OnnxGraphSpec {
  vocabSize: number;
  dims: number;
  embeddingMatrix: Float32Array;
  projection: Float32Array | undefined;
  activation: 'tanh' | 'none';
  name: string;
}

const FLOAT = 1;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const INT64 = 7;
const ATTRIBUTE_INT = 2;

/** Encodes the embedding graph as ONNX (IR 8, opset 13). `onnx-proto` is loaded on first use. */
async function buildEmbeddingOnnx(spec: OnnxGraphSpec): Promise<Uint8Array> {
  const imported = await import('onnx-proto');
  const { onnx } = imported.default ?? imported;
  const { dims, vocabSize } = spec;
  const tokenInput = (name: string) => ({
    name,
    type: { tensorType: { elemType: INT64, shape: { dim: [{ dimParam: 'batch_size' }, { dimParam: 'sequence_length' }] } } },
  });

  const initializer = [
    { name: 'embeddings.word_embeddings.weight', dataType: FLOAT, dims: [vocabSize, dims], rawData: float32Bytes(spec.embeddingMatrix) },
    { name: 'embeddings.token_type_embeddings.weight', dataType: FLOAT, dims: [2, dims], rawData: float32Bytes(new Float32Array(2 * dims)) },
    { name: 'mask_axes', dataType: INT64, dims: [1], rawData: int64Bytes([-1]) },
  ];
  const node = [
    { opType: 'Gather', name: 'word_lookup', input: ['embeddings.word_embeddings.weight', 'input_ids'], output: ['word_vectors'], attribute: [{ name: 'axis', type: ATTRIBUTE_INT, i: 0 }] },
    { opType: 'Gather', name: 'type_lookup', input: ['embeddings.token_type_embeddings.weight', 'token_type_ids'], output: ['type_vectors'], attribute: [{ name: 'axis', type: ATTRIBUTE_INT, i: 0 }] },
    { opType: 'Add', name: 'add_types', input: ['word_vectors', 'type_vectors'], output: ['token_vectors'] },
  ];
  let hidden = 'token_vectors';
  if (spec.projection) {
    initializer.push({ name: 'encoder.dense.weight', dataType: FLOAT, dims: [dims, dims], rawData: float32Bytes(spec.projection) });
    node.push({ opType: 'MatMul', name: 'dense', input: [hidden, 'encoder.dense.weight'], output: ['projected'] });
    hidden = 'projected';
  }
  if (spec.activation === 'tanh') {
    node.push({ opType: 'Tanh', name: 'activation', input: [hidden], output: ['activated'] });
    hidden = 'activated';
  }
  node.push(
    { opType: 'Cast', name: 'mask_to_float', input: ['attention_mask'], output: ['mask_float'], attribute: [{ name: 'to', type: ATTRIBUTE_INT, i: FLOAT }] },
    { opType: 'Unsqueeze', name: 'mask_expand', input: ['mask_float', 'mask_axes'], output: ['mask_3d'] },
    { opType: 'Mul', name: 'apply_mask', input: [hidden, 'mask_3d'], output: ['last_hidden_state'] },
  );

  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'mcdewey',
    producerVersion: '1',
    docString: spec.name,
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'mcdewey_embedding',
      node,
      initializer,
      input: [tokenInput('input_ids'), tokenInput('attention_mask'), tokenInput('token_type_ids')],
      output: [
        {
          name: 'last_hidden_state',
          type: {
            tensorType: { elemType: FLOAT, shape: { dim: [{ dimParam: 'batch_size' }, { dimParam: 'sequence_length' }, { dimValue: dims }] } },
          },
        },
      ],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

/** `tokenizer_config.json` of a BERT tokenizer with the usual special tokens. */
export function buildTokenizerConfig(lowercase: boolean, maxTokens: number): Record<string, unknown> {
  return {
    tokenizer_class: 'BertTokenizer',
    do_lower_case: lowercase,
    model_max_length: maxTokens,
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    pad_token: '[PAD]',
    unk_token: '[UNK]',
    mask_token: '[MASK]',
    clean_up_tokenization_spaces: true,
    strip_accents: null,
    tokenize_chinese_chars: true,
  };
}

/** Little-endian bytes of a float32 array, whatever the platform's byte order (a view, not a copy, on little-endian machines). */
export function float32Bytes(values: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i]!, true);
  return bytes;
}

/** Little-endian bytes of int64 values. */
export function int64Bytes(values: number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 8);
  const view = new DataView(bytes.buffer);
  values.forEach((value, i) => view.setBigInt64(i * 8, BigInt(value), true));
  return bytes;
}

function invalid(message: string): McdeweyError {
  return new McdeweyError('INVALID_ARGUMENT', message);
}
