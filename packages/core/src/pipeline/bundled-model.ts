import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BUNDLED_MODEL_DIR, bundledModelDir, hasBundledModel, loadBundledEmbedder, loadTrainedModelFolder } from '../embed/trained/bundle.js';
import { makeModelScratchDir } from '../embed/trained/scratch.js';
import { TOO_LITTLE_TEXT, trainEmbeddingModel, trainedModelName, writeTrainedModel, type TrainEmbedderOptions, type TrainStats } from '../embed/trained/train.js';
import type { Embedder } from '../embed/types.js';
import { isMcdeweyError } from '../errors.js';
import { indexExists, readStoredIndex } from '../store/read.js';

/** A model trained for an index, written to a scratch folder and loaded from there. */
export interface BundledModel {
  modelId: string;
  /** The model folder, to be copied into the new index. */
  dir: string;
  embedder: Embedder;
  stats: TrainStats;
  /** Training and writing time (0 when reused). */
  seconds: number;
  /** True when the previous index already held this very model (same texts, same settings). */
  reused: boolean;
  /** With `reused`: the previous index's vectors, one per text, in order. */
  vectors?: Float32Array[];
  /** Releases the embedder and removes the scratch folder, if any. */
  dispose(): Promise<void>;
}

/**
 * The model for a new index at `indexDir` whose passages are `texts`: the previous index's own
 * when it is the same model ({@link reuseBundledModel}), else a newly trained one. A corpus too
 * small to train on gives undefined and a notice (the index is then lexical-only).
 */
export async function prepareBundledModel(indexDir: string, texts: readonly string[], options: TrainEmbedderOptions, onNotice?: (message: string) => void): Promise<BundledModel | undefined> {
  const reused = await reuseBundledModel(indexDir, texts, options);
  if (reused) return reused;
  return unlessTooLittleText(() => trainBundledModel(texts, options), onNotice);
}

/**
 * What `train` gives, or undefined and a notice when the passages hold too little text to train
 * on (the index is then lexical-only).
 */
export async function unlessTooLittleText<T>(train: () => T | Promise<T>, onNotice?: (message: string) => void): Promise<T | undefined> {
  try {
    return await train();
  } catch (error) {
    if (!isMcdeweyError(error, 'INVALID_ARGUMENT') || error.details['reason'] !== TOO_LITTLE_TEXT) throw error;
    onNotice?.(`${error.message}; this index is lexical-only.`);
    return undefined;
  }
}

/**
 * The model bundled in the index at `indexDir` when it is the one `texts` and `options` would
 * train (the same id), with the index's vectors; otherwise undefined. Re-ingesting an unchanged
 * corpus then neither trains nor embeds again.
 */
export async function reuseBundledModel(indexDir: string, texts: readonly string[], options: TrainEmbedderOptions = {}): Promise<BundledModel | undefined> {
  if (!indexExists(indexDir)) return undefined;
  let stored;
  try {
    stored = readStoredIndex(indexDir);
  } catch {
    return undefined;
  }
  stored.chunks.close();
  const modelId = trainedModelName(texts, options);
  if (stored.manifest.embedder?.modelId !== modelId || stored.chunks.count !== texts.length || !hasBundledModel(stored.dir)) return undefined;
  const vectors = stored.loadVectors();
  if (!vectors || vectors.size !== texts.length) {
    vectors?.close();
    return undefined;
  }
  const rows = Array.from({ length: texts.length }, (_, row) => vectors.row(row));
  vectors.close();
  const embedder = await loadBundledEmbedder(stored.dir);
  const training = JSON.parse(await readFile(join(bundledModelDir(stored.dir), 'training.json'), 'utf8').catch(() => '{}')) as { stats?: TrainStats };
  return {
    modelId,
    dir: bundledModelDir(stored.dir),
    embedder,
    stats: training.stats ?? ({} as TrainStats),
    seconds: 0,
    reused: true,
    vectors: rows,
    dispose: async () => embedder.dispose?.(),
  };
}

/**
 * Trains a model from `texts` (the passages that will be embedded), writes it to a scratch
 * folder and loads it from there, as a bundled model is loaded ({@link loadTrainedModelFolder}).
 */
export async function trainBundledModel(texts: readonly string[], options: TrainEmbedderOptions = {}): Promise<BundledModel> {
  const started = performance.now();
  const model = trainEmbeddingModel(texts, options);
  const scratch = await makeModelScratchDir();
  const remove = () => rm(scratch, { recursive: true, force: true });
  try {
    const dir = await writeTrainedModel(join(scratch, BUNDLED_MODEL_DIR), model);
    const embedder = await loadTrainedModelFolder(dir);
    return {
      modelId: model.name,
      dir,
      embedder,
      stats: model.stats,
      seconds: (performance.now() - started) / 1000,
      reused: false,
      async dispose() {
        await embedder.dispose?.();
        await remove();
      },
    };
  } catch (error) {
    await remove();
    throw error;
  }
}
