import { McdeweyError } from '../errors.js';
import { parseChunkId } from '../chunk/ids.js';
import type { LexicalIndex } from '../rank/lexical.js';
import { rowRanges, rowRangesHas, type RowRanges } from '../rank/row-ranges.js';
import type { CorrectionList } from '../rank/spelling-list.js';
import type { ClosestTerm, SpellingDictionary } from '../rank/spelling.js';
import type { VectorIndex } from '../rank/vectors.js';
import type { DocumentRecord, SearchFilters, VendorCatalog, ChunkRecord } from '../types.js';
import { vendorCatalogOf } from './catalog.js';
import { documentFilter } from './document-filter.js';
import { FILTER_KEYS } from './filter-values.js';
import { Library, chunkNotFound, documentNotFound, type ChunkInContext, type VendorSummary } from './library.js';
import type { Manifest } from './manifest.js';

const views = new WeakMap<Library, Map<string, Library>>();

/**
 * A view of `library` that holds only the documents of `vendors`: the one place per-vendor access
 * is decided. Every reader of a library (search, its suggestions and spelling, browsing, chunks,
 * documents, the vendor list, the manifest's counts) sees the other vendors' documents as if the
 * index did not hold them, so a hidden chunk id answers exactly as an unknown one. `'all'` returns
 * `library` itself. Views are cached per vendor set and share the library's files and loaded
 * indexes; closing a view does nothing (close the library).
 */
export function scopedLibrary(library: Library, vendors: 'all' | readonly string[]): Library {
  if (vendors === 'all') return library;
  const key = [...new Set(vendors)].sort().join('\n');
  let cache = views.get(library);
  if (!cache) views.set(library, (cache = new Map()));
  let view = cache.get(key);
  if (!view) cache.set(key, (view = new ScopedLibrary(library, new Set(vendors))));
  return view;
}

/**
 * Drops the views of `library` cached by `scopedLibrary` (a `LiveLibrary` does, when it retires a
 * generation), so that nothing keeps them, or the generation, alive.
 */
export function forgetScopedViews(library: Library): void {
  views.delete(library);
}

/** A library restricted to some vendors; rows keep the base library's numbers (hidden ones are never returned). */
class ScopedLibrary extends Library {
  override readonly manifest: Manifest;
  override readonly documents: readonly DocumentRecord[];
  /** The rows of the visible documents. */
  private readonly visibleRows: RowRanges;
  private readonly catalogOfView: VendorCatalog;
  private readonly valuesOfView: Map<string, Set<string>>;
  private readonly spelling: SpellingDictionary;

  constructor(
    private readonly base: Library,
    private readonly vendors: ReadonlySet<string>,
  ) {
    super(Library.storedOf(base), base.embedder);
    this.documents = base.documents.filter((document) => vendors.has(document.vendor));
    this.visibleRows = rowRanges(this.documents.map((document) => this.rowsOf(document)));
    this.catalogOfView = vendorCatalogOf(this.documents);
    this.valuesOfView = new Map(FILTER_KEYS.map((name) => [name, new Set(this.documents.map((document) => document[name]))]));
    this.manifest = scopedManifest(base.manifest, this.documents);
    this.spelling = scopedSpelling(() => base.lexical, this.visibleRows);
  }

  override get embedderNotice(): string | undefined {
    return this.base.embedderNotice;
  }
  override get notices(): readonly string[] {
    return this.base.notices;
  }
  override get lexical(): LexicalIndex {
    return this.base.lexical;
  }
  override get vectors(): VectorIndex | undefined {
    return this.base.vectors;
  }
  override get hasVectors(): boolean {
    return this.base.hasVectors;
  }
  override warm(): this {
    this.base.warm();
    return this;
  }
  override vectorAt(row: number): Float32Array {
    return this.base.vectorAt(this.visible(row));
  }
  override chunkAt(row: number): ChunkRecord {
    return this.base.chunkAt(this.visible(row));
  }
  override *chunkRecords(from = 0, to = this.chunkCount): Generator<ChunkRecord> {
    for (const chunk of this.base.chunkRecords(from, to)) if (this.vendors.has(chunk.vendor)) yield chunk;
  }
  override documentOfRow(row: number): DocumentRecord {
    return this.base.documentOfRow(this.visible(row));
  }
  override documentSpanOfRow(row: number): { first: number; end: number } {
    return this.base.documentSpanOfRow(this.visible(row));
  }
  override chunkIdAt(row: number): string {
    return this.base.chunkIdAt(this.visible(row));
  }
  override chunkHashAt(row: number): string {
    return this.base.chunkHashAt(this.visible(row));
  }
  override spellingDictionary(): SpellingDictionary {
    return this.spelling;
  }
  override correctionList(): CorrectionList {
    const list = this.base.correctionList();
    const kept: CorrectionList = { terms: [], frequencies: [] };
    list.terms.forEach((term) => {
      const frequency = this.spelling.termFrequency(term);
      if (frequency > 0) {
        kept.terms.push(term);
        kept.frequencies.push(frequency);
      }
    });
    return kept;
  }
  /** A view does not own the library's files: closing it leaves them open. */
  override close(): void {}
  override async dispose(): Promise<void> {}

  override rowOf(id: string): number | undefined {
    return this.vendors.has(id.slice(0, id.indexOf('::'))) ? this.base.rowOf(id) : undefined;
  }
  override getChunk(id: string): ChunkRecord {
    this.requireVisibleChunk(id);
    return this.base.getChunk(id);
  }
  override getChunkInContext(id: string, context = 0): ChunkInContext {
    if (!Number.isInteger(context) || context < 0 || context > 50) return this.base.getChunkInContext(id, context);
    this.requireVisibleChunk(id);
    return this.base.getChunkInContext(id, context);
  }
  override getDocument(id: string): { document: DocumentRecord; chunks: readonly ChunkRecord[] } {
    if (!this.vendors.has(id.slice(0, id.indexOf('::')))) throw documentNotFound(id);
    return this.base.getDocument(id);
  }
  override listVendors(): VendorSummary[] {
    return this.base.listVendors().filter((summary) => this.vendors.has(summary.vendor));
  }
  override vendorCatalog(): VendorCatalog {
    return this.catalogOfView;
  }
  override listDocuments(filters: SearchFilters = {}): DocumentRecord[] {
    const accepts = this.filterPredicate(filters);
    return this.documents.filter((document) => accepts(document));
  }
  override filterPredicate(filters: SearchFilters): (key: { vendor: string; version: string; group: string; doc: string }) => boolean {
    this.checkVendors(filters.vendor);
    return documentFilter(filters, this.documents, (key) => this.valuesOfView.get(key)!).accepts;
  }
  /** Always ranges (never undefined): with no filter set, the visible rows. */
  override filterRows(filters: SearchFilters): RowRanges {
    const accepts = this.filterPredicate(filters);
    if (!FILTER_KEYS.some((key) => filters[key] !== undefined && filters[key].length > 0)) return this.visibleRows;
    return rowRanges(this.documents.filter((document) => accepts(document)).map((document) => this.rowsOf(document)));
  }

  /** Refuses a vendor filter outside this view's vendors, the same way whether or not the vendor exists. */
  private checkVendors(requested: SearchFilters['vendor']): void {
    const outside = (Array.isArray(requested) ? requested : requested === undefined ? [] : [requested]).filter((vendor) => !this.vendors.has(vendor));
    if (outside.length === 0) return;
    const allowed = [...this.vendors].sort();
    throw new McdeweyError('VENDOR_NOT_ALLOWED', `vendor ${outside.map((vendor) => `"${vendor}"`).join(', ')} is not allowed for this access; allowed: ${allowed.join(', ') || 'none'}`, {
      details: { parameter: 'vendor', unknown: outside, valid: allowed },
    });
  }

  private rowsOf(document: DocumentRecord): [number, number] {
    const first = this.base.rowOf(`${document.id}::0`);
    return first === undefined ? [0, 0] : [first, first + document.chunkCount];
  }

  /** The row, when it belongs to a visible document (search legs never return others). */
  private visible(row: number): number {
    if (!rowRangesHas(this.visibleRows, row)) throw new RangeError(`row ${row} is not in this view of the index`);
    return row;
  }

  /** Malformed ids fail as in any library; a hidden vendor's id as an unknown one. */
  private requireVisibleChunk(id: string): void {
    const { vendor } = parseChunkId(id);
    if (!this.vendors.has(vendor) || this.rowOf(id) === undefined) throw chunkNotFound(id, this.dir);
  }
}

/** The manifest as the view's: counts and document entries of the visible documents only. */
function scopedManifest(manifest: Manifest, documents: readonly DocumentRecord[]): Manifest {
  const entries = Object.fromEntries(documents.filter((document) => manifest.documents[document.id]).map((document) => [document.id, manifest.documents[document.id]!]));
  return {
    ...manifest,
    counts: {
      documents: documents.length,
      chunks: documents.reduce((sum, document) => sum + document.chunkCount, 0),
      pages: documents.reduce((sum, document) => sum + (document.pageCount ?? 0), 0),
      vendors: new Set(documents.map((document) => document.vendor)).size,
      versions: new Set(documents.map((document) => `${document.vendor}\n${document.version}`)).size,
    },
    documents: entries,
  };
}

/**
 * The dictionary as the visible rows know it: a word only hidden documents hold is unknown, and a
 * correction only to such a word is not offered (it would tell that they hold it).
 */
function scopedSpelling(lexical: () => LexicalIndex, visible: RowRanges): SpellingDictionary {
  // Corrections ask for the same words (and their one-edit variants) query after query.
  const known = new Map<string, number>();
  const frequencyOf = (term: string) => {
    let frequency = known.get(term);
    if (frequency === undefined) {
      if (known.size >= 50_000) known.clear();
      known.set(term, (frequency = lexical().termFrequencyIn(term, visible)));
    }
    return frequency;
  };
  return {
    termFrequency: frequencyOf,
    closestTerm: (term, edits, minFrequency): ClosestTerm | null => {
      const closest = lexical().closestTerm(term, edits, minFrequency);
      if (!closest) return null;
      const frequency = frequencyOf(closest.term);
      return frequency > 0 && frequency >= minFrequency ? { ...closest, frequency } : null;
    },
  };
}
