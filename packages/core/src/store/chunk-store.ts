import { closeSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import { McdeweyError } from '../errors.js';
import type { ChunkRecord } from '../types.js';
import { lineChecksum } from './chunk-checksums.js';
import { chunkRecordProblem } from './record-shape.js';

const CACHE_SIZE = 2048;
const BLOCK_BYTES = 4 << 20;

/** What each chunk line is checked against when it is read. */
export interface ChunkChecks {
  /** The CRC-32 of every line (`chunks.crc`); lines are not checksummed without it. */
  lineChecksums?: Uint32Array | undefined;
  /** The chunk id each row must hold (from the document records); ids are not checked without it. */
  idAt?: ((row: number) => string) | undefined;
}

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
   * @param checks what a line must match before its record is returned
   */
  constructor(
    readonly path: string,
    private readonly offsets: Float64Array,
    private readonly checks: ChunkChecks = {},
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
    for (const { block, base, from: first, to: last } of this.blocks(from, to)) {
      for (let row = first; row < last; row++) yield this.parse(block, this.offsets[row]! - base, this.offsets[row + 1]! - base, row);
    }
  }

  /**
   * Checks every line: against `chunks.crc` when there is one (no parsing), else by reading its
   * record (which checks its id).
   * @throws McdeweyError `INDEX_CORRUPT` naming the first damaged line.
   */
  checkLines(): void {
    const { lineChecksums } = this.checks;
    if (!lineChecksums) {
      for (const _record of this.records());
      return;
    }
    for (const { block, base, from, to } of this.blocks(0, this.count)) {
      for (let row = from; row < to; row++) {
        if (lineChecksum(block.subarray(this.offsets[row]! - base, this.offsets[row + 1]! - base)) !== lineChecksums[row]) throw this.damaged(row, 'does not match its checksum in chunks.crc');
      }
    }
  }

  /** Rows `[from, to)` in blocks of as many whole lines as fit in `BLOCK_BYTES` (at least one). */
  private *blocks(from: number, to: number): Generator<{ block: Buffer; base: number; from: number; to: number }> {
    let row = Math.max(0, from);
    const end = Math.min(to, this.count);
    while (row < end) {
      let last = row + 1;
      while (last < end && this.offsets[last + 1]! - this.offsets[row]! <= BLOCK_BYTES) last++;
      const base = this.offsets[row]!;
      const block = Buffer.allocUnsafe(this.offsets[last]! - base);
      this.read(block, base);
      yield { block, base, from: row, to: last };
      row = last;
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

  /**
   * The record of one line, checked: its bytes against `chunks.crc`, its id against the one its
   * row must hold (an id edited in place would otherwise answer for another chunk).
   */
  private parse(bytes: Buffer, start: number, end: number, row: number): ChunkRecord {
    const { lineChecksums, idAt } = this.checks;
    if (lineChecksums && lineChecksum(bytes.subarray(start, end)) !== lineChecksums[row]) {
      throw this.damaged(row, 'does not match its checksum in chunks.crc');
    }
    let record: ChunkRecord;
    try {
      record = JSON.parse(bytes.toString('utf8', start, end)) as ChunkRecord;
    } catch (cause) {
      throw this.damaged(row, 'is not valid JSON', cause);
    }
    const problem = chunkRecordProblem(record);
    if (problem) throw this.damaged(row, `is not a chunk record (${problem})`);
    const expected = idAt?.(row);
    if (expected !== undefined && record.id !== expected) throw this.damaged(row, `holds chunk ${JSON.stringify(record.id)} where ${expected} belongs`);
    return record;
  }

  private damaged(row: number, why: string, cause?: unknown): McdeweyError {
    return new McdeweyError('INDEX_CORRUPT', `Index file ${this.path} line ${row + 1} ${why}; re-run mcdewey ingest`, {
      cause,
      details: { path: this.path, file: basename(this.path), line: row + 1 },
    });
  }
}
