import { ShingleEncoder, shingleSet, shinglesNearlyIdentical } from '../rank/near-duplicates.js';
import type { SearchSource } from '../query/source.js';

/**
 * Chunk texts loaded for near-duplicate comparisons, as shingle sets, kept across the refill
 * attempts: one kept chunk is compared with many candidates, and each set is made once a search.
 * Shingles are numbers of one `ShingleEncoder` (no string per shingle); in the unlikely case a
 * search meets more words than it holds, every set is made again as strings, so two sets compared
 * are always of one kind.
 */
export class ChunkShingles {
  private sets = new Map<number, ReadonlySet<string | number>>();
  private encoder: ShingleEncoder | undefined;
  /** @param encoder the encoder of this search's sets (a small one in tests, to reach the fallback to strings) */
  constructor(
    private readonly source: Pick<SearchSource, 'chunkAt'>,
    encoder = new ShingleEncoder(),
  ) {
    this.encoder = encoder;
  }
  /** The row's shingles when at hand: made before, or now from a source that answers at once (the on-disk index). */
  get(row: number): ReadonlySet<string | number> | undefined {
    const made = this.sets.get(row);
    if (made !== undefined) return made;
    const chunk = this.source.chunkAt(row);
    if (chunk instanceof Promise) {
      // Loaded between runs of `diversify` (see `diversified`); this read is dropped.
      chunk.catch(() => undefined);
      return undefined;
    }
    return this.add(row, chunk.text);
  }
  async load(rows: Iterable<number>): Promise<void> {
    await Promise.all([...rows].map(async (row) => this.add(row, (await this.source.chunkAt(row)).text)));
  }
  /** True when both rows' sets are at hand and nearly the same passage; rows without one are named to `missing`. */
  nearlyIdentical(a: number, b: number, missing: Set<number>): boolean {
    const left = this.get(a);
    const right = this.get(b);
    if (left === undefined) missing.add(a);
    if (right === undefined) missing.add(b);
    // `get(b)` may have switched to strings after `left` was made: make it again.
    const again = left !== undefined && right !== undefined && typeof first(left) !== typeof first(right) ? this.get(a) : left;
    return again !== undefined && right !== undefined && shinglesNearlyIdentical(again, right);
  }
  private add(row: number, text: string): ReadonlySet<string | number> {
    let set: ReadonlySet<string | number> | undefined = this.encoder?.encode(text);
    if (set === undefined) {
      if (this.encoder) {
        this.encoder = undefined;
        this.sets = new Map();
      }
      set = shingleSet(text);
    }
    this.sets.set(row, set);
    return set;
  }
}

function first<T>(set: ReadonlySet<T>): T | undefined {
  for (const value of set) return value;
  return undefined;
}
