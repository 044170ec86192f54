import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadBagOfWordsEmbedder } from '../bag-of-words.js';
import { loadTransformersEmbedder } from '../transformers.js';
import type { Embedder } from '../types.js';
import { TRAINED_MAX_TOKENS } from './model-id.js';

/** The folder inside an index directory where ingest keeps a model it trained. */
export const BUNDLED_MODEL_DIR = 'model';

/** `<indexDir>/model`: where a trained model bundled with an index lives. */
export function bundledModelDir(indexDir: string): string {
  return join(resolve(indexDir), BUNDLED_MODEL_DIR);
}

/** True when `indexDir` holds a bundled model folder (its config.json at least). */
export function hasBundledModel(indexDir: string): boolean {
  return existsSync(join(bundledModelDir(indexDir), 'config.json'));
}

/**
 * Loads the trained model bundled in `indexDir` (see {@link loadTrainedModelFolder}).
 * @throws McdeweyError `MODEL_NOT_FOUND` or `EMBEDDER_UNAVAILABLE` as `loadTransformersEmbedder` does.
 */
export async function loadBundledEmbedder(indexDir: string): Promise<Embedder> {
  return loadTrainedModelFolder(bundledModelDir(indexDir));
}

/**
 * Loads a trained model folder. Its graph is one McDewey wrote, so core runs it itself (same
 * tokenizer, same vectors) and neither transformers.js nor ONNX Runtime is loaded; a folder that
 * is not such a graph goes the ordinary transformers.js way, which also reports what is wrong.
 * @throws McdeweyError `MODEL_NOT_FOUND` or `EMBEDDER_UNAVAILABLE` as `loadTransformersEmbedder` does.
 */
export async function loadTrainedModelFolder(dir: string): Promise<Embedder> {
  return (await loadBagOfWordsEmbedder(dir, { maxTokens: TRAINED_MAX_TOKENS })) ?? loadTransformersEmbedder({ modelDir: dir, maxTokens: TRAINED_MAX_TOKENS });
}
