import type { ChunkRecord, SearchFilters, SearchMode, SearchOptions, SearchResponse, SearchResult } from '@mcdewey/core';
import {
  DocumentRows,
  SPELLING_SETTINGS,
  allowedEdits,
  documentFilter,
  listedSpellingDictionary,
  vendorCatalogOf,
  searchSource,
  termNormalizer,
  termSequence,
  type LegHit,
  type NormalizeTerm,
  type RankingSettings,
  type SearchSource,
  type SemanticStatus,
  type CorrectionList,
  type SpellingDictionary,
  type VendorCatalog,
} from '@mcdewey/core/ranking';
import { ByteReader, SITE_FILES, SITE_FORMAT_VERSION, documentPagePath, termShardOf, type ChunkBlock, type DocumentTable, type SiteInfo } from '../format.js';
import { TermShard, scoreBm25 } from './lexical.js';
import { VectorShard } from './vectors.js';

/** How the engine reads the site's data files (fetch in the browser, the file system in tests). */
export interface SiteLoader {
  /** Parsed JSON of a site-relative path. */
  json<T>(path: string): Promise<T>;
  /** Bytes of a site-relative path. */
  bytes(path: string): Promise<Uint8Array>;
}

// The site's search takes and gives what core's does (type-only imports: nothing of core's main entry is bundled).
export type StaticFilters = SearchFilters;
export type StaticSearchMode = SearchMode;
/** Options of {@link StaticLibrary.search}: core's `search` options, with the same defaults. */
export type StaticSearchOptions = SearchOptions;

/** A chunk as the site stores it: core's `ChunkRecord` less its offsets and hash. */
export type StaticChunk = Omit<ChunkRecord, 'start' | 'end' | 'hash'>;

/** One result: core's `SearchResult` (a type-only import, nothing of core's main entry is bundled). */
export type StaticSearchResult = SearchResult;

/** What a search returns: core's `SearchResponse`. */
export type StaticSearchResponse = SearchResponse;

/** A document as the site's table describes it. */
export interface StaticDocument {
  index: number;
  id: string;
  vendor: string;
  version: string;
  group: string;
  doc: string;
  firstRow: number;
  chunkCount: number;
  /** Pages of a PDF; absent for documents without pages. */
  pageCount?: number;
  /** Site-relative path of the document page. */
  path: string;
}

/** Errors of the site's own data (search input errors are core's `McdeweyError`s); `code` mirrors core's codes. */
export class StaticSearchError extends Error {
  constructor(
    readonly code: 'CHUNK_NOT_FOUND' | 'INVALID_CHUNK_ID' | 'SITE_FORMAT_UNSUPPORTED',
    message: string,
  ) {
    super(message);
    this.name = 'StaticSearchError';
  }
}

/**
 * The site's library: a {@link SearchSource} over data loaded on demand (term shards for the
 * query's terms, chunk blocks for the results shown, vector shards for the vendors/versions
 * searched), so that core's own `searchSource` runs the search: the same results as
 * `mcdewey search`: vendor and version names in the query read the same way, misspelt words
 * corrected from the same dictionary (the words a correction may lead to ship in one small file),
 * the same match floor.
 */
export class StaticLibrary implements SearchSource<(row: number) => boolean> {
  readonly normalize: NormalizeTerm;
  readonly documents: StaticDocument[];
  private readonly documentById = new Map<string, StaticDocument>();
  /** The documents' rows: the exporter wrote them consecutive, in document order. */
  private readonly documentRows: DocumentRows;
  private readonly shards = new Map<number, Promise<TermShard>>();
  private readonly blocks = new Map<number, Promise<ChunkBlock>>();
  private readonly vectorShards = new Map<string, Promise<VectorShard>>();
  private readonly sameText: Map<number, number>;
  private embedder: ((text: string) => Promise<Float32Array>) | undefined;
  private catalog: VendorCatalog | undefined;
  private corrections: Promise<CorrectionList> | undefined;
  readonly chunkCount: number;
  readonly rankingSettings: RankingSettings;

  private constructor(
    readonly site: SiteInfo,
    readonly table: DocumentTable,
    duplicates: Uint8Array,
    private readonly loader: SiteLoader,
  ) {
    this.normalize = termNormalizer(site.lexical.stopWords);
    this.documents = table.documents.map(([vendor, version, group, doc, firstRow, chunkCount, pageCount], index) => {
      const key = { vendor: table.vendors[vendor]!, version: table.versions[version]!, group: table.groups[group]!, doc };
      return { index, id: `${key.vendor}::${key.version}::${key.group}::${key.doc}`, ...key, firstRow, chunkCount, ...(pageCount ? { pageCount } : {}), path: documentPagePath(key) };
    });
    for (const document of this.documents) this.documentById.set(document.id, document);
    this.documentRows = new DocumentRows(this.documents);
    this.sameText = decodeDuplicates(duplicates);
    this.chunkCount = site.lexical.documentCount;
    this.rankingSettings = site.ranking;
  }

  /** Loads `site.json`, the document table and the duplicate groups (what every query needs). */
  static async open(loader: SiteLoader): Promise<StaticLibrary> {
    const site = await loader.json<SiteInfo>(SITE_FILES.site);
    if (site.format !== SITE_FORMAT_VERSION) {
      throw new StaticSearchError('SITE_FORMAT_UNSUPPORTED', `This site's data has format ${site.format}; this page reads format ${SITE_FORMAT_VERSION}. Re-export the site.`);
    }
    const [table, duplicates] = await Promise.all([loader.json<DocumentTable>(SITE_FILES.documents), loader.bytes(SITE_FILES.duplicates)]);
    return new StaticLibrary(site, table, duplicates, loader);
  }

  /** Gives the library a query embedder (the site's model), enabling semantic and hybrid modes. */
  useEmbedder(embedQuery: ((text: string) => Promise<Float32Array>) | undefined): void {
    this.embedder = embedQuery;
  }

  /** The modes this library can serve now. */
  availableModes(): StaticSearchMode[] {
    return this.semanticStatus().ready ? ['hybrid', 'lexical', 'semantic'] : ['lexical'];
  }

  /** Searches exactly as core's `search` does (see the class comment). */
  search(query: string, options: StaticSearchOptions = {}): Promise<StaticSearchResponse> {
    return searchSource(this, query, options);
  }

  /** The document holding a row. */
  documentOfRow(row: number): StaticDocument {
    return this.documents[this.documentRows.documentIndexOf(row)]!;
  }

  /** A document by id (`vendor::version::group::doc`). */
  getDocument(id: string): StaticDocument | undefined {
    return this.documentById.get(id);
  }

  // The SearchSource side, for core's `searchSource`.

  semanticStatus(): SemanticStatus {
    const semantic = this.site.semantic;
    if (semantic && this.embedder) return { ready: true, modelId: semantic.fingerprint.modelId };
    return { ready: false, hasVectors: semantic !== null, why: semantic ? 'the embedding model did not load in this browser' : 'this site was exported without an embedding model' };
  }

  filterRows(filters: StaticFilters): ((row: number) => boolean) | undefined {
    const { accepts, active } = documentFilter(filters, this.documents);
    if (!active) return undefined;
    const passing = this.documents.map((document) => accepts(document));
    return (row) => passing[this.documentOfRow(row).index]!;
  }

  vendorCatalog(): VendorCatalog {
    this.catalog ??= vendorCatalogOf(this.documents);
    return this.catalog;
  }

  async termFrequencies(terms: readonly string[]): Promise<number[]> {
    const postingsOf = await this.postingsLookup(terms);
    return terms.map((term) => Math.max(0, ...(postingsOf(term) ?? []).map((field) => field?.rows.length ?? 0)));
  }

  async lexicalSearch(text: string, rows: ((row: number) => boolean) | undefined, k: number): Promise<LegHit[]> {
    const tokens = termSequence(text, this.normalize);
    return scoreBm25(tokens, await this.postingsLookup(tokens), this.site.lexical, k, rows);
  }

  async markMatches(text: string, rows: ((row: number) => boolean) | undefined, marks: Uint8Array): Promise<void> {
    const tokens = termSequence(text, this.normalize);
    const postingsOf = await this.postingsLookup(tokens);
    for (const term of tokens) {
      for (const postings of postingsOf(term) ?? []) {
        for (const row of postings?.rows ?? []) if (!rows || rows(row)) marks[row] = 1;
      }
    }
  }

  /**
   * The frequencies of the query's terms come from their shards; only when one of them is rare
   * enough to be corrected is the list of words a correction may lead to loaded (once).
   */
  async spellingFor(query: string): Promise<SpellingDictionary> {
    const terms = [...new Set(termSequence(query, this.normalize))];
    const frequencies = await this.termFrequencies(terms);
    const known = new Map(terms.map((term, i) => [term, frequencies[i]!]));
    const correctable = terms.some((term) => known.get(term)! <= SPELLING_SETTINGS.rareFrequency && allowedEdits(term) > 0);
    const list = correctable ? await this.correctionList() : { terms: [], frequencies: [] };
    return listedSpellingDictionary(list, known);
  }

  embedQuery(text: string): Promise<Float32Array> {
    return this.embedder!(text);
  }

  async vectorSearch(vector: Float32Array, rows: ((row: number) => boolean) | undefined, k: number): Promise<LegHit[]> {
    const semantic = this.site.semantic!;
    const wanted = semantic.shards.filter(
      (shard) =>
        !rows ||
        shard.rows.some(([first, count]) => {
          for (let row = first!; row < first! + count!; row++) if (rows(row)) return true;
          return false;
        }),
    );
    const shards = await Promise.all(wanted.map((shard) => this.vectorShard(shard.path, shard.rows, semantic.fingerprint.dimensions, semantic.precision)));
    const hits: LegHit[] = [];
    for (const shard of shards) shard.scoreInto(vector, hits, rows);
    return hits.sort((a, b) => b.score - a.score || a.row - b.row).slice(0, k);
  }

  chunkIdAt(row: number): string {
    const document = this.documentOfRow(row);
    return `${document.id}::${row - document.firstRow}`;
  }

  sameTextKey(row: number): string {
    const group = this.sameText.get(row);
    return group === undefined ? `r${row}` : `g${group}`;
  }

  /** The chunk at a row (loads its block). */
  async chunkAt(row: number): Promise<StaticChunk> {
    const size = this.site.rowsPerBlock;
    const block = await this.chunkBlock(Math.floor(row / size));
    const entry = block.chunks[row - block.first];
    if (!entry) throw new StaticSearchError('CHUNK_NOT_FOUND', `No chunk at row ${row}`);
    const [ref, n, headings, page, pageEnd, text, pageLabel, pageLabelEnd] = entry;
    const [documentIndex, title, source] = block.documents[ref]!;
    const document = this.documents[documentIndex]!;
    return {
      id: `${document.id}::${n}`,
      vendor: document.vendor,
      version: document.version,
      group: document.group,
      doc: document.doc,
      n,
      title,
      source,
      headings,
      ...(page > 0 ? { page, ...(pageEnd > 0 ? { pageEnd } : {}), ...(pageLabel !== undefined ? { pageLabel, ...(pageLabelEnd ? { pageLabelEnd } : {}) } : {}) } : {}),
      text,
      ...(block.code?.[row - block.first] ? { code: block.code[row - block.first] } : {}),
      ...(block.sourceUrls?.[row - block.first] ? { sourceUrl: block.sourceUrls[row - block.first] } : {}),
    };
  }

  /**
   * The row of a chunk id.
   * @throws StaticSearchError `INVALID_CHUNK_ID` or `CHUNK_NOT_FOUND`.
   */
  rowOf(id: string): number {
    const parts = id.split('::');
    const n = Number(parts[4]);
    if (parts.length !== 5 || !/^\d+$/.test(parts[4] ?? '')) {
      throw new StaticSearchError('INVALID_CHUNK_ID', `"${id}" is not a chunk id (vendor::version::group::doc::n)`);
    }
    const document = this.documentById.get(parts.slice(0, 4).join('::'));
    if (!document || n >= document.chunkCount) throw new StaticSearchError('CHUNK_NOT_FOUND', `No chunk "${id}" on this site`);
    return document.firstRow + n;
  }

  /** Loads the term shards of `terms` and returns a lookup of their postings. */
  private async postingsLookup(terms: readonly string[]): Promise<(term: string) => ReturnType<TermShard['postings']>> {
    const count = this.site.lexical.shards;
    const loaded = await Promise.all([...new Set(terms.map((term) => termShardOf(term, count)))].map(async (shard) => [shard, await this.termShard(shard)] as const));
    const byShard = new Map(loaded);
    return (term) => byShard.get(termShardOf(term, count))!.postings(term);
  }

  private correctionList(): Promise<CorrectionList> {
    if (!this.corrections) {
      this.corrections = this.loader.json<CorrectionList>(SITE_FILES.spelling);
      this.corrections.catch(() => (this.corrections = undefined));
    }
    return this.corrections;
  }

  private termShard(shard: number): Promise<TermShard> {
    let pending = this.shards.get(shard);
    if (!pending) {
      pending = this.loader.bytes(SITE_FILES.termShard(shard)).then((data) => new TermShard(data, this.site.lexical.fields.length));
      pending.catch(() => this.shards.delete(shard));
      this.shards.set(shard, pending);
    }
    return pending;
  }

  private chunkBlock(block: number): Promise<ChunkBlock> {
    let pending = this.blocks.get(block);
    if (!pending) {
      pending = this.loader.json<ChunkBlock>(SITE_FILES.chunkBlock(block));
      pending.catch(() => this.blocks.delete(block));
      this.blocks.set(block, pending);
    }
    return pending;
  }

  private vectorShard(path: string, rows: number[][], dims: number, precision: 'int8' | 'float32'): Promise<VectorShard> {
    let pending = this.vectorShards.get(path);
    if (!pending) {
      pending = this.loader.bytes(path).then((data) => new VectorShard(data, rows, dims, precision));
      pending.catch(() => this.vectorShards.delete(path));
      this.vectorShards.set(path, pending);
    }
    return pending;
  }
}

/** `dups.bin`: group count, then per group its size and delta-coded rows. Returns row → group. */
function decodeDuplicates(data: Uint8Array): Map<number, number> {
  const groups = new Map<number, number>();
  if (data.length === 0) return groups;
  const reader = new ByteReader(data);
  const count = reader.varint();
  for (let group = 0; group < count; group++) {
    const size = reader.varint();
    let row = 0;
    for (let i = 0; i < size; i++) {
      row += reader.varint();
      groups.set(row, group);
    }
  }
  return groups;
}
