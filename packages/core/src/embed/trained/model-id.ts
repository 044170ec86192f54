/** Model ids of trained models start with this; the rest is a hash of the corpus and settings. */
export const TRAINED_MODEL_PREFIX = 'mcdewey-trained/';

/**
 * Fusion weights of hybrid search over an index with a trained model's vectors that was written
 * before ranking settings were recorded in the manifest (tuned on Cranfield then). New indexes
 * record the weights tuned on the docs golden set (`RANKING_DEFAULTS`); a `weights` search option
 * overrides either.
 */
export const TRAINED_FUSION_WEIGHTS = Object.freeze({ lexical: 1, semantic: 0.1 });

/** Token window of trained models (every token is embedded alone, so a wide window costs nothing). */
export const TRAINED_MAX_TOKENS = 512;

/** True for the id of a model McDewey trained from a corpus. */
export function isTrainedModelId(modelId: string): boolean {
  return modelId.startsWith(TRAINED_MODEL_PREFIX);
}
