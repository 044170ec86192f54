// Where a VectorIndex's rows live: in memory while it is built, in its `.f32` file once loaded.
import { closeSync, fstatSync, readSync } from 'node:fs';
import { McdeweyError } from '../errors.js';
import { fileCrc32 } from './hnsw-file.js';
import { corrupt, fromLittleEndianBytes, openIndexFile } from './vector-files.js';

/** Rows read per block when many are scanned from the file (1 MiB at 256 dimensions). */
const BLOCK_ROWS = 1024;

/** The rows of a vector index, `dims` values each, in label order. */
export interface VectorRows {
  readonly count: number;
  /** Row `label`: a view into memory, or a fresh copy read from the file. Do not modify it. */
  row(label: number): Float32Array;
  /**
   * Visits the rows of `labels` (ascending) in order: `visit(label, values, offset)` finds the
   * row at `values[offset .. offset + dims)`, valid during the call only.
   */
  visit(labels: readonly number[], visit: (label: number, values: Float32Array, offset: number) => void): void;
  /** Every row back to back (reads the whole file when the rows are on disk). */
  all(): Float32Array;
  /** Releases the file, if any; rows cannot be read afterwards. */
  close(): void;
}

/** Rows held in memory. */
export class MemoryRows implements VectorRows {
  readonly count: number;

  constructor(
    private readonly data: Float32Array,
    private readonly dims: number,
  ) {
    this.count = data.length / dims;
  }

  row(label: number): Float32Array {
    return this.data.subarray(label * this.dims, (label + 1) * this.dims);
  }

  visit(labels: readonly number[], visit: (label: number, values: Float32Array, offset: number) => void): void {
    for (const label of labels) visit(label, this.data, label * this.dims);
  }

  all(): Float32Array {
    return this.data;
  }

  close(): void {}
}

/**
 * Rows read from an open `.f32` file when they are needed. A loaded index keeps no copy of its
 * rows in memory: the HNSW graph holds its own, and only an exact scan (a filter few rows pass)
 * or `row()` reads them, through the operating system's page cache. At a million rows of 384
 * dimensions that is 1.5 GB not resident, and not read when the index opens: the file's
 * checksum is checked in full the first time a row is read (no native code reads this file).
 */
export class FileRows implements VectorRows {
  private fd: number | undefined;
  private block: Buffer | undefined;
  private verify: ((crc: number) => void) | undefined;
  private damage: unknown;

  /**
   * @param fd an open descriptor of the file (kept open, and closed by {@link close})
   * @param path the file, named in errors
   * @param verify told the file's CRC-32 before any row is read; throws to refuse the file
   */
  constructor(
    fd: number,
    private readonly path: string,
    private readonly dims: number,
    readonly count: number,
    verify?: (crc: number) => void,
  ) {
    this.fd = fd;
    this.verify = verify;
  }

  /** Checks the whole file once, before its first row is used; a failed check fails every read. */
  checkOnce(): void {
    if (this.damage !== undefined) throw this.damage;
    const verify = this.verify;
    if (!verify) return;
    this.verify = undefined;
    try {
      verify(fileCrc32(this.openFd()));
    } catch (error) {
      this.damage = error;
      throw error;
    }
  }

  row(label: number): Float32Array {
    // Its own buffer (not a slice of Buffer's shared pool), like a row built in memory.
    const bytes = new Uint8Array(this.dims * 4);
    this.read(bytes, label * this.dims * 4);
    return fromLittleEndianBytes(bytes);
  }

  visit(labels: readonly number[], visit: (label: number, values: Float32Array, offset: number) => void): void {
    const rowBytes = this.dims * 4;
    this.block ??= Buffer.allocUnsafe(BLOCK_ROWS * rowBytes);
    const block = this.block;
    for (let i = 0; i < labels.length;) {
      // A run of labels that one read covers: ascending, within BLOCK_ROWS of the first.
      const first = labels[i]!;
      let end = i + 1;
      while (end < labels.length && labels[end]! - first < BLOCK_ROWS && labels[end]! > labels[end - 1]!) end++;
      const rows = labels[end - 1]! - first + 1;
      this.read(block.subarray(0, rows * rowBytes), first * rowBytes);
      const values = fromLittleEndianBytes(block.subarray(0, rows * rowBytes));
      for (let j = i; j < end; j++) visit(labels[j]!, values, (labels[j]! - first) * this.dims);
      i = end;
    }
  }

  all(): Float32Array {
    const bytes = Buffer.allocUnsafe(this.count * this.dims * 4);
    this.read(bytes, 0);
    return fromLittleEndianBytes(bytes);
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }

  private openFd(): number {
    if (this.fd === undefined) throw new McdeweyError('INVALID_ARGUMENT', `The vectors of ${this.path} were closed; open the index again to read them`, { details: { path: this.path } });
    return this.fd;
  }

  private read(into: Uint8Array, position: number): void {
    const fd = this.openFd();
    this.checkOnce();
    for (let done = 0; done < into.length;) {
      const n = readSync(fd, into, done, into.length - done, position + done);
      if (n === 0) throw new McdeweyError('INDEX_CORRUPT', `${this.path} ends before row ${Math.floor((position + done) / (this.dims * 4))}; re-run mcdewey ingest`, { details: { path: this.path } });
      done += n;
    }
  }
}

/**
 * Opens a `.f32` file for reading rows on demand, after checking that it holds whole rows;
 * `verify` is told its CRC-32 (one streaming pass, no bytes kept) before the first row is read.
 * @throws McdeweyError `INDEX_CORRUPT` naming the file.
 */
export function openCheckedRows(path: string, dims: number, verify: ((crc: number) => void) | undefined): FileRows {
  const fd = openIndexFile(path);
  try {
    const bytes = fstatSync(fd).size;
    if (bytes % (dims * 4) !== 0) {
      // A file that is not the one recorded is reported as such, not by its size.
      if (verify) verify(fileCrc32(fd));
      throw corrupt(`${path} holds ${bytes} bytes, not whole rows of ${dims} float32`, path);
    }
    return new FileRows(fd, path, dims, bytes / (dims * 4), verify);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}
