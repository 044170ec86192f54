/**
 * The BM25 formula, written once: core's MaxScore search, its pruning bounds and the static
 * site's scorer all call these, so their scores agree to the last bit (ties then break the same
 * way). Keep the order of floating-point operations when changing them.
 */

/** BM25's idf of a term found in `matching` of `rows` rows (the Lucene/MiniSearch form, never negative). */
export function bm25Idf(rows: number, matching: number): number {
  return Math.log(1 + (rows - matching + 0.5) / (matching + 0.5));
}

/** One term's contribution in one field: `weight × tf (k+1) / (tf + k (1 − b + b · length / averageLength))`. */
export function bm25Contribution(weight: number, tf: number, length: number, averageLength: number, k: number, b: number): number {
  const norm = 1 - b + (b * length) / averageLength;
  return (weight * (tf * (k + 1))) / (tf + k * norm);
}
