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
export function shinglesNearlyIdentical<Shingle extends string | number>(left: ReadonlySet<Shingle>, right: ReadonlySet<Shingle>): boolean {
  const [small, large] = left.size <= right.size ? [left, right] : [right, left];
  if (small.size < NEAR_DUPLICATE_SIMILARITY * large.size) return false;
  return setSimilarity(small, large) >= NEAR_DUPLICATE_SIMILARITY;
}

/** The text's word 3-shingles (a text of fewer than three words is one shingle). */
export function shingleSet(text: string): Set<string> {
  const words = shingleWords(text);
  const result = new Set<string>();
  if (words.length < 3) {
    if (words.length > 0) result.add(words.join(' '));
    return result;
  }
  for (let i = 0; i + 3 <= words.length; i++) result.add(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
  return result;
}

/** Word ids fit in 17 bits, so three of them make an integer below 2^51, exact as a number. */
const WORD_ID_LIMIT = 2 ** 17;

/**
 * Word 3-shingles as numbers, for the many texts one search compares: words get ids from one
 * dictionary, and a shingle is its three ids in one integer (a text of fewer than three words, its
 * one or two ids after a 0 that no id takes). Distinct shingles stay distinct, so sets of one
 * encoder give `shinglesNearlyIdentical` exactly the answer of `shingleSet`'s, without building
 * and hashing a string per shingle. Sets of two encoders must not be compared.
 */
export class ShingleEncoder {
  private readonly ids = new Map<string, number>();

  /** @param maxWords distinct words the dictionary takes (at most 2^17 - 1, the default). */
  constructor(private readonly maxWords = WORD_ID_LIMIT - 1) {}

  /** The text's shingles, or undefined when its words would overfill the dictionary (use `shingleSet` for every text then). */
  encode(text: string): Set<number> | undefined {
    const words = shingleWords(text);
    const ids = new Array<number>(words.length);
    for (let i = 0; i < words.length; i++) {
      let id = this.ids.get(words[i]!);
      if (id === undefined) {
        if (this.ids.size >= this.maxWords) return undefined;
        id = this.ids.size + 1;
        this.ids.set(words[i]!, id);
      }
      ids[i] = id;
    }
    const result = new Set<number>();
    if (ids.length < 3) {
      if (ids.length > 0) result.add((ids.length === 2 ? ids[0]! * WORD_ID_LIMIT : 0) + ids.at(-1)!);
      return result;
    }
    for (let i = 0; i + 3 <= ids.length; i++) result.add((ids[i]! * WORD_ID_LIMIT + ids[i + 1]!) * WORD_ID_LIMIT + ids[i + 2]!);
    return result;
  }
}

function shingleWords(text: string): string[] {
  return text.toLowerCase().split(TOKEN_SEPARATOR).filter(Boolean);
}

function setSimilarity<Shingle>(left: ReadonlySet<Shingle>, right: ReadonlySet<Shingle>): number {
  if (left.size === 0 && right.size === 0) return 1;
  let shared = 0;
  for (const shingle of left) if (right.has(shingle)) shared++;
  return shared / (left.size + right.size - shared);
}
