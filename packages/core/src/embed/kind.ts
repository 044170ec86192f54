import type { EmbedderKind } from '../rank/ranking-settings.js';
import { isTrainedModelId } from './trained/model-id.js';
import type { EmbedderFingerprint } from './types.js';

/** Whether an index's vectors come from a model trained from its corpus or a pretrained one (a lexical index ranks like a trained one). */
export function embedderKind(fingerprint: EmbedderFingerprint | null | undefined): EmbedderKind {
  return fingerprint && !isTrainedModelId(fingerprint.modelId) ? 'pretrained' : 'trained';
}
