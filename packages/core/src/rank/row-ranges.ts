/**
 * A set of rows as sorted, disjoint, non-empty half-open ranges: `[start0, end0, start1, end1, …]`.
 *
 * Chunks are stored document by document and documents in vendor, version, group, doc order, so
 * every vendor/version/group/doc filter selects whole documents, i.e. a few runs of consecutive
 * rows. Search legs skip to the next run instead of testing rows one by one.
 */
export type RowRanges = Uint32Array;

/** Builds ranges from `[start, end)` pairs in row order, merging touching ones and dropping empty ones. */
export function rowRanges(pairs: Iterable<readonly [number, number]>): RowRanges {
  const out: number[] = [];
  for (const [start, end] of pairs) {
    if (end <= start) continue;
    if (out.length > 0 && out[out.length - 1]! === start) out[out.length - 1] = end;
    else out.push(start, end);
  }
  return Uint32Array.from(out);
}

/** Number of rows in the ranges. */
export function rowRangesSize(ranges: RowRanges): number {
  let size = 0;
  for (let i = 0; i < ranges.length; i += 2) size += ranges[i + 1]! - ranges[i]!;
  return size;
}

/** True when `row` lies in one of the ranges (binary search). */
export function rowRangesHas(ranges: RowRanges, row: number): boolean {
  let low = 0;
  let high = ranges.length / 2 - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (row < ranges[middle * 2]!) high = middle - 1;
    else if (row >= ranges[middle * 2 + 1]!) low = middle + 1;
    else return true;
  }
  return false;
}
