/** Model ids of trained models start with this; the rest is a hash of the corpus and settings. */
export const TRAINED_MODEL_PREFIX = 'mcdewey-trained/';

/**
 * Default fusion weights of hybrid search over an index whose vectors come from a trained model:
 * its semantic leg is weaker than BM25, so it counts for less. Tuned on Cranfield (nDCG@10 over a
 * 0.1-step grid, bench/trained-embedder.mjs) and checked on CISI. A `weights` search option overrides it.
 */
export const TRAINED_FUSION_WEIGHTS = Object.freeze({ lexical: 1, semantic: 0.1 });

/** Token window of trained models (every token is embedded alone, so a wide window costs nothing). */
export const TRAINED_MAX_TOKENS = 512;

/** True for the id of a model McDewey trained from a corpus. */
export function isTrainedModelId(modelId: string): boolean {
  return modelId.startsWith(TRAINED_MODEL_PREFIX);
}
