/** Model ids of trained models start with this; the rest is a hash of the corpus and settings. */
export const TRAINED_MODEL_PREFIX = 'mcdewey-trained/';

/** Token window of trained models (every token is embedded alone, so a wide window costs nothing). */
export const TRAINED_MAX_TOKENS = 512;

/** True for the id of a model McDewey trained from a corpus. */
export function isTrainedModelId(modelId: string): boolean {
  return modelId.startsWith(TRAINED_MODEL_PREFIX);
}
