import { isMcdeweyError } from '../errors.js';
import { loadRecordedModel, type ModelFolderRecord } from './model-folder.js';
import { bundledModelDir, hasBundledModel, loadBundledEmbedder, loadTrainedModelFolder } from './trained/bundle.js';
import { isTrainedModelId } from './trained/model-id.js';
import { loadTransformersEmbedder } from './transformers.js';
import type { Embedder, EmbedderFingerprint } from './types.js';

/** Which embedding model to use, as a user says it (`--model`, `--model-dir`, environment). */
export interface ModelChoice {
  /** Model id. Default `Xenova/bge-small-en-v1.5`. */
  model?: string | undefined;
  /** A local model folder. Default `MCDEWEY_MODEL_DIR`, else none. */
  modelDir?: string | undefined;
  /** Download the model when it is not cached. Default true. */
  allowRemote?: boolean | undefined;
  /** How long a download may stall before giving up, in ms. Default 15000. */
  timeoutMs?: number | undefined;
  /** Embedding progress (for a progress bar). */
  onProgress?: ((done: number, total: number) => void) | undefined;
  /**
   * Weights to load. Default: `loadTransformersEmbedder`'s. Opening an index passes the dtype its
   * manifest records, so that changing the default never strands an index built with another.
   */
  dtype?: EmbedderFingerprint['dtype'] | undefined;
}

/** An embedder, or why none could be loaded and how to provide one. */
export interface ResolvedEmbedder {
  embedder?: Embedder;
  notice?: string;
  /** With `notice`: why no model could be loaded, without what that means for search. */
  reason?: string;
}

/**
 * Loads an embedding model in this order: a local folder (`modelDir`, else `MCDEWEY_MODEL_DIR`),
 * then the model id from the cache or the network. When no model can be had (offline, no folder),
 * it returns a notice instead of failing, so callers can carry on with lexical search.
 * @throws McdeweyError `MODEL_NOT_FOUND` when a given model folder is missing or incomplete.
 */
export async function resolveEmbedder(choice: ModelChoice = {}): Promise<ResolvedEmbedder> {
  const modelDir = choice.modelDir ?? (process.env.MCDEWEY_MODEL_DIR || undefined);
  try {
    const embedder = await loadTransformersEmbedder({
      model: choice.model,
      modelDir,
      allowRemote: choice.allowRemote ?? true,
      timeoutMs: choice.timeoutMs,
      onProgress: choice.onProgress,
      dtype: choice.dtype,
    });
    return { embedder };
  } catch (error) {
    if (modelDir !== undefined || !isMcdeweyError(error) || !['EMBEDDER_UNAVAILABLE', 'MODEL_NOT_FOUND'].includes(error.code)) throw error;
    return { notice: `${error.message} Until then, search is lexical only.`, reason: error.message };
  }
}

/**
 * Loads the model an index was built with (`modelId` from its manifest). A model McDewey trained
 * for the index comes from the index's own `model/` folder first, then from `modelDir` /
 * `MCDEWEY_MODEL_DIR`; it is never looked for on the network. Any other model is resolved as
 * {@link resolveEmbedder} does (`modelDir`, `MCDEWEY_MODEL_DIR`, then the id from the cache or
 * the network).
 */
export async function resolveIndexEmbedder(indexDir: string, modelId: string, choice: ModelChoice = {}): Promise<ResolvedEmbedder> {
  if (!isTrainedModelId(modelId)) return resolveEmbedder({ ...choice, model: choice.modelDir ? undefined : modelId });
  if (hasBundledModel(indexDir)) return { embedder: await loadBundledEmbedder(indexDir) };
  const folder = choice.modelDir ?? (process.env.MCDEWEY_MODEL_DIR || undefined);
  if (folder) return { embedder: await loadTrainedModelFolder(folder) };
  return {
    notice: `This index was built with ${modelId}, a model trained from its corpus and kept in ${bundledModelDir(indexDir)}, which is missing; re-run mcdewey ingest to rebuild it. Until then, search is lexical only.`,
  };
}

/**
 * The model of an index whose manifest records `expected` (and, when it was loaded from a folder,
 * that folder): a folder given now (`modelDir`, else `MCDEWEY_MODEL_DIR`) wins; a model bundled in
 * the index comes next; then the recorded folder, checked against `expected`; then
 * {@link resolveIndexEmbedder}.
 */
export async function resolveRecordedEmbedder(indexDir: string, expected: EmbedderFingerprint, recorded: ModelFolderRecord | undefined, modelDir: string | undefined): Promise<ResolvedEmbedder> {
  const given = modelDir ?? (process.env.MCDEWEY_MODEL_DIR || undefined);
  const bundled = isTrainedModelId(expected.modelId) && hasBundledModel(indexDir);
  if (recorded && given === undefined && !bundled) return loadRecordedModel(recorded, expected);
  return resolveIndexEmbedder(indexDir, expected.modelId, { modelDir, dtype: expected.dtype });
}
