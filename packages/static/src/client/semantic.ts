import type { SemanticInfo } from '../format.js';

/** The parts of transformers.js used here (its browser build, served from the site). */
interface TransformersModule {
  env: {
    allowRemoteModels: boolean;
    allowLocalModels: boolean;
    localModelPath: string;
    useBrowserCache: boolean;
    useWasmCache: boolean;
    backends: { onnx: { wasm?: { wasmPaths?: unknown; numThreads?: number; proxy?: boolean } } };
  };
  pipeline(task: string, model: string, options: Record<string, unknown>): Promise<PipelineLike>;
}

interface TensorLike {
  dims: number[];
  type: string;
  data: ArrayLike<number>;
  to?(type: string): TensorLike;
}

interface PipelineLike {
  tokenizer: ((texts: string[], options: Record<string, unknown>) => Record<string, TensorLike>) & { model_max_length?: number };
  model: (inputs: Record<string, TensorLike>) => Promise<Record<string, TensorLike | undefined>>;
}

/**
 * Loads the site's model with transformers.js — runtime, onnxruntime-web's WebAssembly and the
 * model files all from this site, remote loading off — and returns a query embedder that pools
 * and normalises exactly as core's transformers embedder does (CLS or attention-masked mean,
 * L2 in double precision), with the index's query prefix.
 */
export async function loadSiteEmbedder(root: URL, info: SemanticInfo): Promise<(text: string) => Promise<Float32Array>> {
  const runtimeUrl = new URL(info.runtime, root).href;
  const transformers = (await import(/* @vite-ignore */ runtimeUrl)) as TransformersModule;
  const { env } = transformers;
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.useBrowserCache = false;
  // Loaded as they are (not re-wrapped as blob: URLs, which the pages' CSP forbids).
  env.useWasmCache = false;
  // A path, not a URL: transformers.js only looks for "local" files at non-URL paths.
  env.localModelPath = new URL(info.modelPath.replace(/[^/]+\/?$/, ''), root).pathname;
  const wasm = (env.backends.onnx.wasm ??= {});
  wasm.wasmPaths = { mjs: new URL(info.wasm.mjs, root).href, wasm: new URL(info.wasm.binary, root).href };
  wasm.numThreads = 1;
  wasm.proxy = false;
  const pipe = await transformers.pipeline('feature-extraction', info.modelName, { dtype: info.dtype, device: 'wasm' });
  const maxLength = typeof pipe.tokenizer.model_max_length === 'number' && pipe.tokenizer.model_max_length <= 1_000_000 ? pipe.tokenizer.model_max_length : 512;
  const pooling = info.fingerprint.pooling;
  return async (text) => {
    const inputs = pipe.tokenizer([info.queryPrefix + text], { padding: true, truncation: true, max_length: maxLength });
    const outputs = await pipe.model(inputs);
    let hidden = outputs['last_hidden_state'] ?? outputs['logits'] ?? outputs['token_embeddings'];
    if (!hidden) throw new Error('the model returned no hidden state');
    if (hidden.type !== 'float32' && hidden.to) hidden = hidden.to('float32');
    const data = hidden.data;
    const mask = inputs['attention_mask']?.data;
    const dims = hidden.dims[hidden.dims.length - 1]!;
    const sum = new Float64Array(dims);
    if (hidden.dims.length === 2) {
      for (let d = 0; d < dims; d++) sum[d] = data[d]!;
    } else if (pooling === 'cls') {
      for (let d = 0; d < dims; d++) sum[d] = data[d]!;
    } else {
      const seq = hidden.dims[1]!;
      let count = 0;
      for (let s = 0; s < seq; s++) {
        if (mask && Number(mask[s]) === 0) continue;
        count++;
        for (let d = 0; d < dims; d++) sum[d]! += data[s * dims + d]!;
      }
      if (count > 0) for (let d = 0; d < dims; d++) sum[d]! /= count;
    }
    let norm = 0;
    for (const value of sum) norm += value * value;
    norm = Math.sqrt(norm);
    const vector = new Float32Array(dims);
    for (let d = 0; d < dims; d++) vector[d] = norm > 0 ? sum[d]! / norm : 0;
    return vector;
  };
}
