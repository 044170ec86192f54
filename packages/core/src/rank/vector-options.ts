// The public options, defaults and result type of VectorIndex.
import type { McdeweyError } from '../errors.js';
import type { RowRanges } from './row-ranges.js';

/** Defaults of `VectorIndex`. */
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

/** Options of `VectorIndex.build`. */
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

/** Options of `VectorIndex.search`. */
export interface VectorSearchOptions {
  /** Only rows for which this returns true are results; applied inside the graph search. */
  filter?: (label: number) => boolean;
  /** Only rows in these ranges are results; like `filter`, but how many rows pass is known without a scan. */
  allowed?: RowRanges;
  /** Candidate list size. Default: `max(200, 4 × k)`. */
  ef?: number;
}

/** Options of `VectorIndex.load`. */
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
  /**
   * The rows file is checked (`verifyCrc32`) when a row is first read, not on load. When it fails
   * there, an exact scan falls back to the graph (which holds its own checked copy of the rows)
   * and this is told once; `row()` keeps failing with the error. Default: not told.
   */
  onDamagedRows?(error: McdeweyError): void;
}

/** One search result: the row number and its cosine similarity to the query. */
export interface VectorHit {
  label: number;
  score: number;
}
