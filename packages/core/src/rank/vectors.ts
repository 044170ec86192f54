import { closeSync, existsSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { McdeweyError, isMcdeweyError } from '../errors.js';
import { checkHnswFile, fileCrc32, type HnswFileFacts } from './hnsw-file.js';
import { rowRangesHas, rowRangesSize, type RowRanges } from './row-ranges.js';

type Hnswlib = typeof import('hnswlib-node');
type HierarchicalNSW = InstanceType<Hnswlib['HierarchicalNSW']>;

/** Defaults of {@link VectorIndex}. */
export const VECTOR_DEFAULTS = Object.freeze({
  /** HNSW links per node. */
  M: 16,
  /** Candidate list size while building. */
  efConstruction: 200,
  /** hnswlib's random seed (fixed, so the same rows give the same graph). */
  seed: 100,
  /** Search candidate list size is `max(minEf, efPerResult × k)`. */
  minEf: 200,
  efPerResult: 4,
  /** When at most this fraction of rows passes a filter (or k rows, if more), search is exact. */
  exactFilterFraction: 0.02,
});

/** Options of {@link VectorIndex.build}. */
export interface VectorBuildOptions {
  /** HNSW links per node. Default: 16. */
  M?: number;
  /** Candidate list size while building. Default: 200. */
  efConstruction?: number;
  /** Random seed of the graph's level assignment. Default: 100. */
  seed?: number;
  /** Called every 1,000 rows and at the end with rows added and total rows. */
  onProgress?(done: number, total: number): void;
}

/** Options of {@link VectorIndex.search}. */
export interface VectorSearchOptions {
  /** Only rows for which this returns true are results; applied inside the graph search. */
  filter?: (label: number) => boolean;
  /** Only rows in these ranges are results; like `filter`, but how many rows pass is known without a scan. */
  allowed?: RowRanges;
  /** Candidate list size. Default: `max(200, 4 × k)`. */
  ef?: number;
}

/** Options of {@link VectorIndex.load}. */
export interface VectorLoadOptions {
  /**
   * Called with each file's name and CRC-32, computed as it is read and before its bytes are used;
   * throws to refuse the file. Default: no checksum check.
   */
  verifyCrc32?(fileName: string, value: number): void;
  /**
   * When given, a graph file that fails a check does not fail the load: `onRebuild` is told why and
   * the graph is rebuilt in memory from the rows with these settings (the index's own, so the
   * graph comes out as it was built). Default: the load fails.
   */
  rebuildDamagedGraph?: { M: number; efConstruction: number; onRebuild(error: McdeweyError): void };
}

/** One search result: the row number and its cosine similarity to the query. */
export interface VectorHit {
  label: number;
  score: number;
}

const LITTLE_ENDIAN = endianness() === 'LE';
/** Where Linux shows this process's open files by descriptor (undefined elsewhere, or without /proc). */
const OPEN_FILES_DIR = process.platform === 'linux' && existsSync('/proc/self/fd') ? '/proc/self/fd' : undefined;
const nodeRequire = createRequire(import.meta.url);
let hnswlib: Hnswlib | undefined;

/** hnswlib-node is a native addon: loaded on first use, not when core is imported. */
function loadHnswlib(): Hnswlib {
  if (!hnswlib) {
    try {
      hnswlib = nodeRequire('hnswlib-node') as Hnswlib;
    } catch (error) {
      throw new McdeweyError('EMBEDDER_UNAVAILABLE', `Cannot load hnswlib-node (${error instanceof Error ? error.message : String(error)}); it needs its native build`, {
        cause: error,
      });
    }
  }
  return hnswlib;
}

/**
 * Embedding rows in chunk order (label = row number) and an HNSW graph over them (hnswlib,
 * cosine space). Searches return cosine similarities; filters run inside the graph search, with
 * an exact scan when few rows pass.
 */
export class VectorIndex {
  /** Width of one row. */
  readonly dims: number;
  /** The graph's build settings. */
  readonly settings: { readonly M: number; readonly efConstruction: number };
  private readonly data: Float32Array;
  private readonly inverseNorms: Float32Array;
  private readonly graph: HierarchicalNSW | undefined;

  private constructor(data: Float32Array, dims: number, graph: HierarchicalNSW | undefined, settings: { M: number; efConstruction: number }) {
    this.data = data;
    this.dims = dims;
    this.graph = graph;
    this.settings = Object.freeze({ ...settings });
    this.inverseNorms = new Float32Array(data.length / dims);
    for (let label = 0; label < this.inverseNorms.length; label++) {
      let sum = 0;
      for (let d = label * dims; d < (label + 1) * dims; d++) sum += data[d]! * data[d]!;
      this.inverseNorms[label] = sum > 0 ? 1 / Math.sqrt(sum) : 0;
    }
  }

  /** Number of rows. */
  get size(): number {
    return this.inverseNorms.length;
  }

  /**
   * Builds the index from rows (an array of rows, or all rows back to back). The rows are copied.
   * Same rows and options, same graph.
   */
  static build(rows: readonly Float32Array[] | Float32Array, dims: number, options: VectorBuildOptions = {}): VectorIndex {
    if (!Number.isInteger(dims) || dims <= 0) throw invalid(`dims must be a positive integer, got ${dims}`);
    const M = options.M ?? VECTOR_DEFAULTS.M;
    const efConstruction = options.efConstruction ?? VECTOR_DEFAULTS.efConstruction;
    const seed = options.seed ?? VECTOR_DEFAULTS.seed;
    if (!Number.isInteger(M) || M < 2) throw invalid(`M must be an integer of at least 2, got ${M}`);
    if (!Number.isInteger(efConstruction) || efConstruction < 1) throw invalid(`efConstruction must be a positive integer, got ${efConstruction}`);
    if (!Number.isInteger(seed) || seed < 0) throw invalid(`seed must be a non-negative integer, got ${seed}`);

    let data: Float32Array;
    if (rows instanceof Float32Array) {
      if (rows.length % dims !== 0) throw invalid(`${rows.length} values are not whole rows of ${dims}`);
      data = rows.slice();
    } else {
      data = new Float32Array(rows.length * dims);
      rows.forEach((row, label) => {
        if (row.length !== dims) throw invalid(`row ${label} has ${row.length} values, expected ${dims}`);
        data.set(row, label * dims);
      });
    }
    for (let i = 0; i < data.length; i++) {
      if (!Number.isFinite(data[i])) throw invalid(`row ${Math.floor(i / dims)} holds a non-finite value`);
    }

    const count = data.length / dims;
    let graph: HierarchicalNSW | undefined;
    if (count > 0) {
      graph = new (loadHnswlib().HierarchicalNSW)('cosine', dims);
      graph.initIndex({ maxElements: count, m: M, efConstruction, randomSeed: seed });
      for (let label = 0; label < count; label++) {
        graph.addPoint(Array.from(data.subarray(label * dims, (label + 1) * dims)), label);
        if ((label + 1) % 1000 === 0 && label + 1 < count) options.onProgress?.(label + 1, count);
      }
    }
    options.onProgress?.(count, count);
    return new VectorIndex(data, dims, graph, { M, efConstruction });
  }

  /**
   * Writes `<baseName>.f32` (rows as little-endian float32, back to back) and, unless the index is
   * empty, `<baseName>.hnsw` (hnswlib's format) into `dir`, flushed to disk. Returns the file names.
   */
  save(dir: string, baseName: string): string[] {
    const rowsName = `${baseName}.f32`;
    writeFileSynced(join(dir, rowsName), littleEndianBytes(this.data));
    if (!this.graph) return [rowsName];
    const graphName = `${baseName}.hnsw`;
    this.graph.writeIndexSync(join(dir, graphName));
    syncFile(join(dir, graphName));
    return [rowsName, graphName];
  }

  /**
   * Reads what {@link save} wrote. Native code never reads a byte that was not checked first:
   * the graph file is walked in JavaScript (every link, level and label in range, see
   * `checkHnswFile`) and, with `verifyCrc32`, both files must match their recorded checksums.
   * @throws McdeweyError `INDEX_CORRUPT` when a file is missing, damaged or does not fit `dims` and
   *   the other file (unless `rebuildDamagedGraph` says to rebuild a damaged graph).
   */
  static load(dir: string, baseName: string, dims: number, options: VectorLoadOptions = {}): VectorIndex {
    if (!Number.isInteger(dims) || dims <= 0) throw invalid(`dims must be a positive integer, got ${dims}`);
    const rowsName = `${baseName}.f32`;
    const rowsPath = join(dir, rowsName);
    let bytes: Buffer;
    try {
      bytes = readFileSync(rowsPath);
    } catch (error) {
      throw corrupt(`cannot read ${rowsPath}`, rowsPath, error);
    }
    options.verifyCrc32?.(rowsName, crc32(bytes));
    if (bytes.length % (dims * 4) !== 0) throw corrupt(`${rowsPath} holds ${bytes.length} bytes, not whole rows of ${dims} float32`, rowsPath);
    const data = fromLittleEndianBytes(bytes);
    const count = data.length / dims;
    if (count === 0) return new VectorIndex(data, dims, undefined, { M: VECTOR_DEFAULTS.M, efConstruction: VECTOR_DEFAULTS.efConstruction });

    const graphName = `${baseName}.hnsw`;
    try {
      const { graph, M, efConstruction } = readCheckedGraph(join(dir, graphName), dims, count, (value) => options.verifyCrc32?.(graphName, value));
      return new VectorIndex(data, dims, graph, { M, efConstruction });
    } catch (error) {
      const rebuild = options.rebuildDamagedGraph;
      if (!rebuild || !isMcdeweyError(error, 'INDEX_CORRUPT')) throw error;
      rebuild.onRebuild(error);
      return VectorIndex.build(data, dims, { M: rebuild.M, efConstruction: rebuild.efConstruction });
    }
  }

  /** Row `label` (a view into the index; do not modify it). */
  row(label: number): Float32Array {
    if (!Number.isInteger(label) || label < 0 || label >= this.size) throw invalid(`no row ${label} (size ${this.size})`);
    return this.data.subarray(label * this.dims, (label + 1) * this.dims);
  }

  /**
   * The `k` rows most similar to `query` (cosine), best first. With a filter, hnswlib skips rows
   * that fail it while it walks the graph, so `k` hits come back whenever `k` rows pass; when at
   * most 2% of rows (or at most `k` rows) pass, or the graph search comes back short, the passing
   * rows are scanned exactly instead.
   */
  search(query: Float32Array, k: number, options: VectorSearchOptions = {}): VectorHit[] {
    this.checkQuery(query, k);
    const { allowed } = options;
    const filter = allowed ? (label: number) => rowRangesHas(allowed, label) : options.filter;
    const wanted = Math.min(k, this.size);
    if (wanted === 0 || !this.graph) return [];
    if (filter) {
      const passing = this.fewPassing(wanted, allowed, filter);
      if (passing) return this.scan(query, wanted, passing);
    }
    const ef = Math.max(options.ef ?? Math.max(VECTOR_DEFAULTS.minEf, VECTOR_DEFAULTS.efPerResult * wanted), wanted);
    this.graph.setEf(ef);
    // An exception cannot cross hnswlib's native loop: catch it there, rethrow it here.
    let thrown: { error: unknown } | undefined;
    const guarded = filter
      ? (label: number) => {
          if (thrown) return false;
          try {
            return filter(label);
          } catch (error) {
            thrown = { error };
            return false;
          }
        }
      : undefined;
    const found = guarded ? this.graph.searchKnn(Array.from(query), wanted, guarded) : this.graph.searchKnn(Array.from(query), wanted);
    if (thrown) throw thrown.error;
    if (found.neighbors.length < wanted) return this.exactSearch(query, k, filter);
    return found.neighbors.map((label, i) => ({ label, score: 1 - found.distances[i]! }));
  }

  /**
   * The passing rows when they are few enough to scan exactly (at most `wanted`, or 2% of the
   * rows), else undefined. Ranges tell their size at once; a filter is counted up to the limit.
   */
  private fewPassing(wanted: number, allowed: RowRanges | undefined, filter: (label: number) => boolean): number[] | undefined {
    const threshold = Math.max(wanted, Math.ceil(this.size * VECTOR_DEFAULTS.exactFilterFraction));
    const passing: number[] = [];
    if (allowed) {
      if (rowRangesSize(allowed) > threshold) return undefined;
      for (let i = 0; i < allowed.length; i += 2) for (let label = allowed[i]!; label < Math.min(allowed[i + 1]!, this.size); label++) passing.push(label);
      return passing;
    }
    for (let label = 0; label < this.size && passing.length <= threshold; label++) {
      if (filter(label)) passing.push(label);
    }
    return passing.length <= threshold ? passing : undefined;
  }

  /** The exact `k` best rows by cosine similarity (a full scan), best first; ties by row order. */
  exactSearch(query: Float32Array, k: number, filter?: (label: number) => boolean): VectorHit[] {
    this.checkQuery(query, k);
    const labels: number[] = [];
    for (let label = 0; label < this.size; label++) if (!filter || filter(label)) labels.push(label);
    return this.scan(query, Math.min(k, this.size), labels);
  }

  private scan(query: Float32Array, k: number, labels: readonly number[]): VectorHit[] {
    if (k === 0) return [];
    let queryNorm = 0;
    for (let d = 0; d < this.dims; d++) queryNorm += query[d]! * query[d]!;
    const inverseQueryNorm = queryNorm > 0 ? 1 / Math.sqrt(queryNorm) : 0;
    const top = new TopK(k);
    for (const label of labels) {
      let dot = 0;
      const offset = label * this.dims;
      for (let d = 0; d < this.dims; d++) dot += query[d]! * this.data[offset + d]!;
      top.push(label, dot * inverseQueryNorm * this.inverseNorms[label]!);
    }
    return top.sorted();
  }

  private checkQuery(query: Float32Array, k: number): void {
    if (query.length !== this.dims) throw invalid(`query has ${query.length} dimensions, the index ${this.dims}`);
    if (!Number.isInteger(k) || k < 0) throw invalid(`k must be a non-negative integer, got ${k}`);
  }
}

/** Keeps the k best (label, score) pairs: a min-heap on score (ties: higher label is worse). */
class TopK {
  private readonly labels: number[] = [];
  private readonly scores: number[] = [];
  constructor(private readonly k: number) {}

  push(label: number, score: number): void {
    if (this.labels.length < this.k) {
      this.labels.push(label);
      this.scores.push(score);
      this.up(this.labels.length - 1);
    } else if (this.worse(0, label, score)) {
      this.labels[0] = label;
      this.scores[0] = score;
      this.down(0);
    }
  }

  sorted(): VectorHit[] {
    return this.labels
      .map((label, i) => ({ label, score: this.scores[i]! }))
      .sort((a, b) => b.score - a.score || a.label - b.label);
  }

  /** Is the entry at heap index i worse than (label, score)? */
  private worse(i: number, label: number, score: number): boolean {
    const s = this.scores[i]!;
    return s < score || (s === score && this.labels[i]! > label);
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, this.labels[parent]!, this.scores[parent]!)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.labels.length;
    for (;;) {
      let smallest = i;
      for (const child of [2 * i + 1, 2 * i + 2]) {
        if (child < n && this.worse(child, this.labels[smallest]!, this.scores[smallest]!)) smallest = child;
      }
      if (smallest === i) return;
      this.swap(i, smallest);
      i = smallest;
    }
  }

  private swap(a: number, b: number): void {
    [this.labels[a], this.labels[b]] = [this.labels[b]!, this.labels[a]!];
    [this.scores[a], this.scores[b]] = [this.scores[b]!, this.scores[a]!];
  }
}

/**
 * Opens a graph file, checks it (structure, then `verify` with its CRC-32) and only then lets
 * hnswlib read it. On Linux hnswlib reads the very file checked, through its open descriptor, so
 * replacing the index directory in between cannot slip other bytes in.
 */
function readCheckedGraph(path: string, dims: number, count: number, verify: (crc: number) => void): { graph: HierarchicalNSW; M: number; efConstruction: number } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw corrupt(`cannot read ${path}`, path, error);
  }
  try {
    let facts: HnswFileFacts;
    try {
      facts = checkHnswFile(fd, path, { dims, count });
    } catch (error) {
      // A file that is not the one recorded is reported as such, not by its first odd byte.
      verify(fileCrc32(fd));
      throw error;
    }
    verify(facts.crc32);
    const graph = new (loadHnswlib().HierarchicalNSW)('cosine', dims);
    try {
      graph.readIndexSync(OPEN_FILES_DIR ? `${OPEN_FILES_DIR}/${fd}` : path);
    } catch (error) {
      throw corrupt(`cannot read ${path}`, path, error);
    }
    if (graph.getCurrentCount() !== count) throw corrupt(`${path} holds ${graph.getCurrentCount()} vectors, expected ${count}`, path);
    return { graph, M: facts.M, efConstruction: facts.efConstruction };
  } finally {
    closeSync(fd);
  }
}

function littleEndianBytes(data: Float32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const bytes = new Uint8Array(data.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true);
  return bytes;
}

function fromLittleEndianBytes(bytes: Uint8Array): Float32Array {
  const data = new Float32Array(bytes.length / 4);
  if (LITTLE_ENDIAN) {
    new Uint8Array(data.buffer).set(bytes);
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < data.length; i++) data[i] = view.getFloat32(i * 4, true);
  }
  return data;
}

function writeFileSynced(path: string, bytes: Uint8Array): void {
  const fd = openSync(path, 'w');
  try {
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function syncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function invalid(message: string): McdeweyError {
  return new McdeweyError('INVALID_ARGUMENT', `VectorIndex: ${message}`);
}

function corrupt(message: string, path: string, cause?: unknown): McdeweyError {
  return new McdeweyError('INDEX_CORRUPT', message, { cause, details: { path } });
}
