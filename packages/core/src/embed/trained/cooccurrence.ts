/**
 * Word counts and windowed (and heading) co-occurrence counts in typed arrays: an open-addressing hash table
 * of word pairs while counting, then a symmetric sparse matrix (CSR) for the SVD.
 */

const EMPTY = 0xffffffff;

/** Weighted co-occurrence counts of unordered word pairs `{i, j}`, `i ≠ j`, ids below 65,536. */
export class PairCounts {
  private keys: Uint32Array;
  private values: Float32Array;
  private mask: number;
  private bits: number;
  /** Distinct pairs counted. */
  size = 0;

  constructor(
    private readonly vocabSize: number,
    initialBits = 20,
  ) {
    if (vocabSize > 0xffff) throw new RangeError(`PairCounts holds at most 65,535 words, got ${vocabSize}`);
    this.bits = initialBits;
    this.keys = new Uint32Array(1 << initialBits).fill(EMPTY);
    this.values = new Float32Array(1 << initialBits);
    this.mask = (1 << initialBits) - 1;
  }

  /** Adds `weight` to the pair `{a, b}` (`a ≠ b`). */
  add(a: number, b: number, weight: number): void {
    const key = a < b ? a * this.vocabSize + b : b * this.vocabSize + a;
    let slot = this.slotOf(key);
    const keys = this.keys;
    for (;;) {
      const found = keys[slot]!;
      if (found === key) {
        this.values[slot]! += weight;
        return;
      }
      if (found === EMPTY) break;
      slot = (slot + 1) & this.mask;
    }
    keys[slot] = key;
    this.values[slot] = weight;
    if (++this.size > this.keys.length * 0.6) this.grow();
  }

  /** Bytes held by the table. */
  get bytes(): number {
    return this.keys.byteLength + this.values.byteLength;
  }

  /** Calls `visit(i, j, count)` for every pair once (`i < j`), in a fixed order. */
  forEach(visit: (i: number, j: number, count: number) => void): void {
    const { keys, values, vocabSize } = this;
    for (let slot = 0; slot < keys.length; slot++) {
      const key = keys[slot]!;
      if (key === EMPTY) continue;
      const i = Math.floor(key / vocabSize);
      visit(i, key - i * vocabSize, values[slot]!);
    }
  }

  private slotOf(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.bits++;
    this.keys = new Uint32Array(1 << this.bits).fill(EMPTY);
    this.values = new Float32Array(1 << this.bits);
    this.mask = (1 << this.bits) - 1;
    for (let slot = 0; slot < oldKeys.length; slot++) {
      const key = oldKeys[slot]!;
      if (key === EMPTY) continue;
      let target = this.slotOf(key);
      while (this.keys[target] !== EMPTY) target = (target + 1) & this.mask;
      this.keys[target] = key;
      this.values[target] = oldValues[slot]!;
    }
  }
}

/** A sparse matrix in compressed sparse row form. */
export interface SparseMatrix {
  rows: number;
  cols: number;
  /** `rowStart[i] .. rowStart[i + 1]` index the entries of row `i`. */
  rowStart: Uint32Array;
  /** Column of each entry, increasing within a row. */
  col: Uint32Array;
  value: Float32Array;
}

/**
 * Counts co-occurrences within `window` words on either side, weighting a pair at distance `d`
 * by `(window − d + 1) / window` (word2vec's expected dynamic-window weight). Each sequence holds
 * word ids; sequences do not see each other.
 */
export function countPairs(sequences: Iterable<Uint32Array>, vocabSize: number, window: number, onSequence?: () => void): PairCounts {
  const counts = new PairCounts(vocabSize);
  const weights = Array.from({ length: window + 1 }, (_, d) => (window - d + 1) / window);
  for (const ids of sequences) {
    for (let i = 0; i < ids.length; i++) {
      const a = ids[i]!;
      const end = Math.min(ids.length, i + window + 1);
      for (let j = i + 1; j < end; j++) {
        const b = ids[j]!;
        if (a !== b) counts.add(a, b, weights[j - i]!);
      }
    }
    onSequence?.();
  }
  return counts;
}

/**
 * Adds heading contexts to `counts`: for each sequence whose first `headLengths[i]` ids are its
 * heading line (title › headings), every distinct heading word with every distinct word of the
 * text below it, `weight` once per sequence. A heading states what its text is about in other
 * words than the text's own, so these pairs tie a topic's names to its vocabulary (the window
 * alone only sees the few words around the line break).
 */
export function countHeadContexts(counts: PairCounts, sequences: readonly Uint32Array[], headLengths: Uint32Array, weight: number): void {
  if (weight <= 0) return;
  sequences.forEach((ids, index) => {
    const split = headLengths[index]!;
    if (split === 0 || split === ids.length) return;
    const head = [...new Set(ids.subarray(0, split))];
    const body = [...new Set(ids.subarray(split))];
    for (const a of head) for (const b of body) if (a !== b) counts.add(a, b, weight);
  });
}

/**
 * The symmetric co-occurrence matrix of `counts` in CSR form (both `(i, j)` and `(j, i)`),
 * columns increasing within each row (a counting sort, so the order does not depend on hashing).
 */
export function symmetricMatrix(counts: PairCounts, size: number): SparseMatrix {
  const perRow = new Uint32Array(size + 1);
  counts.forEach((i, j) => {
    perRow[i]!++;
    perRow[j]!++;
  });
  // Bucket by column first, then walk columns in order to fill rows: each row's columns come out sorted.
  const byColStart = new Uint32Array(size + 1);
  for (let c = 0; c < size; c++) byColStart[c + 1] = byColStart[c]! + perRow[c]!;
  const total = byColStart[size]!;
  const tripleRow = new Uint32Array(total);
  const tripleValue = new Float32Array(total);
  const fill = byColStart.slice(0, size);
  counts.forEach((i, j, value) => {
    // Entry (i, j) lives in column j; entry (j, i) in column i.
    let at = fill[j]!++;
    tripleRow[at] = i;
    tripleValue[at] = value;
    at = fill[i]!++;
    tripleRow[at] = j;
    tripleValue[at] = value;
  });
  const rowStart = byColStart; // same counts per row as per column: the matrix is symmetric
  const col = new Uint32Array(total);
  const value = new Float32Array(total);
  const next = rowStart.slice(0, size);
  for (let c = 0; c < size; c++) {
    for (let k = rowStart[c]!; k < rowStart[c + 1]!; k++) {
      const r = tripleRow[k]!;
      const at = next[r]!++;
      col[at] = c;
      value[at] = tripleValue[k]!;
    }
  }
  return { rows: size, cols: size, rowStart, col, value };
}
