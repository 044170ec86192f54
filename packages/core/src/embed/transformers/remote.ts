// Loading a model by its hub id: downloaded (with a progress watchdog) or from the local cache.
import { resolve } from 'node:path';
import { McdeweyError } from '../../errors.js';
import { DEFAULT_MODEL_ID } from '../known-models.js';
import { importTransformers, loadContext, type LoadContext } from './environment.js';
import { HOW_TO_PROVIDE, LoadTimeoutError, describeNetworkError, isNotFound, isTimeout, messageOf } from './errors.js';
import type { Dtype } from './model-files.js';
import { TRANSFORMERS_EMBEDDER_DEFAULTS, runtimeOptions, type RuntimeOptions, type TransformersEmbedderOptions } from './options.js';
import { numberOr, type LoadedModel, type PipelineLike, type TransformersModule } from './pipeline.js';

/**
 * Loads `options.model` (default {@link DEFAULT_MODEL_ID}) by id: from the hub, else the local
 * cache. Without `options.dtype` it takes the default weights (q8) and falls back to fp32 when the
 * model has no such file on the hub, or only fp32 in the cache (a model downloaded before q8 became
 * the default still loads offline).
 */
export async function loadByIdentifier(options: TransformersEmbedderOptions, timeoutMs: number): Promise<LoadedModel> {
  const modelId = options.model ?? DEFAULT_MODEL_ID;
  const dtypes: Dtype[] = options.dtype ? [options.dtype] : [...new Set<Dtype>([TRANSFORMERS_EMBEDDER_DEFAULTS.remoteDtype, 'fp32'])];
  const transformers = await importTransformers();
  if (options.cacheDir !== undefined) transformers.env.cacheDir = resolve(options.cacheDir);
  const host = options.remoteHost ?? transformers.env.remoteHost;
  const cachedFirst = async (): Promise<[PipelineLike, Dtype] | undefined> => {
    for (const dtype of dtypes) {
      const pipe = await loadCached(transformers, modelId, runtimeOptions(dtype, options)).catch(() => undefined);
      if (pipe) return [pipe, dtype];
    }
    return undefined;
  };

  let loaded: [PipelineLike, Dtype] | undefined;
  if (options.allowRemote ?? true) {
    let failure: unknown;
    for (const dtype of dtypes) {
      try {
        loaded = [await loadRemote(transformers, modelId, runtimeOptions(dtype, options), timeoutMs, options.remoteHost), dtype];
        break;
      } catch (error) {
        failure ??= error;
        // Only a missing file is worth asking again for other weights; a slow or failing hub is not.
        if (!isNotFound(error) || isTimeout(error)) break;
      }
    }
    if (!loaded) {
      if (isNotFound(failure) && !isTimeout(failure)) {
        throw new McdeweyError('MODEL_NOT_FOUND', `Model "${modelId}" was not found at ${host} (${messageOf(failure)}). ${HOW_TO_PROVIDE}`, {
          cause: failure,
          details: { model: modelId },
        });
      }
      // Unreachable, slow or failing hub: a model downloaded before still loads from the cache.
      loaded = await cachedFirst();
      if (!loaded) {
        const reason = isTimeout(failure) ? `no progress from ${host} for ${timeoutMs} ms` : describeNetworkError(failure, host);
        throw new McdeweyError('EMBEDDER_UNAVAILABLE', `Cannot load embedding model "${modelId}": ${reason}, and it is not in the local cache. ${HOW_TO_PROVIDE}`, {
          cause: failure,
          details: { model: modelId, remoteHost: host },
        });
      }
    }
  } else {
    loaded = await cachedFirst();
    if (!loaded) {
      const where = transformers.env.cacheDir ? ` (${transformers.env.cacheDir})` : '';
      throw new McdeweyError('EMBEDDER_UNAVAILABLE', `Embedding model "${modelId}" is not in the local cache${where} and remote loading is off. ${HOW_TO_PROVIDE}`, {
        details: { model: modelId },
      });
    }
  }
  const [pipe, dtype] = loaded;
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

/**
 * Loads from the hub, abandoning the load when `timeoutMs` pass without progress (a download that
 * keeps moving is never cut). The abandoned load's requests are aborted.
 */
async function loadRemote(transformers: TransformersModule, modelId: string, runtime: RuntimeOptions, timeoutMs: number, remoteHost: string | undefined): Promise<PipelineLike> {
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
  const loading = loadContext.run(context, () => transformers.pipeline('feature-extraction', modelId, { ...runtime, progress_callback: onProgress as never }) as unknown as Promise<PipelineLike>);
  try {
    return await Promise.race([loading, timedOut]);
  } catch (error) {
    if (error instanceof LoadTimeoutError) {
      // Its requests are aborted, so the abandoned load settles soon; wait (briefly) so that a
      // cache-only retry does not join its memoised, failing requests. Release what it made.
      const settled = loading
        .then(
          (pipe) => pipe.dispose?.(),
          () => undefined,
        )
        .catch(() => undefined);
      await Promise.race([settled, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    }
    throw error;
  } finally {
    watching = false;
    clearTimeout(timer);
  }
}

/** Loads from the local cache (or `env.localModelPath`) only; every hub request answers 404. */
async function loadCached(transformers: TransformersModule, modelId: string, runtime: RuntimeOptions): Promise<PipelineLike> {
  const context: LoadContext = { offline: true, signal: new AbortController().signal, remoteHost: undefined };
  return loadContext.run(context, () => transformers.pipeline('feature-extraction', modelId, { ...runtime, local_files_only: true }) as unknown as Promise<PipelineLike>);
}
