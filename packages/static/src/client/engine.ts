import type { SearchFilters, SearchMode, SearchOptions, SearchResult } from '@mcdewey/core';
import { diversify, moreItem, nearlyIdentical, resultItem, reciprocalRankFusion, type DiversifiedRow, type DiversifyOptions, type FusedHit, type LegHit, type LegName, type RowIdentity } from '@mcdewey/core/ranking';
import { ByteReader, SITE_FILES, SITE_FORMAT_VERSION, documentPagePath, termShardOf, type ChunkBlock, type DocumentTable, type SiteInfo } from '../format.js';
import { TermShard, scoreBm25 } from './lexical.js';
import { distinctTerms, queryTokens, termNormalizer, type NormalizeTerm } from './terms.js';
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

/** A chunk as the site stores it (core's ChunkRecord less offsets and hash). */
export interface StaticChunk {
  id: string;
  vendor: string;
  version: string;
  group: string;
  doc: string;
  n: number;
  title: string;
  source: string;
  headings: string[];
  page?: number;
  pageEnd?: number;
  text: string;
}

/** One result: core's `SearchResult` (a type-only import, nothing of core's main entry is bundled). */
export type StaticSearchResult = SearchResult;

export interface StaticSearchResponse {
  query: string;
  mode: StaticSearchMode;
  results: StaticSearchResult[];
  embedder?: string;
  notice?: string;
}

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
  /** Site-relative path of the document page. */
  path: string;
}

/** Errors of the static engine; `code` mirrors core's codes. */
export class StaticSearchError extends Error {
  constructor(readonly code: 'INVALID_ARGUMENT' | 'CHUNK_NOT_FOUND' | 'INVALID_CHUNK_ID' | 'SITE_FORMAT_UNSUPPORTED', message: string) {
    super(message);
    this.name = 'StaticSearchError';
  }
}

const MAX_QUERY_LENGTH = 1000;
const MAX_LIMIT = 200;
const FILTER_KEYS = ['vendor', 'version', 'group', 'doc'] as const;

/**
 * The site's library: the same search as core's `search` with `interpret: false, correct: false`
 * (BM25 with filters inside scoring, one result per document with its other matching chunks
 * under `more`, identical and near-identical chunks of other versions folded, snippets), over
 * data loaded on demand: term shards for the query's terms, chunk blocks for the results shown,
 * vector shards for the vendors/versions searched. It reads no vendor or version names in the
 * query and corrects no spelling (both need the index's dictionary, which the site does not carry).
 */
export class StaticLibrary {
  readonly normalize: NormalizeTerm;
  readonly documents: StaticDocument[];
  private readonly documentById = new Map<string, StaticDocument>();
  private readonly firstRows: number[];
  private readonly shards = new Map<number, Promise<TermShard>>();
  private readonly blocks = new Map<number, Promise<ChunkBlock>>();
  private readonly vectorShards = new Map<string, Promise<VectorShard>>();
  private readonly sameText: Map<number, number>;
  private embedQuery: ((text: string) => Promise<Float32Array>) | undefined;

  private constructor(readonly site: SiteInfo, readonly table: DocumentTable, duplicates: Uint8Array, private readonly loader: SiteLoader) {
    this.normalize = termNormalizer(site.lexical.stopWords);
    this.documents = table.documents.map(([vendor, version, group, doc, firstRow, chunkCount], index) => {
      const key = { vendor: table.vendors[vendor]!, version: table.versions[version]!, group: table.groups[group]!, doc };
      return { index, id: `${key.vendor}::${key.version}::${key.group}::${key.doc}`, ...key, firstRow, chunkCount, path: documentPagePath(key) };
    });
    for (const document of this.documents) this.documentById.set(document.id, document);
    this.firstRows = this.documents.map((document) => document.firstRow);
    this.sameText = decodeDuplicates(duplicates);
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
    this.embedQuery = embedQuery;
  }

  /** The modes this library can serve now. */
  availableModes(): StaticSearchMode[] {
    return this.site.semantic && this.embedQuery ? ['hybrid', 'lexical', 'semantic'] : ['lexical'];
  }

  /** The document holding a row. */
  documentOfRow(row: number): StaticDocument {
    let low = 0;
    let high = this.firstRows.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.firstRows[middle]! <= row) low = middle;
      else high = middle - 1;
    }
    return this.documents[low]!;
  }

  /** A document by id (`vendor::version::group::doc`). */
  getDocument(id: string): StaticDocument | undefined {
    return this.documentById.get(id);
  }

  /**
   * A row filter for the given filters, rejecting unknown values the way core does.
   * @throws StaticSearchError `INVALID_ARGUMENT` naming the unknown value and the valid ones.
   */
  filterPredicate(filters: StaticFilters): (row: number) => boolean {
    const active: { key: (typeof FILTER_KEYS)[number]; values: Set<string> }[] = [];
    for (const key of FILTER_KEYS) {
      const raw = filters[key];
      if (raw === undefined || (Array.isArray(raw) && raw.length === 0)) continue;
      const values = new Set(Array.isArray(raw) ? raw : [raw]);
      const known = new Set(this.documents.map((document) => document[key]));
      const unknown = [...values].filter((value) => !known.has(value));
      if (unknown.length > 0) {
        const valid = [...known].sort();
        const shown = valid.length > 30 ? `${valid.slice(0, 30).join(', ')}, … (${valid.length} in all)` : valid.join(', ');
        throw new StaticSearchError('INVALID_ARGUMENT', `Unknown ${key} "${unknown.join('", "')}"; the index has: ${shown}`);
      }
      active.push({ key, values });
    }
    if (active.length === 0) return () => true;
    const passing = this.documents.map((document) => active.every(({ key, values }) => values.has(document[key])));
    return (row) => passing[this.documentOfRow(row).index]!;
  }

  /** Searches like core's `search` (see the class comment). */
  async search(query: string, options: StaticSearchOptions = {}): Promise<StaticSearchResponse> {
    const text = validateQuery(query);
    const limit = validateLimit(options.limit ?? 10);
    const accepts = this.filterPredicate(options.filters ?? {});
    const filtered = FILTER_KEYS.some((key) => options.filters?.[key] !== undefined && [options.filters[key]].flat().length > 0);
    const { mode, notice } = this.chooseMode(options.mode);
    const grouping = {
      maxPerDocument: options.maxPerDocument ?? ([(options.filters ?? {}).doc ?? []].flat().length > 0 ? 0 : 1),
      collapseDuplicates: options.collapseDuplicates ?? true,
      moreLimit: options.moreLimit ?? 3,
    };
    const vector = mode === 'lexical' ? undefined : await this.embedQuery!(text);
    const embedder = vector ? this.site.semantic!.fingerprint.modelId : undefined;

    // As core does: when grouping leaves fewer than `limit` results while a leg had more to give, ask for more.
    let candidates = Math.max(50, limit * (options.overfetch ?? 5));
    let run: { fused: FusedHit[]; exhausted: boolean };
    let kept: DiversifiedRow[];
    for (let attempt = 0; ; attempt++) {
      run = await this.fusedHits(text, mode, vector, candidates, accepts, filtered, options);
      kept = await this.diversified(run.fused.map((hit) => hit.row), limit, grouping);
      if (kept.length >= limit || !run.exhausted || attempt === 2 || candidates >= this.site.lexical.documentCount) break;
      candidates *= 4;
    }
    const byRow = new Map(run.fused.map((hit) => [hit.row, hit]));

    const terms = distinctTerms(text, this.normalize);
    const chunks = await Promise.all(kept.map(({ row }) => this.chunkAt(row)));
    const moreChunks = await Promise.all(kept.map(({ more }) => Promise.all(more.map((row) => this.chunkAt(row)))));
    const results = kept.map(({ row, duplicates, more }, i) => {
      const hit = byRow.get(row)!;
      const result: StaticSearchResult = resultItem(chunks[i]!, hit.score, terms, this.normalize, options.snippetLength ?? 240);
      if (duplicates.length > 0) {
        result.alsoIn = duplicates.map((other) => {
          const document = this.documentOfRow(other);
          return { id: `${document.id}::${other - document.firstRow}`, version: document.version };
        });
      }
      if (more.length > 0) result.more = more.map((other, j) => moreItem(moreChunks[i]![j]!, byRow.get(other)!.score, terms, this.normalize));
      if (options.explain) result.explain = hit.legs;
      return result;
    });
    return { query: text, mode, results, ...(embedder ? { embedder } : {}), ...(notice ? { notice } : {}) };
  }

  /** The lexical and semantic legs for `candidates` hits each, fused; `exhausted` when a leg filled them all. */
  private async fusedHits(
    text: string,
    mode: SearchMode,
    vector: Float32Array | undefined,
    candidates: number,
    accepts: (row: number) => boolean,
    filtered: boolean,
    options: StaticSearchOptions,
  ): Promise<{ fused: FusedHit[]; exhausted: boolean }> {
    const legs: { name: LegName; hits: LegHit[]; weight: number }[] = [];
    if (mode !== 'semantic') {
      const tokens = queryTokens(text, this.normalize);
      const shards = await Promise.all([...new Set(tokens.map((term) => termShardOf(term, this.site.lexical.shards)))].map((shard) => this.termShard(shard).then((data) => [shard, data] as const)));
      const byShard = new Map(shards);
      const postingsOf = (term: string) => byShard.get(termShardOf(term, this.site.lexical.shards))!.postings(term);
      const hits = scoreBm25(tokens, postingsOf, this.site.lexical, candidates, filtered ? accepts : undefined);
      legs.push({ name: 'lexical', hits, weight: options.weights?.lexical ?? this.site.semantic?.weights?.lexical ?? 1 });
    }
    if (vector) legs.push({ name: 'semantic', hits: await this.semanticHits(vector, candidates, accepts, filtered), weight: options.weights?.semantic ?? this.site.semantic?.weights?.semantic ?? 1 });
    const fused: FusedHit[] = legs.length === 1 ? legs[0]!.hits.map((hit, index) => ({ row: hit.row, score: hit.score, legs: { [legs[0]!.name]: { rank: index + 1, score: hit.score } } })) : reciprocalRankFusion(legs, options.rrfK ?? this.site.semantic?.rrfK ?? 60);
    return { fused, exhausted: legs.some((leg) => leg.hits.length >= candidates) };
  }

  /**
   * Core's `diversify` over the fused rows, with near-identical chunks of one document's versions
   * folded as core folds them. Comparing texts needs their chunk blocks, so it runs until every
   * comparison it made had both texts at hand, loading the missing ones between runs: the final
   * run makes the very decisions core makes, and only the texts it compares are ever loaded.
   */
  private async diversified(rows: readonly number[], limit: number, options: Omit<DiversifyOptions, 'nearDuplicate'>): Promise<DiversifiedRow[]> {
    const texts = new Map<number, string>();
    const identify = (row: number): RowIdentity => {
      const group = this.sameText.get(row);
      const document = this.documentOfRow(row);
      return { document: document.index, hash: group === undefined ? `r${row}` : `g${group}`, family: `${document.vendor}/${document.group}/${document.doc}` };
    };
    for (;;) {
      const missing = new Set<number>();
      const kept = diversify(rows, identify, limit, {
        ...options,
        nearDuplicate: (a, b) => {
          const left = texts.get(a);
          const right = texts.get(b);
          if (left === undefined) missing.add(a);
          if (right === undefined) missing.add(b);
          return left !== undefined && right !== undefined && nearlyIdentical(left, right);
        },
      });
      if (missing.size === 0) return kept;
      await Promise.all([...missing].map(async (row) => texts.set(row, (await this.chunkAt(row)).text)));
    }
  }

  /** The chunk at a row (loads its block). */
  async chunkAt(row: number): Promise<StaticChunk> {
    const size = this.site.rowsPerBlock;
    const block = await this.chunkBlock(Math.floor(row / size));
    const entry = block.chunks[row - block.first];
    if (!entry) throw new StaticSearchError('CHUNK_NOT_FOUND', `No chunk at row ${row}`);
    const [ref, n, headings, page, pageEnd, text] = entry;
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
      ...(page > 0 ? { page, ...(pageEnd > 0 ? { pageEnd } : {}) } : {}),
      text,
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

  private chooseMode(requested: StaticSearchMode | undefined): { mode: StaticSearchMode; notice?: string } {
    if (requested !== undefined && !['lexical', 'semantic', 'hybrid'].includes(requested)) {
      throw new StaticSearchError('INVALID_ARGUMENT', `mode must be lexical, semantic or hybrid, got "${String(requested)}"`);
    }
    if (this.site.semantic && this.embedQuery) return { mode: requested ?? 'hybrid' };
    // As in core: asking for lexical, or for nothing on a site without vectors, is not a fallback.
    if (requested === 'lexical' || (requested === undefined && !this.site.semantic)) return { mode: 'lexical' };
    const why = this.site.semantic ? 'the embedding model did not load in this browser' : 'this site was exported without an embedding model';
    return { mode: 'lexical', notice: `${requested ?? 'hybrid'} search is unavailable: ${why}; showing lexical results` };
  }

  private async semanticHits(query: Float32Array, k: number, accepts: (row: number) => boolean, filtered: boolean): Promise<LegHit[]> {
    const semantic = this.site.semantic!;
    const wanted = semantic.shards.filter((shard) => !filtered || shard.rows.some(([first, count]) => {
      for (let row = first!; row < first! + count!; row++) if (accepts(row)) return true;
      return false;
    }));
    const shards = await Promise.all(wanted.map((shard) => this.vectorShard(shard.path, shard.rows, semantic.fingerprint.dimensions, semantic.precision)));
    const hits: LegHit[] = [];
    for (const shard of shards) shard.scoreInto(query, hits, filtered ? accepts : undefined);
    return hits.sort((a, b) => b.score - a.score || a.row - b.row).slice(0, k);
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

function validateQuery(query: unknown): string {
  if (typeof query !== 'string' || query.trim().length === 0) throw new StaticSearchError('INVALID_ARGUMENT', 'query must be a non-empty string');
  if (query.length > MAX_QUERY_LENGTH) throw new StaticSearchError('INVALID_ARGUMENT', `query is ${query.length} characters; the limit is ${MAX_QUERY_LENGTH}`);
  return query.trim();
}

function validateLimit(limit: unknown): number {
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new StaticSearchError('INVALID_ARGUMENT', `limit must be an integer from 1 to ${MAX_LIMIT}, got ${String(limit)}`);
  }
  return limit;
}
