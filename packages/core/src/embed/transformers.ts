import { resolve } from 'node:path';
import { McdeweyError, isMcdeweyError } from '../errors.js';
import { resolveModelSettings, type ModelSettings } from './known-models.js';
import { TransformersEmbedder } from './transformers/embedder.js';
import { messageOf } from './transformers/errors.js';
import { loadFromFolder } from './transformers/local.js';
import { DTYPE_FILE_SUFFIX } from './transformers/model-files.js';
import { TRANSFORMERS_EMBEDDER_DEFAULTS, type TransformersEmbedderOptions } from './transformers/options.js';
import { loadByIdentifier } from './transformers/remote.js';
import type { Embedder } from './types.js';

export { localModelId } from './transformers/local.js';
export { MODEL_FOLDER_FILES, onnxWeightsFile } from './transformers/model-files.js';
export { TRANSFORMERS_EMBEDDER_DEFAULTS } from './transformers/options.js';
export type { TransformersEmbedderOptions } from './transformers/options.js';
export { normalize } from './transformers/pipeline.js';

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
  if (options.intraOpThreads !== undefined && (!Number.isInteger(options.intraOpThreads) || options.intraOpThreads < 0)) {
    throw invalid('intraOpThreads', `must be a whole number (0: one per core), got ${options.intraOpThreads}`);
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

function invalid(option: string, message: string): McdeweyError {
  return new McdeweyError('INVALID_ARGUMENT', `loadTransformersEmbedder: ${option} ${message}`, { details: { option } });
}
