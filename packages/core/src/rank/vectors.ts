import { join } from 'node:path';
import { McdeweyError, isMcdeweyError } from '../errors.js';
import { loadHnswlib, type HierarchicalNSW } from './hnswlib.js';
import { rowRangesHas, rowRangesSize, type RowRanges } from './row-ranges.js';
import { TopKHeap } from './top-k.js';
import { littleEndianBytes, readCheckedGraph, syncFile, writeFileSynced } from './vector-files.js';
import { MemoryRows, openCheckedRows, type VectorRows } from './vector-rows.js';
import { VECTOR_DEFAULTS, type VectorBuildOptions, type VectorHit, type VectorLoadOptions, type VectorSearchOptions } from './vector-options.js';

export { VECTOR_DEFAULTS } from './vector-options.js';
export type { VectorBuildOptions, VectorHit, VectorLoadOptions, VectorSearchOptions } from './vector-options.js';

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
  private readonly rows: VectorRows;
  private readonly graph: HierarchicalNSW | undefined;
  /** Told once when the rows file turns out damaged on first use; searches then use the graph alone. */
  private onDamagedRows: ((error: McdeweyError) => void) | undefined;
  private rowsDamaged = false;

  private constructor(rows: VectorRows, dims: number, graph: HierarchicalNSW | undefined, settings: { M: number; efConstruction: number }) {
    this.rows = rows;
    this.dims = dims;
    this.graph = graph;
    this.settings = Object.freeze({ ...settings });
  }

  /** Number of rows. */
  get size(): number {
    return this.rows.count;
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
    return new VectorIndex(new MemoryRows(data, dims), dims, graph, { M, efConstruction });
  }

  /**
   * Writes `<baseName>.f32` (rows as little-endian float32, back to back) and, unless the index is
   * empty, `<baseName>.hnsw` (hnswlib's format) into `dir`, flushed to disk. Returns the file names.
   */
  save(dir: string, baseName: string): string[] {
    const rowsName = `${baseName}.f32`;
    writeFileSynced(join(dir, rowsName), littleEndianBytes(this.rows.all()));
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
    const { verifyCrc32 } = options;
    const rows = openCheckedRows(rowsPath, dims, verifyCrc32 && ((value) => verifyCrc32(rowsName, value)));
    try {
      if (rows.count === 0) return new VectorIndex(rows, dims, undefined, { M: VECTOR_DEFAULTS.M, efConstruction: VECTOR_DEFAULTS.efConstruction });
      const graphName = `${baseName}.hnsw`;
      try {
        const { graph, M, efConstruction } = readCheckedGraph(join(dir, graphName), dims, rows.count, (value) => options.verifyCrc32?.(graphName, value));
        const index = new VectorIndex(rows, dims, graph, { M, efConstruction });
        index.onDamagedRows = options.onDamagedRows;
        return index;
      } catch (error) {
        const rebuild = options.rebuildDamagedGraph;
        if (!rebuild || !isMcdeweyError(error, 'INDEX_CORRUPT')) throw error;
        // Rows that fail their own check leave nothing to rebuild from: that error wins.
        const data = rows.all();
        rows.close();
        rebuild.onRebuild(error);
        return VectorIndex.build(data, dims, { M: rebuild.M, efConstruction: rebuild.efConstruction });
      }
    } catch (error) {
      rows.close();
      throw error;
    }
  }

  /** Releases the rows file of a loaded index; rows cannot be read afterwards (graph search still works). */
  close(): void {
    this.rows.close();
  }

  /** Row `label` (a view into the index; do not modify it). */
  row(label: number): Float32Array {
    if (!Number.isInteger(label) || label < 0 || label >= this.size) throw invalid(`no row ${label} (size ${this.size})`);
    return this.rows.row(label);
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
    if (filter && !this.rowsDamaged) {
      const passing = this.fewPassing(wanted, allowed, filter);
      if (passing) {
        const scanned = this.scanUnlessDamaged(query, wanted, passing);
        if (scanned) return scanned;
      }
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
    if (found.neighbors.length < wanted && !this.rowsDamaged) {
      // The graph found too few (a filter most rows fail): scan the passing rows instead, unless the rows file is damaged.
      const labels: number[] = [];
      for (let label = 0; label < this.size; label++) if (!filter || filter(label)) labels.push(label);
      const scanned = this.scanUnlessDamaged(query, wanted, labels);
      if (scanned) return scanned;
    }
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

  /**
   * {@link scan}, or undefined when the rows file fails its check on first use: the graph holds
   * its own checked copy of every row, so search goes on there (and `onDamagedRows` is told).
   */
  private scanUnlessDamaged(query: Float32Array, k: number, labels: readonly number[]): VectorHit[] | undefined {
    try {
      return this.scan(query, k, labels);
    } catch (error) {
      if (!isMcdeweyError(error, 'INDEX_CORRUPT')) throw error;
      this.rowsDamaged = true;
      this.onDamagedRows?.(error);
      return undefined;
    }
  }

  private scan(query: Float32Array, k: number, labels: readonly number[]): VectorHit[] {
    if (k === 0) return [];
    const { dims } = this;
    let queryNorm = 0;
    for (let d = 0; d < dims; d++) queryNorm += query[d]! * query[d]!;
    const inverseQueryNorm = queryNorm > 0 ? 1 / Math.sqrt(queryNorm) : 0;
    const top = new TopKHeap(k);
    this.rows.visit(labels, (label, values, offset) => {
      let dot = 0;
      let norm = 0;
      for (let d = 0; d < dims; d++) {
        const value = values[offset + d]!;
        dot += query[d]! * value;
        norm += value * value;
      }
      top.offer(label, norm > 0 ? (dot * inverseQueryNorm) / Math.sqrt(norm) : 0);
    });
    return top.sorted().map(({ row, score }) => ({ label: row, score }));
  }

  private checkQuery(query: Float32Array, k: number): void {
    if (query.length !== this.dims) throw invalid(`query has ${query.length} dimensions, the index ${this.dims}`);
    if (!Number.isInteger(k) || k < 0) throw invalid(`k must be a non-negative integer, got ${k}`);
  }
}

function invalid(message: string): McdeweyError {
  return new McdeweyError('INVALID_ARGUMENT', `VectorIndex: ${message}`);
}
