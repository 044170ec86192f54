import type { Dtype } from './model-files.js';

/** Options of `loadTransformersEmbedder`. */
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
  /**
   * Threads onnxruntime uses inside one model call (`intraOpNumThreads`). Default: 0, one per
   * core (onnxruntime's own choice).
   */
  intraOpThreads?: number;
}

/** Defaults of `loadTransformersEmbedder`. */
export const TRANSFORMERS_EMBEDDER_DEFAULTS = Object.freeze({ batchSize: 16, timeoutMs: 15_000, remoteDtype: 'fp32' as Dtype, intraOpThreads: 0 });

/** What every transformers.js `pipeline()` call of McDewey passes besides the model. */
export interface RuntimeOptions {
  dtype: Dtype;
  device: 'cpu';
  session_options: { intraOpNumThreads: number; interOpNumThreads: number };
}

/** The pipeline options for `dtype` weights and the thread settings in `options`. */
export function runtimeOptions(dtype: Dtype, options: Pick<TransformersEmbedderOptions, 'intraOpThreads'>): RuntimeOptions {
  // One model call at a time runs one operator at a time: inter-op threads would only sit idle.
  return { dtype, device: 'cpu', session_options: { intraOpNumThreads: options.intraOpThreads ?? TRANSFORMERS_EMBEDDER_DEFAULTS.intraOpThreads, interOpNumThreads: 1 } };
}
