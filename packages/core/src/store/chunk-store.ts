import { closeSync, openSync, readSync } from 'node:fs';
import { McdeweyError } from '../errors.js';
import type { ChunkRecord } from '../types.js';

const CACHE_SIZE = 2048;
const BLOCK_BYTES = 4 << 20;

/**
 * The chunk records of an index, read from `chunks.jsonl` on demand by byte offset.
 *
 * Opening costs the offsets only (8 bytes a chunk): a million parsed chunk objects took 36 s to
 * load and kept every major GC busy, while a search touches a few dozen of them. Recently read
 * chunks are kept in a small cache; the operating system's page cache does the rest.
 */
export class ChunkStore {
  private fd: number | undefined;
  private readonly cache = new Map<number, ChunkRecord>();

  /**
   * @param path the `chunks.jsonl` file (named in errors)
   * @param offsets `count + 1` byte offsets: record `row` is the line `[offsets[row], offsets[row + 1])`
   */
  constructor(
    readonly path: string,
    private readonly offsets: Float64Array,
  ) {
    this.fd = openSync(path, 'r');
  }

  /** Number of chunks. */
  get count(): number {
    return this.offsets.length - 1;
  }

  /** The chunk at `row` (0-based, index order). */
  get(row: number): ChunkRecord {
    const cached = this.cache.get(row);
    if (cached) {
      // Re-inserted so that the Map's insertion order is least recently used first.
      this.cache.delete(row);
      this.cache.set(row, cached);
      return cached;
    }
    if (!Number.isInteger(row) || row < 0 || row >= this.count) throw new RangeError(`row ${row} is outside 0..${this.count - 1}`);
    const start = this.offsets[row]!;
    const bytes = Buffer.allocUnsafe(this.offsets[row + 1]! - start);
    this.read(bytes, start);
    const record = this.parse(bytes, 0, bytes.length, row);
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(row, record);
    return record;
  }

  /** The chunks of rows `[from, to)`, read sequentially in large blocks. */
  *records(from = 0, to = this.count): Generator<ChunkRecord> {
    let row = Math.max(0, from);
    const end = Math.min(to, this.count);
    while (row < end) {
      // As many whole lines as fit in a block, and at least one.
      let last = row + 1;
      while (last < end && this.offsets[last + 1]! - this.offsets[row]! <= BLOCK_BYTES) last++;
      const base = this.offsets[row]!;
      const block = Buffer.allocUnsafe(this.offsets[last]! - base);
      this.read(block, base);
      for (; row < last; row++) yield this.parse(block, this.offsets[row]! - base, this.offsets[row + 1]! - base, row);
    }
  }

  /** Releases the file handle; reading afterwards fails. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.cache.clear();
  }

  private read(into: Buffer, position: number): void {
    if (this.fd === undefined) throw new McdeweyError('INVALID_ARGUMENT', `The index holding ${this.path} has been closed`);
    let done = 0;
    while (done < into.length) {
      const n = readSync(this.fd, into, done, into.length - done, position + done);
      if (n === 0) throw new McdeweyError('INDEX_CORRUPT', `Index file ${this.path} ends before chunk at byte ${position}; re-run mcdewey ingest`, { details: { path: this.path } });
      done += n;
    }
  }

  private parse(bytes: Buffer, start: number, end: number, row: number): ChunkRecord {
    try {
      return JSON.parse(bytes.toString('utf8', start, end)) as ChunkRecord;
    } catch (cause) {
      throw new McdeweyError('INDEX_CORRUPT', `Index file ${this.path} line ${row + 1} is not valid JSON; re-run mcdewey ingest`, { cause, details: { path: this.path, line: row + 1 } });
    }
  }
}
