import { TOKEN_SEPARATOR } from './token-separator.js';

/** Jaccard similarity of word 3-shingles from which two chunks count as the same passage. */
export const NEAR_DUPLICATE_SIMILARITY = 0.8;

/**
 * Jaccard similarity of two texts' word 3-shingles (lower-cased words, punctuation ignored).
 * Search compares only the few pairs of results that are one document in two versions, so the
 * exact value is cheap here; MinHash or SimHash would only estimate it.
 */
export function shingleSimilarity(a: string, b: string): number {
  return setSimilarity(shingleSet(a), shingleSet(b));
}

/** True when two chunk texts are nearly the same passage (see `NEAR_DUPLICATE_SIMILARITY`). */
export function nearlyIdentical(a: string, b: string): boolean {
  return shinglesNearlyIdentical(shingleSet(a), shingleSet(b));
}

/**
 * `nearlyIdentical` over shingle sets made once by `shingleSet` (search compares one kept chunk
 * with many candidates). Sets whose sizes differ by more than the threshold allows are told apart
 * without counting: their Jaccard similarity is at most the smaller size over the larger.
 */
export function shinglesNearlyIdentical(left: ReadonlySet<string>, right: ReadonlySet<string>): boolean {
  const [small, large] = left.size <= right.size ? [left, right] : [right, left];
  if (small.size < NEAR_DUPLICATE_SIMILARITY * large.size) return false;
  return setSimilarity(small, large) >= NEAR_DUPLICATE_SIMILARITY;
}

/** The text's word 3-shingles (a text of fewer than three words is one shingle). */
export function shingleSet(text: string): Set<string> {
  const words = text.toLowerCase().split(TOKEN_SEPARATOR).filter(Boolean);
  const result = new Set<string>();
  if (words.length < 3) {
    if (words.length > 0) result.add(words.join(' '));
    return result;
  }
  for (let i = 0; i + 3 <= words.length; i++) result.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  return result;
}

function setSimilarity(left: ReadonlySet<string>, right: ReadonlySet<string>): number {
  if (left.size === 0 && right.size === 0) return 1;
  let shared = 0;
  for (const shingle of left) if (right.has(shingle)) shared++;
  return shared / (left.size + right.size - shared);
}
