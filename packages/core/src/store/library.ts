import { McdeweyError } from '../errors.js';
import { documentId, parseChunkId } from '../chunk/ids.js';
import type { Embedder } from '../embed/types.js';
import type { LexicalIndex } from '../rank/lexical.js';
import type { VectorIndex } from '../rank/vectors.js';
import type { ChunkRecord, DocumentRecord, SearchFilters } from '../types.js';
import type { Manifest } from './manifest.js';
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

const FILTER_KEYS = ['vendor', 'version', 'group', 'doc'] as const;

/**
 * An opened index: the documents and chunks in memory, the lexical index and vectors loaded on
 * first use. Immutable, so one instance can serve any number of concurrent readers.
 */
export class Library {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly documents: readonly DocumentRecord[];
  readonly chunks: readonly ChunkRecord[];
  /** The embedder used for query vectors, when one was given to `openIndex` and matches. */
  readonly embedder: Embedder | undefined;
  private readonly rowById = new Map<string, number>();
  private readonly documentById = new Map<string, { record: DocumentRecord; firstRow: number }>();
  private knownValues: Map<(typeof FILTER_KEYS)[number], Set<string>> | undefined;
  private lexicalIndex: LexicalIndex | undefined;
  private vectorIndex: VectorIndex | null | undefined;

  /** Why the index's embedding model could not be loaded, when it could not. */
  readonly embedderNotice: string | undefined;

  constructor(private readonly stored: StoredIndex, embedder?: Embedder, embedderNotice?: string) {
    this.dir = stored.dir;
    this.embedderNotice = embedderNotice;
    this.manifest = stored.manifest;
    this.documents = stored.documents;
    this.chunks = stored.chunks;
    this.embedder = embedder;
    stored.chunks.forEach((chunk, row) => this.rowById.set(chunk.id, row));
    for (const record of stored.documents) {
      this.documentById.set(record.id, { record, firstRow: this.rowById.get(`${record.id}::0`) ?? -1 });
    }
  }

  /** The BM25 index (loaded on first use). */
  get lexical(): LexicalIndex {
    this.lexicalIndex ??= this.stored.loadLexical();
    return this.lexicalIndex;
  }

  /** The vectors and HNSW graph, or undefined for a lexical-only index (loaded on first use). */
  get vectors(): VectorIndex | undefined {
    if (this.vectorIndex === undefined) this.vectorIndex = this.stored.loadVectors() ?? null;
    return this.vectorIndex ?? undefined;
  }

  /** Loads everything a search needs now rather than on the first query. */
  warm(): this {
    void this.lexical;
    void this.vectors;
    return this;
  }

  /** The row of a chunk id, for use with `chunks`. */
  rowOf(id: string): number | undefined {
    return this.rowById.get(id);
  }

  /**
   * A chunk by its id.
   * @throws McdeweyError `INVALID_CHUNK_ID` for a malformed id, `CHUNK_NOT_FOUND` for an unknown one.
   */
  getChunk(id: string): ChunkRecord {
    return this.chunks[this.requireRow(id)]!;
  }

  /** A chunk with up to `context` neighbours on each side, from the same document. */
  getChunkInContext(id: string, context = 0): ChunkInContext {
    if (!Number.isInteger(context) || context < 0 || context > 50) {
      throw new McdeweyError('INVALID_ARGUMENT', `context must be an integer from 0 to 50, got ${context}`, { details: { parameter: 'context' } });
    }
    const row = this.requireRow(id);
    const chunk = this.chunks[row]!;
    const { record, firstRow } = this.documentById.get(documentId(chunk))!;
    const lastRow = firstRow + record.chunkCount - 1;
    return {
      chunk,
      document: record,
      before: this.chunks.slice(Math.max(firstRow, row - context), row),
      after: this.chunks.slice(row + 1, Math.min(lastRow, row + context) + 1),
    };
  }

  /**
   * A document and all its chunks, in order.
   * @throws McdeweyError `CHUNK_NOT_FOUND` when no such document is indexed.
   */
  getDocument(id: string): { document: DocumentRecord; chunks: readonly ChunkRecord[] } {
    const entry = this.documentById.get(id);
    if (!entry) throw new McdeweyError('CHUNK_NOT_FOUND', `No document "${id}" in the index (expected vendor::version::group::doc)`, { details: { id } });
    return { document: entry.record, chunks: this.chunks.slice(entry.firstRow, entry.firstRow + entry.record.chunkCount) };
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

  /** Documents passing the filters, in index order (vendor, version, group, doc). */
  listDocuments(filters: SearchFilters = {}): DocumentRecord[] {
    const accepts = this.filterPredicate(filters);
    return this.documents.filter((document) => accepts(document));
  }

  /**
   * A predicate over anything with vendor/version/group/doc that applies the filters.
   * @throws McdeweyError `INVALID_ARGUMENT` naming a filter value the index does not hold and the valid ones.
   */
  filterPredicate(filters: SearchFilters): (key: { vendor: string; version: string; group: string; doc: string }) => boolean {
    const active: { key: (typeof FILTER_KEYS)[number]; values: Set<string> }[] = [];
    for (const key of FILTER_KEYS) {
      const raw = filters[key];
      if (raw === undefined || (Array.isArray(raw) && raw.length === 0)) continue;
      const values = new Set(Array.isArray(raw) ? raw : [raw]);
      const known = this.valuesOf(key);
      const unknown = [...values].filter((value) => !known.has(value));
      if (unknown.length > 0) {
        const valid = [...known].sort();
        const shown = valid.length > 30 ? `${valid.slice(0, 30).join(', ')}, … (${valid.length} in all)` : valid.join(', ');
        throw new McdeweyError('INVALID_ARGUMENT', `Unknown ${key} "${unknown.join('", "')}"; the index has: ${shown}`, {
          details: { parameter: key, unknown, valid },
        });
      }
      active.push({ key, values });
    }
    return (item) => active.every(({ key, values }) => values.has(item[key]));
  }

  /** The distinct values of a filter key in the index, computed once (filters run on every search). */
  private valuesOf(key: (typeof FILTER_KEYS)[number]): Set<string> {
    this.knownValues ??= new Map(FILTER_KEYS.map((name) => [name, new Set(this.documents.map((document) => document[name]))]));
    return this.knownValues.get(key)!;
  }

  private requireRow(id: string): number {
    parseChunkId(id);
    const row = this.rowById.get(id);
    if (row === undefined) {
      throw new McdeweyError('CHUNK_NOT_FOUND', `No chunk "${id}" in the index at ${this.dir}`, { details: { id } });
    }
    return row;
  }
}

/** Orders version slugs so that v3.10 comes after v3.9. */
export function compareVersions(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
