import type { LegHit } from '@mcdewey/core/ranking';

/**
 * One vendor/version's vectors, `data/vectors/<vendor>/<version>.bin`: for each of its rows a
 * little-endian float32 `1 / |r|` (the inverse norm of the stored row), then the rows — as int8,
 * each row scaled by its own 127 / max |x| before rounding, or as float32. Cosine similarity
 * with a query is `(q · r) / (|q| |r|)`, where an int8 row's scale cancels out.
 */
export class VectorShard {
  private readonly inverseNorms: Float32Array;
  private readonly values: Int8Array | Float32Array;
  private readonly rowIds: Int32Array;

  constructor(
    data: Uint8Array,
    ranges: readonly number[][],
    private readonly dims: number,
    precision: 'int8' | 'float32' = 'int8',
  ) {
    const count = ranges.reduce((sum, range) => sum + range[1]!, 0);
    const width = precision === 'int8' ? 1 : 4;
    if (data.byteLength !== count * (4 + dims * width)) throw new Error(`vector shard holds ${data.byteLength} bytes, expected ${count * (4 + dims * width)}`);
    const copy = data.slice();
    this.inverseNorms = new Float32Array(copy.buffer, 0, count);
    this.values = precision === 'int8' ? new Int8Array(copy.buffer, count * 4, count * dims) : new Float32Array(copy.buffer, count * 4, count * dims);
    this.rowIds = new Int32Array(count);
    let i = 0;
    for (const [first, rows] of ranges) for (let row = first!; row < first! + rows!; row++) this.rowIds[i++] = row;
  }

  /** Appends the cosine similarity of every (accepted) row to `hits`. */
  scoreInto(query: Float32Array, hits: LegHit[], accepts?: (row: number) => boolean): void {
    let norm = 0;
    for (let d = 0; d < this.dims; d++) norm += query[d]! * query[d]!;
    const inverseQueryNorm = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let i = 0; i < this.rowIds.length; i++) {
      const row = this.rowIds[i]!;
      if (accepts && !accepts(row)) continue;
      let dot = 0;
      const offset = i * this.dims;
      for (let d = 0; d < this.dims; d++) dot += query[d]! * this.values[offset + d]!;
      hits.push({ row, score: dot * inverseQueryNorm * this.inverseNorms[i]! });
    }
  }
}
