import { EventEmitter } from 'node:events';
import { unwatchFile, watchFile, type Stats } from 'node:fs';
import { join, resolve } from 'node:path';
import { McdeweyError, isMcdeweyError } from '../errors.js';
import { isTrainedModelId } from '../embed/trained/model-id.js';
import { openIndex, type OpenIndexOptions } from '../open.js';
import { Library } from '../store/library.js';
import { INDEX_FILES } from '../store/manifest.js';
import { forgetScopedViews } from '../store/scoped-library.js';
import { ingest, type IngestOptions, type IngestReport } from './ingest.js';

/**
 * The library one request is served from, held until `release()`: a `LiveLibrary` disposes a
 * replaced generation only once every lease on it is released.
 */
export interface LibraryLease {
  readonly library: Library;
  /** The generation of `library`: 1 for the first index opened, one more after each swap. */
  readonly generation: number;
  /** Ends the lease. Calling it again does nothing. */
  release(): void;
}

/**
 * What serves a library in generations: a `LiveLibrary`, or a vendor-scoped view of one
 * (`scopedSource`). Each lease is on the generation served when it was taken.
 */
export interface LibraryGenerations {
  /** The generation being served. */
  readonly generation: number;
  /** The library being served now; hold a lease (`acquire`) instead to use it across an `await`. */
  current(): Library;
  /** Leases the current generation until `release()`. */
  acquire(): LibraryLease;
}

/** A library to serve: a fixed `Library`, or generations of one (a `LiveLibrary` that swaps itself, or a scoped view of it). */
export type LibrarySource = Library | LibraryGenerations;

/** What a `LiveLibrary` has done: its generation, its last ingest and its last failure. */
export interface LiveLibraryStatus {
  /** The generation being served (1 for the index first opened). */
  generation: number;
  /** ISO time the served generation was opened. */
  loadedAt: string;
  /** Replaced generations still answering requests that began before the swap. */
  draining: number;
  /** The last re-ingest that succeeded. */
  lastIngest?: { at: string; seconds: number; documents: number; processed: number; reused: number; removed: number; skipped: number };
  /** The last reload or re-ingest that failed (the previous generation kept serving), until one succeeds. */
  lastError?: { at: string; code: string; message: string };
}

/** Events of a `LiveLibrary`. */
export interface LiveLibraryEvents {
  /** A new generation is served; requests that began before it finish on the old one. */
  swap: [{ generation: number; library: Library }];
  /** A replaced generation's last lease ended and its files and model were released. */
  retire: [{ generation: number }];
  /** A re-ingest finished (before its generation is swapped in). */
  ingest: [IngestReport];
  /** A reload or re-ingest failed; the served generation stays. */
  failure: [McdeweyError | Error];
}

/**
 * Runs one ingest of `corpusDir` into `indexDir` for `LiveLibrary.reingest`: core's `ingest` by
 * default, or another (e.g. `mcdewey ingest` in a child process, so that reading and indexing a
 * large corpus does not take turns with the requests on the serving thread).
 */
export type IngestRunner = (corpusDir: string, indexDir: string, options: IngestOptions) => Promise<IngestReport>;

/** Options of `LiveLibrary.open`: how each generation is opened (always warm), and how re-ingests run. */
export interface LiveLibraryOptions extends Omit<OpenIndexOptions, 'warm'> {
  /**
   * Runs each `reingest`. Default: core's `ingest` in this process, given the served generation's
   * embedding (see `reingest`); a runner of its own chooses the embedding itself.
   */
  runIngest?: IngestRunner | undefined;
}

/** How often `manifest.json` of a generation waiting for its vectors is looked at. */
const MANIFEST_POLL_MS = 500;

interface Generation {
  library: Library;
  number: number;
  loadedAt: Date;
  leases: number;
  retired: boolean;
}

/**
 * An index that can be swapped while it serves: `acquire()` leases the current generation for one
 * request, `reload()` opens the index directory again (after an ingest elsewhere) and `reingest()`
 * ingests a corpus into it first. A swap is atomic: requests in flight finish on the old
 * generation, new ones get the new one, and the old one is disposed (its chunk file closed, its
 * model released) when its last lease ends. A failed reload or ingest keeps the served generation
 * and is reported in `status().lastError` and the `failure` event.
 *
 * Each generation is opened warm (everything but the chunk file in memory), since ingest renames
 * the directory it was read from.
 */
export class LiveLibrary extends EventEmitter<LiveLibraryEvents> implements LibraryGenerations {
  readonly dir: string;
  private served: Generation;
  private readonly draining = new Set<Generation>();
  private readonly options: LiveLibraryOptions;
  private work: Promise<unknown> = Promise.resolve();
  private lastIngest: LiveLibraryStatus['lastIngest'];
  private lastError: LiveLibraryStatus['lastError'];
  private closed = false;
  /** Swaps run one at a time: a re-ingest's, and the one when vectors land. */
  private swaps: Promise<unknown> = Promise.resolve();
  /** Watching `manifest.json` for the vectors of a generation published before them. */
  private watchingManifest: ((current: Stats, previous: Stats) => void) | undefined;

  private constructor(dir: string, library: Library, options: LiveLibraryOptions) {
    super();
    this.dir = dir;
    this.options = options;
    this.served = { library, number: 1, loadedAt: new Date(), leases: 0, retired: false };
    this.watchForVectors();
  }

  /**
   * Opens the index at `dir` as generation 1.
   * @throws McdeweyError as `openIndex` does.
   */
  static async open(dir: string, options: LiveLibraryOptions = {}): Promise<LiveLibrary> {
    const library = await openWarm(dir, options);
    return new LiveLibrary(resolve(dir), library, options);
  }

  /** The generation being served. */
  get generation(): number {
    return this.served.number;
  }

  /** The library being served now; hold a lease (`acquire`) instead to use it across an `await`. */
  current(): Library {
    return this.served.library;
  }

  /** Leases the current generation until `release()`; it is not disposed before then. */
  acquire(): LibraryLease {
    const generation = this.served;
    generation.leases++;
    let released = false;
    return {
      library: generation.library,
      generation: generation.number,
      release: () => {
        if (released) return;
        released = true;
        generation.leases--;
        if (generation.retired && generation.leases === 0) void this.dispose(generation);
      },
    };
  }

  /** Runs `work` with the current generation leased for its whole duration. */
  async use<T>(work: (library: Library) => T | Promise<T>): Promise<T> {
    const lease = this.acquire();
    try {
      return await work(lease.library);
    } finally {
      lease.release();
    }
  }

  /** The served generation, the last ingest and the last failure. */
  status(): LiveLibraryStatus {
    return {
      generation: this.served.number,
      loadedAt: this.served.loadedAt.toISOString(),
      draining: this.draining.size,
      ...(this.lastIngest ? { lastIngest: this.lastIngest } : {}),
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  /**
   * Opens the index directory again and serves it as the next generation (after `mcdewey ingest`
   * or `ingest()` wrote it). Runs after any reload or re-ingest in progress.
   * @returns the new generation
   * @throws McdeweyError as `openIndex` does; the served generation stays.
   */
  reload(): Promise<number> {
    return this.serially(() => this.swapIn());
  }

  /**
   * Ingests `corpusDir` into this library's index directory (incrementally: unchanged documents
   * are reused) and serves the result. Without `options.embedder` or `options.trainEmbedder`, the
   * index is embedded as it was: by the served generation's model, or a model trained anew when
   * the index bundles one, or not at all for a lexical index. Runs after any reload or re-ingest
   * in progress.
   * @throws McdeweyError as `ingest` and `openIndex` do (`PRUNE_REQUIRED`, `INDEX_LOCKED`, …), or
   *   `EMBEDDER_UNAVAILABLE` when the index has vectors but its model could not be loaded; the
   *   served generation stays.
   */
  reingest(corpusDir: string, options: IngestOptions = {}): Promise<IngestReport> {
    return this.serially(async () => {
      const lease = this.acquire();
      // An ingest that publishes the chunks before embedding them is served from then on; its
      // vectors are swapped in when they land (see `watchForVectors`).
      let searchable = false;
      const served: IngestOptions = {
        ...options,
        onSearchable: (event) => {
          searchable = true;
          options.onSearchable?.(event);
          this.swapIn().catch((error: unknown) => this.recordFailure(error));
        },
      };
      try {
        const run = this.options.runIngest;
        const report = run ? await run(corpusDir, this.dir, served) : await ingest(corpusDir, this.dir, { ...embeddingOf(lease.library), ...served });
        this.lastIngest = {
          at: new Date().toISOString(),
          seconds: report.seconds,
          documents: report.documents,
          processed: report.processed,
          reused: report.reused,
          removed: report.removed,
          skipped: report.skipped.length,
        };
        this.emit('ingest', report);
        // Unless the landed vectors were swapped in already (after any swap under way).
        await this.swaps;
        if (!searchable || this.served.library.manifest.pendingEmbedding) await this.swapIn();
        return report;
      } finally {
        lease.release();
      }
    });
  }

  /** Stops serving: the current generation is disposed once its leases end (as are draining ones). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopWatchingManifest();
    await this.work.catch(() => {});
    await this.swaps.catch(() => {});
    this.retire(this.served);
  }

  /** Runs one reload or re-ingest at a time, recording a failure. */
  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.work.then(async () => {
      if (this.closed) throw new McdeweyError('INVALID_ARGUMENT', `The live library of ${this.dir} is closed`, { details: { dir: this.dir } });
      try {
        const result = await task();
        this.lastError = undefined;
        return result;
      } catch (error) {
        throw this.recordFailure(error);
      }
    });
    this.work = run.catch(() => {});
    return run;
  }

  private swapIn(): Promise<number> {
    const run = this.swaps.then(async () => {
      const library = await openWarm(this.dir, this.options);
      const old = this.served;
      this.served = { library, number: old.number + 1, loadedAt: new Date(), leases: 0, retired: false };
      this.emit('swap', { generation: this.served.number, library });
      this.retire(old);
      this.watchForVectors();
      return this.served.number;
    });
    this.swaps = run.catch(() => {});
    return run;
  }

  /**
   * While the served generation waits for its vectors (`Manifest.pendingEmbedding`), polls its
   * `manifest.json` and swaps in the index as it is when the file changes: the vectors landed, or
   * another ingest replaced the generation.
   */
  private watchForVectors(): void {
    if (!this.served.library.manifest.pendingEmbedding || this.closed) return this.stopWatchingManifest();
    if (this.watchingManifest) return;
    this.watchingManifest = (current, previous) => {
      if (current.ino === previous.ino && current.mtimeMs === previous.mtimeMs) return;
      this.swapIn().catch((error: unknown) => this.recordFailure(error));
    };
    watchFile(join(this.dir, INDEX_FILES.manifest), { interval: MANIFEST_POLL_MS, persistent: false }, this.watchingManifest);
  }

  /** Records a failed reload, re-ingest or swap in `status().lastError` and the `failure` event. */
  private recordFailure(error: unknown): Error {
    const failure = error instanceof Error ? error : new Error(String(error));
    this.lastError = { at: new Date().toISOString(), code: isMcdeweyError(failure) ? failure.code : 'INTERNAL', message: failure.message };
    this.emit('failure', failure);
    return failure;
  }

  private stopWatchingManifest(): void {
    if (!this.watchingManifest) return;
    unwatchFile(join(this.dir, INDEX_FILES.manifest), this.watchingManifest);
    this.watchingManifest = undefined;
  }

  private retire(generation: Generation): void {
    generation.retired = true;
    this.draining.add(generation);
    if (generation.leases === 0) void this.dispose(generation);
  }

  private async dispose(generation: Generation): Promise<void> {
    if (!this.draining.delete(generation)) return;
    forgetScopedViews(generation.library);
    await generation.library.dispose().catch(() => {});
    this.emit('retire', { generation: generation.number });
  }
}

/** Leases a library for one request: the current generation of a `LiveLibrary` (or a scoped view of one), or a fixed library (generation 1). */
export function leaseLibrary(source: LibrarySource): LibraryLease {
  if (source instanceof Library) return { library: source, generation: 1, release: () => {} };
  return source.acquire();
}

/** The library a source serves now, for what does not outlive the call (listings, error paths). */
export function currentLibrary(source: LibrarySource): Library {
  return source instanceof Library ? source : source.current();
}

/** Opens one generation: warm, since ingest renames the folder it was read from. */
function openWarm(dir: string, options: LiveLibraryOptions): Promise<Library> {
  const { runIngest: _runner, ...open } = options;
  return openIndex(dir, { ...open, warm: true });
}

/** The generation a source serves now (a fixed library is generation 1). */
export function servedGeneration(source: LibrarySource): number {
  return source instanceof Library ? 1 : source.generation;
}

/** How to embed a re-ingest so that the index keeps its kind of vectors. */
function embeddingOf(library: Library): Pick<IngestOptions, 'embedder' | 'trainEmbedder'> {
  const { pendingEmbedding } = library.manifest;
  // Still being embedded: trained as it was to be, or by a model of its own that this library has not loaded.
  if (pendingEmbedding?.train) return { trainEmbedder: { ...pendingEmbedding.train } };
  const expected = library.manifest.embedder ?? pendingEmbedding?.embedder;
  if (!expected) return {};
  if (isTrainedModelId(expected.modelId)) return { trainEmbedder: true };
  if (library.embedder) return { embedder: library.embedder };
  throw new McdeweyError(
    'EMBEDDER_UNAVAILABLE',
    `Cannot re-ingest into ${library.dir}: it was built with ${expected.modelId}, which could not be loaded (${library.embedderNotice ?? 'no model'}); run mcdewey ingest with --model or --model-dir`,
    { details: { dir: library.dir, modelId: expected.modelId } },
  );
}
