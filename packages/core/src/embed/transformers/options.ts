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
   * Weights to load. Default: for a model folder the first of `q8` (`onnx/model_quantized.onnx`),
   * `fp32` (`onnx/model.onnx`), `fp16`, `int8`, `uint8`, `q4` present; by id `q8`, else `fp32`
   * when the model has no q8 file (or only fp32 is cached). q8 embeds 2.5 times as many chunks per
   * CPU-second as fp32 at a quarter of the download (BENCHMARKS.md, "Transformer embedding").
   */
  dtype?: Dtype;
  /**
   * Texts per model call in `embedPassages`. Default: 1: on CPU, batches of 8 and 32 cost 1.5 to
   * 3 times the CPU time per chunk (padding, and activations that outgrow the caches).
   */
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
   * Threads onnxruntime uses inside one model call (`intraOpNumThreads`); 0 lets onnxruntime take
   * one per core. Default: 1: on the measured 2-core machine a second thread bought no speed and
   * doubled the CPU per chunk, and one thread leaves a core to searches while ingest embeds.
   */
  intraOpThreads?: number;
}

/** Defaults of `loadTransformersEmbedder`. */
export const TRANSFORMERS_EMBEDDER_DEFAULTS = Object.freeze({ batchSize: 1, timeoutMs: 15_000, remoteDtype: 'q8' as Dtype, intraOpThreads: 1 });

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
