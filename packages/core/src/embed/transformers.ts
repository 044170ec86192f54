import { AsyncLocalStorage } from 'node:async_hooks';
import { readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { McdeweyError, isMcdeweyError } from '../errors.js';
import { DEFAULT_MODEL_ID, applyPrefix, findKnownModel, resolveModelSettings, type ModelSettings } from './known-models.js';
import type { Embedder, EmbedderFingerprint } from './types.js';

type Dtype = EmbedderFingerprint['dtype'];

/** Options of {@link loadTransformersEmbedder}. */
export interface TransformersEmbedderOptions {
  /**
   * Hugging Face model id. With `modelDir` it names the local model instead (its prefixes, pooling
   * and fingerprint id). Default: `Xenova/bge-small-en-v1.5`, or for a model folder the
   * `_name_or_path` of its config.json, else the folder's name.
   */
  model?: string;
  /**
   * A local model folder (`config.json`, `tokenizer.json`, `tokenizer_config.json`,
   * `onnx/model.onnx` or `onnx/model_quantized.onnx`), loaded with no network at all.
   * Default: the `MCDEWEY_MODEL_DIR` environment variable, else none (load `model` by id).
   */
  modelDir?: string;
  /** Download the model by id when it is not cached. Default: true. Ignored with `modelDir`. */
  allowRemote?: boolean;
  /**
   * Weights to load. Default: for a model folder the first of `fp32` (`onnx/model.onnx`), `q8`
   * (`onnx/model_quantized.onnx`), `fp16`, `int8`, `uint8`, `q4` present; by id `fp32`.
   */
  dtype?: Dtype;
  /** Texts per model call in `embedPassages`. Default: 16. */
  batchSize?: number;
  /**
   * How long a remote load may go without progress before it is abandoned (milliseconds); the load
   * then falls back to the local cache, else fails with `EMBEDDER_UNAVAILABLE`. Default: 15000.
   */
  timeoutMs?: number;
  /** Called after each batch of `embedPassages` with texts done and texts in the call. */
  onProgress?(done: number, total: number): void;
  /**
   * Where downloaded models are cached. Sets transformers.js's process-wide `env.cacheDir`.
   * Default: transformers.js's own (`.cache` inside its package).
   */
  cacheDir?: string;
  /** Base URL of the model hub (a mirror). Default: `https://huggingface.co/`. */
  remoteHost?: string;
  /** Pooling, overriding the known-model table. Default: the table's, else `mean`. */
  pooling?: 'mean' | 'cls';
  /** Query prefix, overriding the known-model table. Default: the table's, else none. */
  queryPrefix?: string;
  /** Passage prefix, overriding the known-model table. Default: the table's, else none. */
  passagePrefix?: string;
  /** Token limit (inputs are truncated to it). Default: the table's, else the model's own, else 512. */
  maxTokens?: number;
}

/** Defaults of {@link loadTransformersEmbedder}. */
export const TRANSFORMERS_EMBEDDER_DEFAULTS = Object.freeze({ batchSize: 16, timeoutMs: 15_000, remoteDtype: 'fp32' as Dtype });

/** ONNX file suffix per dtype, as transformers.js names them. */
const DTYPE_FILE_SUFFIX: Readonly<Record<Dtype, string>> = Object.freeze({
  fp32: '',
  q8: '_quantized',
  fp16: '_fp16',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
});
const LOCAL_DTYPE_PREFERENCE: readonly Dtype[] = ['fp32', 'q8', 'fp16', 'int8', 'uint8', 'q4'];
const REQUIRED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'] as const;
const HOW_TO_PROVIDE =
  'To run without network, provide a local model folder (config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx) ' +
  'with --model-dir DIR or the MCDEWEY_MODEL_DIR environment variable.';

/**
 * Loads a feature-extraction model with transformers.js (`pipeline('feature-extraction')`) and
 * wraps it as an {@link Embedder}: prefixes from the known-model table, truncation at
 * `maxTokens`, mean or CLS pooling, L2-normalised Float32 rows. Nothing is imported until this
 * is called.
 *
 * @throws McdeweyError `MODEL_NOT_FOUND` when `modelDir` or one of its files is missing, or the hub
 *   has no such model; `EMBEDDER_UNAVAILABLE` when the model cannot be loaded (offline and not
 *   cached, timed out, broken files); `INVALID_ARGUMENT` for bad options.
 */
export async function loadTransformersEmbedder(options: TransformersEmbedderOptions = {}): Promise<Embedder> {
  const batchSize = options.batchSize ?? TRANSFORMERS_EMBEDDER_DEFAULTS.batchSize;
  const timeoutMs = options.timeoutMs ?? TRANSFORMERS_EMBEDDER_DEFAULTS.timeoutMs;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw invalid('batchSize', `must be a positive integer, got ${batchSize}`);
  if (!(timeoutMs > 0)) throw invalid('timeoutMs', `must be a positive number, got ${timeoutMs}`);
  if (options.maxTokens !== undefined && (!Number.isInteger(options.maxTokens) || options.maxTokens < 2)) {
    throw invalid('maxTokens', `must be an integer of at least 2, got ${options.maxTokens}`);
  }
  if (options.dtype !== undefined && !(options.dtype in DTYPE_FILE_SUFFIX)) throw invalid('dtype', `unknown dtype "${String(options.dtype)}"`);
  if (options.pooling !== undefined && options.pooling !== 'mean' && options.pooling !== 'cls') throw invalid('pooling', `must be "mean" or "cls", got "${String(options.pooling)}"`);

  const modelDir = options.modelDir ?? (process.env['MCDEWEY_MODEL_DIR'] || undefined);
  const loaded = modelDir === undefined ? await loadByIdentifier(options, timeoutMs) : await loadFromFolder(resolve(modelDir), options);

  const table = resolveModelSettings(loaded.modelId, loaded.limits);
  const settings: ModelSettings = {
    ...table,
    pooling: options.pooling ?? table.pooling,
    queryPrefix: options.queryPrefix ?? table.queryPrefix,
    passagePrefix: options.passagePrefix ?? table.passagePrefix,
    maxTokens: options.maxTokens ?? table.maxTokens,
  };
  try {
    return await TransformersEmbedder.create(loaded, settings, batchSize, options.onProgress);
  } catch (error) {
    await loaded.pipe.dispose?.().catch(() => undefined);
    if (isMcdeweyError(error)) throw error;
    throw new McdeweyError('EMBEDDER_UNAVAILABLE', `The embedding model "${loaded.modelId}" loaded but cannot embed text: ${messageOf(error)}`, {
      cause: error,
      details: { model: loaded.modelId },
    });
  }
}

/** The parts of a transformers.js tensor used here. */
interface TensorLike {
  readonly dims: number[];
  readonly type: string;
  readonly data: ArrayLike<number | bigint>;
  to?(type: string): TensorLike;
}

/** The parts of a transformers.js feature-extraction pipeline used here. */
interface PipelineLike {
  tokenizer?: ((texts: string[], options: { padding: boolean; truncation: boolean; max_length: number }) => Record<string, TensorLike>) & {
    readonly model_max_length?: number;
  };
  model: ((inputs: Record<string, TensorLike>) => Promise<Record<string, TensorLike | undefined>>) & { readonly config?: Record<string, unknown> };
  dispose?(): Promise<void>;
}

type TransformersModule = typeof import('@huggingface/transformers');

interface LoadedModel {
  pipe: PipelineLike;
  modelId: string;
  dtype: Dtype;
  limits: { modelMaxLength?: number | undefined; maxPositionEmbeddings?: number | undefined };
}

class TransformersEmbedder implements Embedder {
  readonly fingerprint: EmbedderFingerprint;
  readonly maxTokens: number;

  private constructor(
    private readonly loaded: LoadedModel,
    private readonly settings: ModelSettings,
    private readonly batchSize: number,
    private readonly onProgress: ((done: number, total: number) => void) | undefined,
    dimensions: number,
  ) {
    this.maxTokens = settings.maxTokens;
    this.fingerprint = Object.freeze({ modelId: loaded.modelId, dimensions, pooling: settings.pooling, normalized: true, dtype: loaded.dtype });
  }

  /** Embeds a probe text to learn the model's width (and to fail now, not on the first query). */
  static async create(loaded: LoadedModel, settings: ModelSettings, batchSize: number, onProgress: TransformersEmbedder['onProgress']): Promise<TransformersEmbedder> {
    const probe = await embedBatch(loaded.pipe, ['mcdewey'], settings);
    const dimensions = probe[0]!.length;
    if (dimensions === 0) throw new McdeweyError('EMBEDDER_UNAVAILABLE', `The embedding model "${loaded.modelId}" returns empty vectors`);
    return new TransformersEmbedder(loaded, settings, batchSize, onProgress, dimensions);
  }

  async embedPassages(texts: string[]): Promise<Float32Array[]> {
    const total = texts.length;
    const rows = new Array<Float32Array>(total);
    // Similar lengths in one batch waste less on padding; results go back in input order.
    const order = texts.map((_, i) => i).sort((a, b) => texts[b]!.length - texts[a]!.length || a - b);
    for (let start = 0; start < total; start += this.batchSize) {
      const indices = order.slice(start, start + this.batchSize);
      const vectors = await embedBatch(this.loaded.pipe, indices.map((i) => applyPrefix(this.settings.passagePrefix, texts[i]!)), this.settings);
      indices.forEach((index, j) => {
        rows[index] = this.checked(vectors[j]!);
      });
      this.onProgress?.(Math.min(start + this.batchSize, total), total);
    }
    return rows;
  }

  async embedQuery(text: string): Promise<Float32Array> {
    const [vector] = await embedBatch(this.loaded.pipe, [applyPrefix(this.settings.queryPrefix, text)], this.settings);
    return this.checked(vector!);
  }

  async dispose(): Promise<void> {
    await this.loaded.pipe.dispose?.();
  }

  private checked(vector: Float32Array): Float32Array {
    if (vector.length !== this.fingerprint.dimensions) {
      throw new McdeweyError('EMBEDDER_UNAVAILABLE', `The embedding model "${this.fingerprint.modelId}" returned ${vector.length} dimensions, expected ${this.fingerprint.dimensions}`);
    }
    return vector;
  }
}

/** Tokenizes (truncating at maxTokens), runs the model, pools and L2-normalises: one row per text. */
async function embedBatch(pipe: PipelineLike, texts: string[], settings: ModelSettings): Promise<Float32Array[]> {
  if (texts.length === 0) return [];
  const inputs = pipe.tokenizer!(texts, { padding: true, truncation: true, max_length: settings.maxTokens });
  const outputs = await pipe.model(inputs);
  let hidden = outputs['last_hidden_state'] ?? outputs['logits'] ?? outputs['token_embeddings'];
  if (!hidden) throw new Error(`the model returned none of last_hidden_state, logits, token_embeddings (got ${Object.keys(outputs).join(', ')})`);
  if (hidden.type !== 'float32' && hidden.to) hidden = hidden.to('float32');
  const data = hidden.data as ArrayLike<number>;
  const mask = inputs['attention_mask']?.data;
  const [batch, ...rest] = hidden.dims;
  const rows: Float32Array[] = [];

  if (rest.length === 1) {
    // Already pooled: [batch, dims].
    const dims = rest[0]!;
    for (let b = 0; b < batch!; b++) rows.push(normalize(Float64Array.from({ length: dims }, (_, d) => data[b * dims + d]!)));
    return rows;
  }
  if (rest.length !== 2) throw new Error(`unexpected model output shape [${hidden.dims.join(', ')}]`);
  const [seq, dims] = rest as [number, number];
  for (let b = 0; b < batch!; b++) {
    const sum = new Float64Array(dims);
    if (settings.pooling === 'cls') {
      for (let d = 0; d < dims; d++) sum[d] = data[b * seq * dims + d]!;
    } else {
      let count = 0;
      for (let s = 0; s < seq; s++) {
        if (mask && Number(mask[b * seq + s]) === 0) continue;
        count++;
        const offset = (b * seq + s) * dims;
        for (let d = 0; d < dims; d++) sum[d]! += data[offset + d]!;
      }
      if (count > 0) for (let d = 0; d < dims; d++) sum[d]! /= count;
    }
    rows.push(normalize(sum));
  }
  return rows;
}

function normalize(values: Float64Array): Float32Array {
  let norm = 0;
  for (const value of values) norm += value * value;
  norm = Math.sqrt(norm);
  const row = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) row[i] = norm > 0 ? values[i]! / norm : 0;
  return row;
}

// ---------------------------------------------------------------------------------------------
// Loading

async function loadFromFolder(dir: string, options: TransformersEmbedderOptions): Promise<LoadedModel> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new McdeweyError('MODEL_NOT_FOUND', `Model folder not found: ${dir}. ${HOW_TO_PROVIDE}`, { details: { path: dir } });
  }
  for (const file of REQUIRED_FILES) {
    if (!(await isFile(join(dir, file)))) {
      throw new McdeweyError('MODEL_NOT_FOUND', `Model folder ${dir} has no ${file} (missing ${join(dir, file)})`, { details: { path: dir, missing: file } });
    }
  }
  const dtype = await chooseLocalDtype(dir, options.dtype);
  const config = await readJson(join(dir, 'config.json'));
  const tokenizerConfig = await readJson(join(dir, 'tokenizer_config.json'));
  const modelId = options.model ?? localModelId(config, dir);

  const transformers = await importTransformers();
  // An absolute path is not a valid hub id, so transformers.js reads `<dir>/<file>` directly and
  // never builds a hub URL; `local_files_only` and the offline fetch guard make sure of it.
  const context: LoadContext = { offline: true, signal: new AbortController().signal, remoteHost: undefined };
  let pipe: PipelineLike;
  try {
    pipe = await loadContext.run(context, () =>
      transformers.pipeline('feature-extraction', dir, { local_files_only: true, dtype, device: 'cpu' }) as unknown as Promise<PipelineLike>,
    );
  } catch (error) {
    throw new McdeweyError('EMBEDDER_UNAVAILABLE', `Cannot load the model in ${dir}: ${messageOf(error)}`, { cause: error, details: { path: dir } });
  }
  if (!pipe.tokenizer) {
    await pipe.dispose?.().catch(() => undefined);
    throw new McdeweyError('EMBEDDER_UNAVAILABLE', `transformers.js loaded no tokenizer from ${dir}`, { details: { path: dir } });
  }
  return {
    pipe,
    modelId,
    dtype,
    limits: { modelMaxLength: numberOr(tokenizerConfig['model_max_length']), maxPositionEmbeddings: numberOr(config['max_position_embeddings']) },
  };
}

async function chooseLocalDtype(dir: string, requested: Dtype | undefined): Promise<Dtype> {
  const onnxFile = (dtype: Dtype) => join(dir, 'onnx', `model${DTYPE_FILE_SUFFIX[dtype]}.onnx`);
  if (requested) {
    if (await isFile(onnxFile(requested))) return requested;
    throw new McdeweyError('MODEL_NOT_FOUND', `Model folder ${dir} has no ${requested} weights (missing ${onnxFile(requested)})`, {
      details: { path: dir, missing: `onnx/model${DTYPE_FILE_SUFFIX[requested]}.onnx` },
    });
  }
  for (const dtype of LOCAL_DTYPE_PREFERENCE) if (await isFile(onnxFile(dtype))) return dtype;
  throw new McdeweyError('MODEL_NOT_FOUND', `Model folder ${dir} has no ONNX weights (missing ${onnxFile('fp32')} or ${onnxFile('q8')})`, {
    details: { path: dir, missing: 'onnx/model.onnx' },
  });
}

/** A known model's canonical id, else `_name_or_path` when it is a name (not a path), else the folder name. */
function localModelId(config: Record<string, unknown>, dir: string): string {
  const named = typeof config['_name_or_path'] === 'string' ? config['_name_or_path'].trim() : '';
  const isPath = /^[./~\\]|\\|^[A-Za-z]:|\/.*\//.test(named);
  const candidate = named && !isPath ? named : basename(dir);
  return findKnownModel(candidate)?.id ?? candidate;
}

async function loadByIdentifier(options: TransformersEmbedderOptions, timeoutMs: number): Promise<LoadedModel> {
  const modelId = options.model ?? DEFAULT_MODEL_ID;
  const dtype = options.dtype ?? TRANSFORMERS_EMBEDDER_DEFAULTS.remoteDtype;
  const transformers = await importTransformers();
  if (options.cacheDir !== undefined) transformers.env.cacheDir = resolve(options.cacheDir);
  const host = options.remoteHost ?? transformers.env.remoteHost;

  let pipe: PipelineLike;
  if (options.allowRemote ?? true) {
    try {
      pipe = await loadRemote(transformers, modelId, dtype, timeoutMs, options.remoteHost);
    } catch (error) {
      if (isNotFound(error) && !isTimeout(error)) {
        throw new McdeweyError('MODEL_NOT_FOUND', `Model "${modelId}" was not found at ${host} (${messageOf(error)}). ${HOW_TO_PROVIDE}`, {
          cause: error,
          details: { model: modelId },
        });
      }
      // Unreachable, slow or failing hub: a model downloaded before still loads from the cache.
      const cached = await loadCached(transformers, modelId, dtype).catch(() => undefined);
      if (!cached) {
        const reason = isTimeout(error) ? `no progress from ${host} for ${timeoutMs} ms` : describeNetworkError(error, host);
        throw new McdeweyError('EMBEDDER_UNAVAILABLE', `Cannot load embedding model "${modelId}": ${reason}, and it is not in the local cache. ${HOW_TO_PROVIDE}`, {
          cause: error,
          details: { model: modelId, remoteHost: host },
        });
      }
      pipe = cached;
    }
  } else {
    try {
      pipe = await loadCached(transformers, modelId, dtype);
    } catch (error) {
      const where = transformers.env.cacheDir ? ` (${transformers.env.cacheDir})` : '';
      throw new McdeweyError('EMBEDDER_UNAVAILABLE', `Embedding model "${modelId}" is not in the local cache${where} and remote loading is off. ${HOW_TO_PROVIDE}`, {
        cause: error,
        details: { model: modelId },
      });
    }
  }
  if (!pipe.tokenizer) {
    await pipe.dispose?.().catch(() => undefined);
    throw new McdeweyError('EMBEDDER_UNAVAILABLE', `transformers.js loaded no tokenizer for "${modelId}"`, { details: { model: modelId } });
  }
  return {
    pipe,
    modelId,
    dtype,
    limits: { modelMaxLength: numberOr(pipe.tokenizer.model_max_length), maxPositionEmbeddings: numberOr(pipe.model.config?.['max_position_embeddings']) },
  };
}

class LoadTimeoutError extends Error {
  constructor(timeoutMs: number) {
    super(`no progress for ${timeoutMs} ms`);
    this.name = 'LoadTimeoutError';
  }
}

/**
 * Loads from the hub, abandoning the load when `timeoutMs` pass without progress (a download that
 * keeps moving is never cut). The abandoned load's requests are aborted.
 */
async function loadRemote(transformers: TransformersModule, modelId: string, dtype: Dtype, timeoutMs: number, remoteHost: string | undefined): Promise<PipelineLike> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let watching = true;
  const timedOut = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(new LoadTimeoutError(timeoutMs)), { once: true });
  });
  const arm = () => {
    clearTimeout(timer);
    if (watching) timer = setTimeout(() => controller.abort(), Math.min(timeoutMs, 2 ** 31 - 1));
  };
  const inFlight = new Set<string>();
  let weightsDone = false;
  const onProgress = (event: { status?: string; file?: string }) => {
    const file = typeof event.file === 'string' ? event.file : undefined;
    if (file && event.status === 'initiate') inFlight.add(file);
    if (file && event.status === 'done') {
      inFlight.delete(file);
      if (file.endsWith('.onnx')) weightsDone = true;
    }
    // Once the weights (and anything else started) are in, what is left is local work
    // (building the ONNX session): stop watching the clock.
    if (weightsDone && inFlight.size === 0) {
      watching = false;
      clearTimeout(timer);
    } else {
      arm();
    }
  };
  const context: LoadContext = { offline: false, signal: controller.signal, remoteHost };
  arm();
  const loading = loadContext.run(
    context,
    () => transformers.pipeline('feature-extraction', modelId, { dtype, device: 'cpu', progress_callback: onProgress as never }) as unknown as Promise<PipelineLike>,
  );
  try {
    return await Promise.race([loading, timedOut]);
  } catch (error) {
    if (error instanceof LoadTimeoutError) {
      // Its requests are aborted, so the abandoned load settles soon; wait (briefly) so that a
      // cache-only retry does not join its memoised, failing requests. Release what it made.
      const settled = loading.then((pipe) => pipe.dispose?.(), () => undefined).catch(() => undefined);
      await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    }
    throw error;
  } finally {
    watching = false;
    clearTimeout(timer);
  }
}

/** Loads from the local cache (or `env.localModelPath`) only; every hub request answers 404. */
async function loadCached(transformers: TransformersModule, modelId: string, dtype: Dtype): Promise<PipelineLike> {
  const context: LoadContext = { offline: true, signal: new AbortController().signal, remoteHost: undefined };
  return loadContext.run(
    context,
    () => transformers.pipeline('feature-extraction', modelId, { local_files_only: true, dtype, device: 'cpu' }) as unknown as Promise<PipelineLike>,
  );
}

// ---------------------------------------------------------------------------------------------
// transformers.js environment

interface LoadContext {
  /** Answer every hub request with 404 instead of touching the network. */
  offline: boolean;
  /** Aborts the load's requests. */
  signal: AbortSignal;
  /** Replaces `env.remoteHost` in request URLs. */
  remoteHost: string | undefined;
}

/**
 * transformers.js has one process-wide `env`. Rather than flipping `allowRemoteModels` or
 * `remoteHost` there (which would race between loads), each load runs in an async context that a
 * wrapper around `env.fetch` consults: offline loads never reach the network (transformers.js
 * probes the hub for optional files even with `local_files_only`), remote loads can be aborted
 * and pointed at a mirror.
 */
const loadContext = new AsyncLocalStorage<LoadContext>();
let preparedEnv: object | undefined;

async function importTransformers(): Promise<TransformersModule> {
  let transformers: TransformersModule;
  try {
    transformers = await import('@huggingface/transformers');
  } catch (error) {
    throw new McdeweyError(
      'EMBEDDER_UNAVAILABLE',
      `Cannot import @huggingface/transformers (${messageOf(error)}). Install it next to @mcdewey/core: npm install @huggingface/transformers`,
      { cause: error },
    );
  }
  const { env, LogLevel } = transformers;
  // transformers.js logs info through console.log (stdout, which MCP over stdio owns); keep only
  // errors, which go to stderr. The setter also lowers onnxruntime's log severity to errors.
  if (env.logLevel < LogLevel.ERROR) env.logLevel = LogLevel.ERROR;
  if (preparedEnv !== env) {
    preparedEnv = env;
    const originalFetch = env.fetch;
    env.fetch = (input: string | URL, init?: RequestInit) => {
      const context = loadContext.getStore();
      if (!context) return originalFetch(input, init);
      if (context.offline) return Promise.resolve(new Response(null, { status: 404, statusText: 'Remote loading is off' }));
      let url = String(input);
      const base = env.remoteHost;
      if (context.remoteHost && url.startsWith(base)) url = joinUrl(context.remoteHost, url.slice(base.length));
      const signal = init?.signal ? AbortSignal.any([init.signal, context.signal]) : context.signal;
      return originalFetch(url, { ...init, signal });
    };
  }
  return transformers;
}

function joinUrl(base: string, rest: string): string {
  return `${base.replace(/\/+$/, '')}/${rest.replace(/^\/+/, '')}`;
}

// ---------------------------------------------------------------------------------------------
// Errors and small helpers

const NETWORK_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

function* causes(error: unknown): Generator<unknown> {
  const seen = new Set<unknown>();
  let current = error;
  while (current !== undefined && current !== null && !seen.has(current)) {
    seen.add(current);
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof LoadTimeoutError;
}

function isNotFound(error: unknown): boolean {
  return [...causes(error)].some((e) => (e as { name?: unknown }).name === 'ModelFileNotFoundError');
}

function describeNetworkError(error: unknown, host: string): string {
  for (const e of causes(error)) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return `cannot reach ${host} (${code})`;
  }
  return messageOf(error);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

async function readJson(path: string): Promise<Record<string, unknown>> {
  try {
    const value: unknown = JSON.parse(await readFile(path, 'utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    throw new Error('not a JSON object');
  } catch (error) {
    throw new McdeweyError('EMBEDDER_UNAVAILABLE', `Cannot read ${path}: ${messageOf(error)}`, { cause: error, details: { path } });
  }
}

function invalid(option: string, message: string): McdeweyError {
  return new McdeweyError('INVALID_ARGUMENT', `loadTransformersEmbedder: ${option} ${message}`, { details: { option } });
}
