import { basename } from 'node:path';
import { McdeweyError, isMcdeweyError } from '../errors.js';
import { parseChunkId } from '../chunk/ids.js';
import { compareVersions } from '../display/version-order.js';
import { FILTER_KEYS } from './filter-values.js';
import type { Embedder } from '../embed/types.js';
import type { LexicalIndex } from '../rank/lexical.js';
import { rowRanges, type RowRanges } from '../rank/row-ranges.js';
import type { CorrectionList } from '../rank/spelling-list.js';
import type { SpellingDictionary } from '../rank/spelling.js';
import { hashHex } from './chunk-hashes.js';
import type { VectorIndex } from '../rank/vectors.js';
import { vendorCatalogOf } from './catalog.js';
import { documentFilter } from './document-filter.js';
import type { ChunkRecord, DocumentRecord, SearchFilters, VendorCatalog } from '../types.js';
import type { Manifest } from './manifest.js';
import { PendingEmbeddingReason, pendingEmbeddingReason } from './pending-embedding.js';
import type { StoredIndex } from './read.js';

/** A chunk and its neighbours in the same document. */
export interface ChunkInContext {
  chunk: ChunkRecord;
  document: DocumentRecord;
  /** Up to `context` chunks just before, in document order. */
  before: ChunkRecord[];
  /** Up to `context` chunks just after, in document order. */
  after: ChunkRecord[];
}

/** One vendor with the versions the index holds. */
export interface VendorSummary {
  vendor: string;
  versions: { version: string; documents: number; chunks: number }[];
}

/**
 * An opened index: documents in memory, chunks read from disk on demand, the lexical index and
 * vectors loaded on first use. Immutable, so one instance can serve any number of concurrent
 * readers; `close()` releases its file handle.
 */
export class Library {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly documents: readonly DocumentRecord[];
  /**
   * The embedder used for query vectors, when one was given to `openIndex` and matches.
   * @internal core's search reads it; callers release it with `dispose()`.
   */
  readonly embedder: Embedder | undefined;
  /** Row of each document's first chunk, and the total at the end (documents hold consecutive rows). */
  private readonly firstRows: Uint32Array;
  private readonly notify: (message: string) => void;
  private readonly noticesGiven: string[] = [];
  /** Why the vectors cannot be used, once loading them found them damaged. */
  private vectorsNotice: string | undefined;
  private readonly modelNotice: string | undefined;
  private readonly documentIndex = new Map<string, number>();
  private knownValues: Map<(typeof FILTER_KEYS)[number], Set<string>> | undefined;
  private lexicalIndex: LexicalIndex | undefined;
  private lexicalDamage: McdeweyError | undefined;
  private catalog: VendorCatalog | undefined;
  private vectorIndex: VectorIndex | null | undefined;
  private embedderReleased = false;
  private readonly pendingReason = new PendingEmbeddingReason(() => pendingEmbeddingReason(this.dir, this.manifest));

  /**
   * @param embedderNotice why the index's model could not be loaded, when it could not
   * @param onNotice told when a damaged HNSW graph is rebuilt from the rows (see `notices`)
   */
  constructor(
    protected readonly stored: StoredIndex,
    embedder?: Embedder,
    embedderNotice?: string,
    onNotice?: (message: string) => void,
  ) {
    this.dir = stored.dir;
    this.modelNotice = embedderNotice;
    this.manifest = stored.manifest;
    this.documents = stored.documents;
    this.embedder = embedder;
    this.notify = onNotice ?? (() => {});
    this.firstRows = stored.rows.firstRows;
    stored.documents.forEach((record, i) => this.documentIndex.set(record.id, i));
  }

  /**
   * Why semantic search is unavailable although the index has vectors: its embedding model could
   * not be loaded, or `vectors.f32` turned out damaged when the vectors were loaded (search is then
   * lexical, and its response says why).
   */
  get embedderNotice(): string | undefined {
    return this.vectorsNotice ?? this.modelNotice;
  }

  /**
   * Why search is lexical while the index's vectors are still being computed (or their computing
   * was interrupted), with the rows done so far; undefined once they have landed, and for an index
   * that was never to have them. Read again at most every few seconds.
   */
  get pendingEmbeddingNotice(): string | undefined {
    return this.manifest.pendingEmbedding ? this.pendingReason.read() : undefined;
  }

  /** Damage worked around so far (an HNSW graph rebuilt in memory from the rows), oldest first. */
  get notices(): readonly string[] {
    return this.noticesGiven;
  }

  /** Number of chunks; rows run from 0 to `chunkCount - 1`. */
  get chunkCount(): number {
    return this.stored.chunks.count;
  }

  /** The chunk at a row (as search legs and `rowOf` give them). */
  chunkAt(row: number): ChunkRecord {
    return this.stored.chunks.get(row);
  }

  /** Chunks of rows `[from, to)` in row order, read sequentially (for exports and scans). */
  chunkRecords(from = 0, to = this.chunkCount): Generator<ChunkRecord> {
    return this.stored.chunks.records(from, to);
  }

  /** The document a row belongs to. */
  documentOfRow(row: number): DocumentRecord {
    return this.documents[this.documentIndexOfRow(row)]!;
  }

  /** The rows `[first, end)` of the document holding a row. */
  documentSpanOfRow(row: number): { first: number; end: number } {
    return this.stored.rows.rowsOfDocument(this.documentIndexOfRow(row));
  }

  /** The chunk id at a row, without reading the chunk. */
  chunkIdAt(row: number): string {
    this.checkRow(row);
    return this.stored.rows.chunkIdAt(row);
  }

  /** The text hash of the chunk at a row (identical texts share it), from memory when the index keeps hashes. */
  chunkHashAt(row: number): string {
    const hashes = this.stored.chunkHashes;
    if (!hashes) return this.chunkAt(row).hash;
    this.checkRow(row);
    return hashHex(hashes, row);
  }

  /**
   * The BM25 index (loaded on first use).
   * @internal core's search and exports use it; others use `search`, `correctionList()`.
   * @throws McdeweyError `INDEX_CORRUPT` when `lexical.bin` is damaged (on every use: a damaged
   *   file is read once, not on every request).
   */
  get lexical(): LexicalIndex {
    if (this.lexicalDamage) throw this.lexicalDamage;
    try {
      this.lexicalIndex ??= this.stored.loadLexical();
    } catch (error) {
      if (isMcdeweyError(error, 'INDEX_CORRUPT')) this.lexicalDamage = error;
      throw error;
    }
    return this.lexicalIndex;
  }

  /**
   * The vectors and HNSW graph (loaded on first use), or undefined for a lexical-only index and
   * for one whose `vectors.f32` is damaged: that index serves lexical search, with a notice
   * (`embedderNotice`), instead of failing. A damaged graph alone is rebuilt from the rows.
   * @internal core's search uses it; others use `search`, `hasVectors`, `vectorAt()`.
   */
  get vectors(): VectorIndex | undefined {
    if (this.vectorIndex === undefined) this.vectorIndex = this.loadVectors();
    return this.vectorIndex ?? undefined;
  }

  /** Loads everything a search needs now rather than on the first query. */
  warm(): this {
    void this.lexical;
    void this.vectors;
    return this;
  }

  /**
   * Whether the index has vectors that can be read and searched: false for a lexical-only index,
   * and for one whose `vectors.f32` is damaged (`embedderNotice` then says why). Loads the vectors
   * on first use.
   */
  get hasVectors(): boolean {
    return this.vectors !== undefined;
  }

  /**
   * The stored embedding of the chunk at a row (a read-only view into the loaded vectors: copy it
   * to keep or change it), e.g. to export the vectors elsewhere.
   * @throws McdeweyError `INVALID_ARGUMENT` when the index has no usable vectors (see `hasVectors`)
   *   or the row is outside `0..chunkCount - 1`.
   */
  vectorAt(row: number): Float32Array {
    const vectors = this.vectors;
    if (!vectors) {
      const why = this.embedderNotice ?? 'it was ingested without an embedding model';
      throw new McdeweyError('INVALID_ARGUMENT', `Index ${this.dir} has no usable vectors: ${why}`, { details: { parameter: 'row', row } });
    }
    return vectors.row(row);
  }

  /**
   * The words a misspelt query word may be corrected to, with their frequencies, from the index's
   * own dictionary: what a client-side search (the static site's) needs to correct as `search` does.
   * @throws McdeweyError `INDEX_CORRUPT` when `lexical.bin` is damaged.
   */
  correctionList(): CorrectionList {
    return this.lexical.correctionList();
  }

  /** The dictionary spelling corrections come from (a scoped view answers for its own vendors' words). */
  spellingDictionary(): SpellingDictionary {
    return this.lexical;
  }

  /** Releases the open chunk and vector files. The index cannot be read afterwards. */
  close(): void {
    this.stored.chunks.close();
    this.vectorIndex?.close();
  }

  /**
   * Releases everything the library holds: the open chunk file (as `close()`) and the query
   * embedder's model, including one given to `openIndex`. Call it when done with the library; the
   * index cannot be read afterwards. Calling it again does nothing.
   */
  async dispose(): Promise<void> {
    this.close();
    if (this.embedderReleased) return;
    this.embedderReleased = true;
    await this.embedder?.dispose?.();
  }

  /** The row of a chunk id, or undefined when the index has no such chunk. */
  rowOf(id: string): number | undefined {
    const cut = id.lastIndexOf('::');
    const ordinal = id.slice(cut + 2);
    const index = cut < 0 || !/^(0|[1-9][0-9]*)$/.test(ordinal) ? undefined : this.documentIndex.get(id.slice(0, cut));
    if (index === undefined) return undefined;
    const n = Number(ordinal);
    return n < this.documents[index]!.chunkCount ? this.firstRows[index]! + n : undefined;
  }

  /**
   * A chunk by its id.
   * @throws McdeweyError `INVALID_CHUNK_ID` for a malformed id, `CHUNK_NOT_FOUND` for an unknown one.
   */
  getChunk(id: string): ChunkRecord {
    return this.chunkAt(this.requireRow(id));
  }

  /** A chunk with up to `context` neighbours on each side, from the same document. */
  getChunkInContext(id: string, context = 0): ChunkInContext {
    if (!Number.isInteger(context) || context < 0 || context > 50) {
      throw new McdeweyError('INVALID_ARGUMENT', `context must be an integer from 0 to 50, got ${context}`, { details: { parameter: 'context' } });
    }
    const row = this.requireRow(id);
    const { first, end } = this.documentSpanOfRow(row);
    return {
      chunk: this.chunkAt(row),
      document: this.documentOfRow(row),
      before: [...this.chunkRecords(Math.max(first, row - context), row)],
      after: [...this.chunkRecords(row + 1, Math.min(end, row + 1 + context))],
    };
  }

  /**
   * A document and all its chunks, in order.
   * @throws McdeweyError `CHUNK_NOT_FOUND` when no such document is indexed.
   */
  getDocument(id: string): { document: DocumentRecord; chunks: readonly ChunkRecord[] } {
    const index = this.documentIndex.get(id);
    if (index === undefined) throw documentNotFound(id);
    return { document: this.documents[index]!, chunks: [...this.chunkRecords(this.firstRows[index]!, this.firstRows[index + 1]!)] };
  }

  /** Vendors with their versions and document and chunk counts, sorted by name. */
  listVendors(): VendorSummary[] {
    const vendors = new Map<string, Map<string, { documents: number; chunks: number }>>();
    for (const document of this.documents) {
      const versions = vendors.get(document.vendor) ?? new Map();
      vendors.set(document.vendor, versions);
      const counts = versions.get(document.version) ?? { documents: 0, chunks: 0 };
      counts.documents += 1;
      counts.chunks += document.chunkCount;
      versions.set(document.version, counts);
    }
    return [...vendors.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([vendor, versions]) => ({
        vendor,
        versions: [...versions.entries()].sort(([a], [b]) => compareVersions(a, b)).map(([version, counts]) => ({ version, ...counts })),
      }));
  }

  /** The vendors and their version slugs, for reading vendor and version names in queries (computed once). */
  vendorCatalog(): VendorCatalog {
    this.catalog ??= vendorCatalogOf(this.documents);
    return this.catalog;
  }

  /** Documents passing the filters, in index order (vendor, version, group, doc). */
  listDocuments(filters: SearchFilters = {}): DocumentRecord[] {
    const accepts = this.filterPredicate(filters);
    return this.documents.filter((document) => accepts(document));
  }

  /**
   * A predicate over anything with vendor/version/group/doc that applies the filters.
   * @throws McdeweyError `INVALID_ARGUMENT` naming a filter value the index does not hold and the
   *   valid ones (within the filters before it: an unknown version lists that vendor's versions).
   */
  filterPredicate(filters: SearchFilters): (key: { vendor: string; version: string; group: string; doc: string }) => boolean {
    return documentFilter(filters, this.documents, (key) => this.valuesOf(key)).accepts;
  }

  /**
   * The rows passing the filters, as row ranges (each document holds consecutive rows), or
   * undefined when no filter is set.
   * @throws McdeweyError `INVALID_ARGUMENT` as `filterPredicate` does.
   */
  filterRows(filters: SearchFilters): RowRanges | undefined {
    const accepts = this.filterPredicate(filters);
    if (!FILTER_KEYS.some((key) => hasValue(filters[key]))) return undefined;
    const pairs: [number, number][] = [];
    this.documents.forEach((document, i) => {
      if (accepts(document)) pairs.push([this.firstRows[i]!, this.firstRows[i + 1]!]);
    });
    return rowRanges(pairs);
  }

  /** The stored index of a library, for a scoped view over it (which shares its files). */
  protected static storedOf(library: Library): StoredIndex {
    return library.stored;
  }

  /** The vectors; null when there are none, or when `vectors.f32` is damaged (then `embedderNotice` says so). */
  private loadVectors(): VectorIndex | null {
    const notice = (message: string) => {
      this.noticesGiven.push(message);
      this.notify(message);
    };
    try {
      return this.stored.loadVectors(notice) ?? null;
    } catch (error) {
      if (!isMcdeweyError(error, 'INDEX_CORRUPT')) throw error;
      this.vectorsNotice = `${describeDamage(error)}; re-run mcdewey ingest to repair it`;
      return null;
    }
  }

  private checkRow(row: number): void {
    if (!Number.isInteger(row) || row < 0 || row >= this.chunkCount) throw new RangeError(`row ${row} is outside 0..${this.chunkCount - 1}`);
  }

  private documentIndexOfRow(row: number): number {
    this.checkRow(row);
    return this.stored.rows.documentIndexOf(row);
  }

  /** The distinct values of a filter key in the index, computed once (filters run on every search). */
  private valuesOf(key: (typeof FILTER_KEYS)[number]): Set<string> {
    this.knownValues ??= new Map(FILTER_KEYS.map((name) => [name, new Set(this.documents.map((document) => document[name]))]));
    return this.knownValues.get(key)!;
  }

  private requireRow(id: string): number {
    parseChunkId(id);
    const row = this.rowOf(id);
    if (row === undefined) throw chunkNotFound(id, this.dir);
    return row;
  }
}

/** The error of a chunk id the index does not hold (a scoped view answers a hidden one with it too). */
export function chunkNotFound(id: string, dir: string): McdeweyError {
  return new McdeweyError('CHUNK_NOT_FOUND', `No chunk "${id}" in the index at ${dir}`, { details: { id } });
}

/** The error of a document id the index does not hold. */
export function documentNotFound(id: string): McdeweyError {
  return new McdeweyError('CHUNK_NOT_FOUND', `No document "${id}" in the index (expected vendor::version::group::doc)`, { details: { id } });
}

/** What is damaged, for a notice: `vectors.f32 is damaged (…)`. */
function describeDamage(error: McdeweyError): string {
  const { file, path, reason } = error.details as { file?: string; path?: string; reason?: string };
  const name = file ?? (path ? basename(path) : 'a vector file');
  const why = reason === 'checksum' ? 'it does not match its checksum in manifest.json' : error.message.replace(/; re-run mcdewey ingest$/, '');
  return `${name} is damaged (${why})`;
}

function hasValue(value: string | string[] | undefined): value is string | string[] {
  return value !== undefined && (!Array.isArray(value) || value.length > 0);
}
