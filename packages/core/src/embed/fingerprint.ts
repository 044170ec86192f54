import type { EmbedderFingerprint } from './types.js';

/** True when vectors from `a` and `b` can be compared: same model, size, pooling, normalisation and dtype. */
export function fingerprintsMatch(a: EmbedderFingerprint, b: EmbedderFingerprint): boolean {
  return a.modelId === b.modelId && a.dimensions === b.dimensions && a.pooling === b.pooling && a.normalized === b.normalized && a.dtype === b.dtype;
}

/** `Xenova/bge-small-en-v1.5 (384 dims, mean pooling, normalised, fp32)`. */
export function describeFingerprint(fingerprint: EmbedderFingerprint): string {
  return `${fingerprint.modelId} (${fingerprint.dimensions} dims, ${fingerprint.pooling} pooling, ${fingerprint.normalized ? 'normalised' : 'not normalised'}, ${fingerprint.dtype})`;
}
