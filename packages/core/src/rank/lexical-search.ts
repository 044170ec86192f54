import { bm25Contribution } from './bm25.js';
import type { RowRanges } from './row-ranges.js';
import { TopKHeap } from './top-k.js';

/** The postings of one query term in one field, with what scoring them needs. */
export interface ScoringList {
  rows: Uint32Array;
  tfs: Uint16Array;
  /** The field's length per row. */
  lengths: Uint32Array;
  averageLength: number;
  /** Cursor: the next posting to look at; the list ends before `to`. */
  at: number;
  to: number;
  /** boost × idf. */
  weight: number;
  /** An upper bound of any one posting's contribution (Infinity when unknown). */
  bound: number;
}

/** Counters a caller can pass to see how much work a query did. */
export interface LexicalSearchStats {
  /** Postings whose contribution was computed. */
  postingsScored: number;
}

/** Relative slack on summed bounds, far above the rounding error of adding a few dozen scores. */
const SLACK = 1 + 1e-9;

/**
 * MaxScore, document at a time. Lists are ordered by bound; while the bounds of the weakest
 * lists sum to no more than the score to beat (the k-th best so far), those lists cannot bring
 * a row in alone: candidates come from the other, essential lists, and the weak ones are only
 * probed (galloping) while the row can still win. Rows go in ascending order, so a later row
 * that only ties the k-th score loses: `<=` prunes.
 *
 * A row's score is the sum of its contributions in list order, as a term-at-a-time
 * accumulator would add them, so scores are identical to exhaustive scoring.
 */
export function maxScoreSearch(lists: ScoringList[], k: number, b: number, allowed: RowRanges | undefined, limit: number, stats?: LexicalSearchStats): { row: number; score: number }[] {
  const n = lists.length;
  if (n === 0 || limit <= 0 || (allowed && allowed.length === 0)) return [];
  // Two Infinity bounds differ by NaN, which falls through to list order like a tie.
  const order = lists.map((_, i) => i).sort((x, y) => lists[x]!.bound - lists[y]!.bound || x - y);
  const sorted = order.map((i) => lists[i]!);
  const prefix = new Float64Array(n);
  sorted.reduce((sum, list, j) => (prefix[j] = sum + list.bound), 0);
  const contributions = new Float64Array(n);
  const matched = new Float64Array(n).fill(-1);
  const heap = new TopKHeap(limit);
  let threshold = -Infinity;
  let essential = 0;
  let range = 0;
  let scored = 0;

  const score = (list: ScoringList, i: number, row: number): number => {
    const tf = list.tfs[list.at]!;
    const contribution = bm25Contribution(list.weight, tf, list.lengths[row]!, list.averageLength, k, b);
    contributions[i] = contribution;
    matched[i] = row;
    list.at++;
    scored++;
    return contribution;
  };

  for (;;) {
    let candidate = Infinity;
    for (let j = essential; j < n; j++) {
      const list = sorted[j]!;
      if (list.at < list.to && list.rows[list.at]! < candidate) candidate = list.rows[list.at]!;
    }
    if (candidate === Infinity) break;
    if (allowed) {
      range = nextRange(allowed, range, candidate);
      if (range * 2 >= allowed.length) break;
      const start = allowed[range * 2]!;
      if (candidate < start) {
        for (let j = essential; j < n; j++) sorted[j]!.at = gallop(sorted[j]!.rows, sorted[j]!.at, sorted[j]!.to, start);
        continue;
      }
    }
    let partial = 0;
    for (let j = essential; j < n; j++) {
      const list = sorted[j]!;
      if (list.at < list.to && list.rows[list.at] === candidate) partial += score(list, order[j]!, candidate);
    }
    let pruned = false;
    for (let j = essential - 1; j >= 0; j--) {
      if ((partial + prefix[j]!) * SLACK <= threshold) {
        pruned = true;
        break;
      }
      const list = sorted[j]!;
      list.at = gallop(list.rows, list.at, list.to, candidate);
      if (list.at < list.to && list.rows[list.at] === candidate) partial += score(list, order[j]!, candidate);
    }
    if (pruned) continue;
    let total = 0;
    for (let i = 0; i < n; i++) if (matched[i] === candidate) total += contributions[i]!;
    if (heap.offer(candidate, total) && heap.full) {
      threshold = heap.minScore;
      while (essential < n && prefix[essential]! * SLACK <= threshold) essential++;
      if (essential === n) break;
    }
  }
  if (stats) stats.postingsScored += scored;
  return heap.sorted();
}

/** The first position in [from, to) whose row is >= target, galloping from `from`. */
function gallop(rows: Uint32Array, from: number, to: number, target: number): number {
  if (from >= to || rows[from]! >= target) return from;
  let low = from;
  let step = 1;
  let high = from + 1;
  while (high < to && rows[high]! < target) {
    low = high;
    step *= 2;
    high = low + step;
  }
  if (high > to) high = to;
  while (low + 1 < high) {
    const middle = (low + high) >>> 1;
    if (rows[middle]! < target) low = middle;
    else high = middle;
  }
  return high;
}

/** The first range at or after `from` that ends after `row` (galloping); past the end when none. */
function nextRange(ranges: RowRanges, from: number, row: number): number {
  const count = ranges.length / 2;
  const endsBefore = (i: number) => ranges[i * 2 + 1]! <= row;
  if (from >= count || !endsBefore(from)) return from;
  let low = from;
  let step = 1;
  let high = from + 1;
  while (high < count && endsBefore(high)) {
    low = high;
    step *= 2;
    high = low + step;
  }
  if (high > count) high = count;
  while (low + 1 < high) {
    const middle = (low + high) >>> 1;
    if (endsBefore(middle)) low = middle;
    else high = middle;
  }
  return high;
}
