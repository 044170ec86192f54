import { bm25Contribution } from './bm25.js';

/** The columns of one field that its impact bounds are computed from. */
export interface ImpactColumns {
  offsets: Uint32Array;
  rows: Uint32Array;
  tfs: Uint16Array;
  lengths: Uint32Array;
  averageLength: number;
}

/**
 * Per term: the largest BM25 impact `tf*(k+1)/(tf + k*norm)` of its postings, rounded up by a
 * relative 1e-6 and then to Float32, so that `boost*idf*bound` is never below a score it bounds
 * however the scorer's float operations round.
 */
export function maxImpacts(field: ImpactColumns, k: number, b: number): Float32Array {
  const { offsets, rows, tfs, lengths, averageLength } = field;
  const bounds = new Float32Array(offsets.length - 1);
  for (let term = 0; term < bounds.length; term++) {
    let max = 0;
    for (let p = offsets[term]!; p < offsets[term + 1]!; p++) {
      const tf = tfs[p]!;
      // The scorer's own formula with weight 1, so the bound only has to absorb the final product.
      const impact = bm25Contribution(1, tf, lengths[rows[p]!]!, averageLength, k, b);
      if (impact > max) max = impact;
    }
    bounds[term] = max * (1 + 1e-6);
  }
  return bounds;
}

/**
 * The bound every impact has whatever the postings: `k + 1` (plus the same margin), as long as
 * norm cannot be negative. Used when the stored bounds were computed with other `k` and `b`.
 */
export function looseImpactBound(k: number, b: number): number {
  return k >= 0 && b >= 0 && b <= 1 ? (k + 1) * (1 + 1e-6) : Infinity;
}
